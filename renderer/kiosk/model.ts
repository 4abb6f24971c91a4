import type {
  AgendaEvent,
  AirDoc,
  KioskDoc,
  KioskPage,
  KioskSectionBlock,
  KioskTile,
} from '../ui/api-types.ts';

/**
 * Reading kiosk content the way the screen needs it. Content is data from the control
 * room (checked by the agent, but possibly from an older agent or hand-edited): every
 * function here tolerates missing parts and never throws.
 */

export function findPage(doc: KioskDoc | null, pageId: string): KioskPage | undefined {
  return doc?.kiosk?.pages?.find((p) => p.id === pageId);
}

/** The air-quality tile: it opens the air page (or, in older content, has the air icon). */
export function isAirTile(doc: KioskDoc, tile: KioskTile): boolean {
  return findPage(doc, tile.page)?.type === 'air' || tile.icon === 'air';
}

type ShownAir = AirDoc & { ispu: NonNullable<AirDoc['ispu']>; reading: NonNullable<AirDoc['reading']> };

/** True when there is a reading worth showing: the sensor works and has measured. */
export function airShown(air: AirDoc | null): air is ShownAir {
  return !!air && air.available && air.ispu !== null && air.reading !== null;
}

/**
 * The tiles to show now. The air tile is left out while the sensor has nothing
 * trustworthy to say (faulty, or no reading yet): an old number would mislead.
 */
export function visibleTiles(doc: KioskDoc, air: AirDoc | null): KioskTile[] {
  const tiles = Array.isArray(doc.kiosk?.tiles) ? doc.kiosk.tiles : [];
  return tiles.filter((tile) => !isAirTile(doc, tile) || airShown(air));
}

/** Sections of a page of any type, when it has a well-formed list of them. */
export function sectionsOf(page: KioskPage): KioskSectionBlock[] {
  const sections = (page as { sections?: unknown }).sections;
  if (!Array.isArray(sections)) return [];
  return sections.filter(
    (s): s is KioskSectionBlock => !!s && typeof s === 'object' && !!(s as KioskSectionBlock).body,
  );
}

/**
 * Agenda events worth showing on `today` ("YYYY-MM-DD", the pole's date): dated events that
 * have not ended, soonest first, then the recurring ones in the order given.
 */
export function upcomingEvents(events: readonly AgendaEvent[], today: string): AgendaEvent[] {
  const day = (s: string | undefined) => s?.slice(0, 10);
  const dated = events
    .filter((e) => e.start && (day(e.end ?? e.start) ?? '') >= today)
    .sort((a, b) => (a.start ?? '').localeCompare(b.start ?? ''));
  const recurring = events.filter((e) => !e.start && e.when);
  return [...dated, ...recurring];
}

/** The known page types; anything else gets the fallback view. */
export const PAGE_TYPES = [
  'text',
  'services',
  'places',
  'agenda',
  'contacts',
  'wifi',
  'air',
  'speaker',
] as const;
export type PageType = (typeof PAGE_TYPES)[number];

export function pageType(page: KioskPage): PageType | 'unknown' {
  const type = page.type ?? 'text';
  return (PAGE_TYPES as readonly string[]).includes(type) ? (type as PageType) : 'unknown';
}

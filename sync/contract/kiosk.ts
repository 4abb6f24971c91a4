import { z } from 'zod';

/**
 * The desired state's `kiosk` section: what the touchscreen shows passers-by.
 *
 * Texts are bilingual but forgiving: a page written in only one language is shown in
 * that language on both sides of the toggle (a missing translation must never hide
 * a public-service notice). Page types this build does not know are accepted — a
 * newer control room may send them — and the kiosk shows their sections, or a
 * polite "not on this screen" note; it never fails the whole section for them.
 */

/** Kiosk page and tile ids: also used in URLs and test selectors. */
const kioskId = z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be 1 to 64 characters of a-z, 0-9 and "-"');
/** A content-library id (the desired `content` list) of an image/png, image/jpeg or image/webp. */
const contentRef = z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be a content id from the content list');

/** A bilingual text where one side may be missing; at least one side has words. */
export function kioskText(max: number) {
  const side = z.string().max(max, `must be at most ${max} characters`).optional();
  return z
    .strictObject({ id: side, en: side })
    .refine((t) => !!t.id?.trim() || !!t.en?.trim(), 'needs text in Indonesian (id) or English (en)');
}
export type KioskText = { id?: string | undefined; en?: string | undefined };

const title = kioskText(160);
const line = kioskText(400);
const body = kioskText(4000);

export const kioskImageSchema = z.strictObject({ content: contentRef, alt: line.optional() });

const section = z.strictObject({ heading: title.optional(), body, image: kioskImageSchema.optional() });
const sections = z.array(section).max(50);

const pageBase = { id: kioskId, title, intro: body.optional() };

/** Plain sections of text, each with an optional picture. The type when none is given. */
const textPage = z.strictObject({ ...pageBase, type: z.literal('text').optional(), sections });

/** Public services: what is done there, where, when it is open, and what to bring. */
const servicesPage = z.strictObject({
  ...pageBase,
  type: z.literal('services'),
  services: z
    .array(
      z.strictObject({
        name: title,
        what: body,
        where: line.optional(),
        hours: line.optional(),
        requirements: z.array(line).max(20).optional(),
        phone: z.string().max(40).optional(),
        image: kioskImageSchema.optional(),
      }),
    )
    .min(1)
    .max(50),
});

/** Places to visit. */
const placesPage = z.strictObject({
  ...pageBase,
  type: z.literal('places'),
  places: z
    .array(
      z.strictObject({
        name: title,
        body,
        where: line.optional(),
        hours: line.optional(),
        image: kioskImageSchema.optional(),
      }),
    )
    .min(1)
    .max(50),
});

/** "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM", the pole's local time. */
const localDateTime = z
  .string()
  .regex(
    /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d)?$/,
    'must be YYYY-MM-DD or YYYY-MM-DDTHH:MM (local time)',
  );

/** City events: dated ones are shown from today on, in date order; `when` is for recurring ones ("every Sunday"). */
const agendaPage = z.strictObject({
  ...pageBase,
  type: z.literal('agenda'),
  events: z
    .array(
      z
        .strictObject({
          title,
          start: localDateTime.optional(),
          end: localDateTime.optional(),
          when: line.optional(),
          where: line.optional(),
          body: body.optional(),
          image: kioskImageSchema.optional(),
        })
        .refine((e) => e.start || e.when, 'needs a start date or a when text'),
    )
    .max(100),
});

/** Pages filled from the pole's own data: the section's `contacts`, the hotspot, the air sensor, the speaker. */
const contactsPage = z.strictObject({ ...pageBase, type: z.literal('contacts') });
const wifiPage = z.strictObject({ ...pageBase, type: z.literal('wifi'), sections: sections.optional() });
const airPage = z.strictObject({ ...pageBase, type: z.literal('air'), sections: sections.optional() });
const speakerPage = z.strictObject({ ...pageBase, type: z.literal('speaker') });

const knownPages = {
  text: textPage,
  services: servicesPage,
  places: placesPage,
  agenda: agendaPage,
  contacts: contactsPage,
  wifi: wifiPage,
  air: airPage,
  speaker: speakerPage,
} as const;
export const KIOSK_PAGE_TYPES = Object.keys(knownPages) as (keyof typeof knownPages)[];

/**
 * One page: checked against its type's schema when the type is known; otherwise only the
 * id and title are required, and sections (if any) are checked so the kiosk can show them.
 */
export const kioskPageSchema = z
  .looseObject({ id: kioskId, type: z.string().max(32).optional(), title, sections: z.unknown().optional() })
  .superRefine((page, ctx) => {
    const known = knownPages[(page.type ?? 'text') as keyof typeof knownPages];
    const result = (known ?? z.looseObject({ sections: sections.optional() })).safeParse(page);
    if (result.success) return;
    for (const issue of result.error.issues) {
      ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    }
  });
export type KioskPageWire = z.infer<typeof kioskPageSchema>;

/** Tile icons the kiosk draws; any other name gets a plain tile icon. */
export const KIOSK_ICONS = [
  'services',
  'travel',
  'calendar',
  'phone',
  'wifi',
  'air',
  'speaker',
  'info',
] as const;

export const kioskTileSchema = z.strictObject({
  id: kioskId,
  page: kioskId,
  icon: z.string().max(32).optional(),
  title,
});

export const kioskSectionSchema = z
  .strictObject({
    tiles: z.array(kioskTileSchema).max(48).optional(),
    pages: z.array(kioskPageSchema).max(200).optional(),
    contacts: z
      .array(z.strictObject({ name: title, phone: z.string().min(1).max(40) }))
      .max(100)
      .optional(),
    ticker: z.array(line).max(50).optional(),
    /** The attract screen after the idle reset; defaults to the ticker and a "touch to start". */
    attract: z
      .strictObject({ headline: title.optional(), lines: z.array(line).max(10).optional() })
      .optional(),
  })
  .superRefine((kiosk, ctx) => {
    const pageIds = new Set<string>();
    for (const [i, page] of (kiosk.pages ?? []).entries()) {
      if (pageIds.has(page.id))
        ctx.addIssue({ code: 'custom', message: 'duplicate page id', path: ['pages', i, 'id'] });
      pageIds.add(page.id);
    }
    const tileIds = new Set<string>();
    for (const [i, tile] of (kiosk.tiles ?? []).entries()) {
      if (tileIds.has(tile.id))
        ctx.addIssue({ code: 'custom', message: 'duplicate tile id', path: ['tiles', i, 'id'] });
      tileIds.add(tile.id);
      if (!pageIds.has(tile.page)) {
        ctx.addIssue({
          code: 'custom',
          message: `no page "${tile.page}" in pages`,
          path: ['tiles', i, 'page'],
        });
      }
    }
  });
export type KioskSection = z.infer<typeof kioskSectionSchema>;

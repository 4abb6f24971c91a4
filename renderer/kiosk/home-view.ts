import { pick, t } from '../i18n/index.ts';
import type { AirDoc, KioskDoc } from '../ui/api-types.ts';
import { h } from '../ui/dom.ts';
import { type AirPart, airShown, airTileReading, isAirTile } from './air.ts';
import { tileIcon } from './icons.ts';

/**
 * The home screen: a greeting, the big tiles, and the numbers everyone may need.
 * The air-quality tile shows the live ISPU category, and is left out while the sensor
 * has nothing trustworthy to say (faulty, or no reading yet): `follow` receives the
 * parts that update in place when only the reading changes.
 */
export function homeView(
  doc: KioskDoc,
  openPage: (pageId: string) => void,
  air: AirDoc | null,
  follow: (part: AirPart) => void,
): HTMLElement {
  const content = doc.kiosk;
  if (!content) {
    return h('section', { class: 'home' }, messageBlock(t('kiosk.noContent')), wifiLine(doc));
  }
  const tiles = content.tiles
    .filter((tile) => !isAirTile(tile) || airShown(air))
    .map((tile) => {
      const reading = isAirTile(tile) ? airTileReading() : undefined;
      if (reading) {
        reading.update(air);
        follow(reading);
      }
      return h(
        'button',
        {
          class: ['tile', reading && 'tile-air'],
          attrs: { type: 'button', 'data-tile': tile.id },
          on: { click: () => openPage(tile.page) },
        },
        tileIcon(tile.icon),
        h('span', { class: 'tile-title' }, pick(tile.title)),
        reading?.el,
      );
    });
  return h(
    'section',
    { class: 'home' },
    h(
      'div',
      { class: 'home-intro' },
      h('h1', { class: 'home-title' }, t('kiosk.welcome')),
      h('p', { class: 'home-hint' }, t('kiosk.touchHint')),
    ),
    h(
      'nav',
      { class: ['tiles', tiles.length <= 4 && 'tiles-few'], attrs: { 'aria-label': t('kiosk.menu') } },
      tiles,
    ),
    contactsStrip(doc),
  );
}

function contactsStrip(doc: KioskDoc): HTMLElement | null {
  const contacts = doc.kiosk?.contacts ?? [];
  const wifi = wifiLine(doc);
  if (contacts.length === 0 && !wifi) return null;
  return h(
    'aside',
    { class: 'home-info' },
    contacts.length > 0 &&
      h(
        'div',
        { class: 'contacts' },
        h('h2', { class: 'contacts-title' }, t('kiosk.contacts')),
        h(
          'ul',
          { class: 'contacts-list' },
          contacts.map((c) =>
            h(
              'li',
              { class: 'contact' },
              h('span', { class: 'contact-phone' }, c.phone),
              h('span', { class: 'contact-name' }, pick(c.name)),
            ),
          ),
        ),
      ),
    wifi,
  );
}

function wifiLine(doc: KioskDoc): HTMLElement | null {
  const ssid = doc.wifi?.ssid;
  return ssid ? h('p', { class: 'wifi-line' }, t('kiosk.wifi', { ssid })) : null;
}

export function messageBlock(text: string): HTMLElement {
  return h('div', { class: 'message-block' }, h('p', {}, text));
}

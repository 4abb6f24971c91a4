import { formatDecimal, formatTime, pick, t } from '../i18n/index.ts';
import type { AirDoc, KioskTile } from '../ui/api-types.ts';
import { paintSwatch } from '../ui/colour.ts';
import { h } from '../ui/dom.ts';

/** The tile icon that marks the air-quality tile in the control room's content. */
export const AIR_ICON = 'air';

export function isAirTile(tile: KioskTile): boolean {
  return tile.icon === AIR_ICON;
}

type ShownAir = AirDoc & { ispu: NonNullable<AirDoc['ispu']>; reading: NonNullable<AirDoc['reading']> };

/** True when there is a reading worth showing: the sensor works and has measured. */
export function airShown(air: AirDoc | null): air is ShownAir {
  return !!air && air.available && air.ispu !== null && air.reading !== null;
}

/** A piece of screen that follows the air document in place (no new elements, so a finger on it is not lost). */
export interface AirPart {
  el: HTMLElement;
  update: (air: AirDoc | null) => void;
}

/** The category band and PM2.5 line inside the air tile. */
export function airTileReading(): AirPart {
  const band = h('span', { class: 'air-band' });
  const pm = h('span', { class: 'air-pm' });
  const el = h('span', { class: 'air-tile-reading' }, band, pm);
  const update = (air: AirDoc | null) => {
    if (!airShown(air)) return;
    setText(band, pick(air.ispu.name));
    band.dataset.ispu = air.ispu.key;
    paintSwatch(band, air.ispu.colour);
    setText(pm, t('kiosk.air.pm25', { value: formatDecimal(air.reading.pm25) }));
  };
  return { el, update };
}

/** The "air now" block at the top of the air page: category, numbers, advice; or why there is none. */
export function airNowPanel(timeZone: () => string): AirPart {
  const band = h('p', { class: 'air-band air-band-large' });
  const pm = h('p', { class: 'air-pm' });
  const index = h('p', { class: 'air-index' });
  const advice = h('p', { class: 'air-advice' });
  const at = h('p', { class: 'air-at' });
  const live = h(
    'div',
    { class: 'air-now-live' },
    band,
    h('div', { class: 'air-now-facts' }, pm, index, at),
    advice,
  );
  const missing = h('p', { class: 'air-now-missing' }, t('kiosk.air.unavailable'));
  const el = h('article', { class: 'page-section air-now' }, h('h2', {}, t('kiosk.air.now')), live, missing);
  const update = (air: AirDoc | null) => {
    const shown = airShown(air);
    live.hidden = !shown;
    missing.hidden = shown;
    el.dataset.available = String(shown);
    if (!shown) return;
    setText(band, pick(air.ispu.name));
    band.dataset.ispu = air.ispu.key;
    paintSwatch(band, air.ispu.colour);
    setText(pm, t('kiosk.air.pm25', { value: formatDecimal(air.reading.pm25) }));
    setText(index, t('kiosk.air.index', { n: air.ispu.index }));
    setText(at, t('kiosk.air.measuredAt', { time: formatTime(air.reading.at, timeZone()) }));
    setText(advice, pick(air.ispu.advice));
  };
  return { el, update };
}

// Touch the DOM only on change: readings arrive every second or two while the sensor works.
function setText(el: HTMLElement, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

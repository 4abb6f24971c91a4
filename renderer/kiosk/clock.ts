import { DEFAULT_TIMEZONE, formatDate, formatTime, onLocaleChange, zoneLabel } from '../i18n/index.ts';

/**
 * Date and time in the pole's zone (WIB for Blitar), whatever zone the browser thinks
 * it is in. Ticks on the second boundary so the minute changes when the wall clock does.
 */
export function startClock(dateEl: HTMLElement, timeEl: HTMLElement, timeZone: () => string): void {
  const render = () => {
    const now = Date.now();
    const tz = timeZone() || DEFAULT_TIMEZONE;
    const date = formatDate(now, tz);
    const time = `${formatTime(now, tz)} ${zoneLabel(tz, now)}`;
    // Touch the DOM only on change: a Pi repaints less.
    if (dateEl.textContent !== date) dateEl.textContent = date;
    if (timeEl.textContent !== time) timeEl.textContent = time;
  };
  const tick = () => {
    render();
    setTimeout(tick, 1000 - (Date.now() % 1000) + 5);
  };
  tick();
  onLocaleChange(render);
}

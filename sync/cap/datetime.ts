import { CapError } from './types.js';

/**
 * CAP 1.2 §3.3.2: `YYYY-MM-DDThh:mm:ss` with a numeric offset, e.g. `2026-11-28T10:00:00+07:00`
 * (WIB). Strictly CAP forbids `Z` and writes UTC as `-00:00`; we accept `Z` as well because
 * generic XML tooling emits it and it is unambiguous. A time without any offset is refused:
 * it would be read in the pole's own zone, silently shifting expiry by hours.
 */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([+-])(\d{2}):(\d{2})|Z)$/;

const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysIn = (y: number, month: number) =>
  [31, leap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;

/**
 * Epoch ms of a CAP dateTime. Checked field by field rather than with `Date.parse`, which
 * rolls `2026-02-30` over into March and takes `24:00` as the next day.
 */
export function capDateTime(value: string, field: string): number {
  const m = DATE_TIME.exec(value);
  const bad = (why: string) =>
    new CapError(
      field,
      `${field} "${value}" ${why} (expected a date-time with a time-zone offset, e.g. 2026-11-28T10:00:00+07:00)`,
    );
  if (!m) throw bad('is not a CAP date-time');
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) throw bad('is not a calendar date');
  if (hour > 23 || minute > 59 || second > 59) throw bad('is not a time of day');
  let offsetMin = 0;
  if (m[8] !== undefined) {
    const oh = Number(m[9]);
    const om = Number(m[10]);
    if (om > 59 || oh * 60 + om > 14 * 60) throw bad('has an impossible time-zone offset');
    offsetMin = (m[8] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const ms = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  const local = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, ms));
  // Date.UTC maps years 0–99 to 19xx; setting the year afterwards keeps it literal.
  local.setUTCFullYear(year);
  return local.getTime() - offsetMin * 60_000;
}

/**
 * Calendar arithmetic in a named IANA time zone, independent of the process TZ.
 * Only `Date.UTC`/`getUTC*` and `Intl` with an explicit `timeZone` are used, so the
 * same schedule resolves to the same instants on a Pi set to UTC and on a laptop in WIB.
 */

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A local calendar date, 'YYYY-MM-DD'. */
export type LocalDate = string;

export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Wall-clock fields through Intl: exact, but a few microseconds a call. */
function intlParts(ms: number, timeZone: string): ZonedParts {
  const out: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(ms)) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return {
    year: out.year!,
    month: out.month!,
    day: out.day!,
    hour: out.hour!,
    minute: out.minute!,
    second: out.second!,
  };
}

function intlOffset(ms: number, timeZone: string): number {
  const p = intlParts(ms, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000;
}

const HOUR_MS = 3_600_000;
/** `zone|hour` -> the offset throughout that UTC hour, or NaN when it changes inside it. */
const hourOffsets = new Map<string, number>();

/**
 * Offset of `timeZone` from UTC at an instant, in ms (WIB: +25_200_000).
 * A week of a per-minute rule asks this ten thousand times; offsets change at most
 * once in an hour, so an hour whose two ends agree is looked up once.
 */
export function offsetAt(ms: number, timeZone: string): number {
  const hour = Math.floor(ms / HOUR_MS);
  const id = `${timeZone}|${hour}`;
  let offset = hourOffsets.get(id);
  if (offset === undefined) {
    const first = intlOffset(hour * HOUR_MS, timeZone);
    offset = first === intlOffset((hour + 1) * HOUR_MS - 1000, timeZone) ? first : Number.NaN;
    if (hourOffsets.size >= 20_000) hourOffsets.clear();
    hourOffsets.set(id, offset);
  }
  return Number.isNaN(offset) ? intlOffset(ms, timeZone) : offset;
}

/** Wall-clock fields of an instant in `timeZone`. */
export function zonedParts(ms: number, timeZone: string): ZonedParts {
  const d = new Date(Math.floor(ms / 1000) * 1000 + offsetAt(ms, timeZone));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export const formatDate = (year: number, month: number, day: number): LocalDate =>
  `${pad(year, 4)}-${pad(month)}-${pad(day)}`;

/** The local date of an instant. */
export function localDateOf(ms: number, timeZone: string): LocalDate {
  const p = zonedParts(ms, timeZone);
  return formatDate(p.year, p.month, p.day);
}

/** Seconds since local midnight of an instant (wall clock, so 0..86399). */
export function localSecondsOf(ms: number, timeZone: string): number {
  const p = zonedParts(ms, timeZone);
  return p.hour * 3600 + p.minute * 60 + p.second;
}

function splitDate(date: LocalDate): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number);
  return [y!, m!, d!];
}

/** True for a real calendar date in 'YYYY-MM-DD' form (rejects 2026-02-30). */
export function isLocalDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const [y, m, d] = splitDate(text);
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const [y, m, d] = splitDate(date);
  const t = new Date(Date.UTC(y, m - 1, d) + days * DAY_MS);
  return formatDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

export function weekdayOf(date: LocalDate): Weekday {
  const [y, m, d] = splitDate(date);
  return WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]!;
}

/** 'HH:MM' or 'HH:MM:SS' to seconds since midnight, or undefined when it is no time of day. */
export function parseTimeOfDay(text: string): number | undefined {
  const m = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  const s = m[3] === undefined ? 0 : Number(m[3]);
  if (h > 23 || min > 59 || s > 59) return undefined;
  return h * 3600 + min * 60 + s;
}

/**
 * The instant at which the wall clock in `timeZone` shows `date` + `secondsOfDay`.
 * In zones with daylight saving, a time repeated in autumn resolves to the earlier
 * instant and a time skipped in spring moves forward by the gap (02:30 -> 03:30),
 * so a rule neither fires twice nor silently disappears. WIB has neither case.
 */
export function zonedTimeToEpoch(date: LocalDate, secondsOfDay: number, timeZone: string): number {
  const [y, m, d] = splitDate(date);
  const wall = Date.UTC(y, m - 1, d) + secondsOfDay * 1000;
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  const valid = [...new Set([before, after])]
    .map((offset) => wall - offset)
    .filter((t) => t + offsetAt(t, timeZone) === wall);
  return valid.length > 0 ? Math.min(...valid) : wall - before;
}

/** Midnight at the start of a local date. */
export const startOfLocalDay = (date: LocalDate, timeZone: string): number =>
  zonedTimeToEpoch(date, 0, timeZone);

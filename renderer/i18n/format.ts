import { getLocale, intlTag, type Locale, t } from './locale.ts';

/** The city's zone; the device's own timezone from /api/kiosk overrides it. */
export const DEFAULT_TIMEZONE = 'Asia/Jakarta';

/**
 * Indonesia names its zones the same way in both languages (WIB, WITA, WIT), while
 * Intl gives "GMT+7" in English: so the known zones are named here.
 */
const indonesianZones: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

// Intl formatters are costly to build on a Pi; the clock ticks every second, so keep them.
const cache = new Map<string, Intl.DateTimeFormat>();
function dateTimeFormat(
  locale: Locale,
  timeZone: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let fmt = cache.get(key);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat(intlTag(locale), { ...options, timeZone });
    cache.set(key, fmt);
  }
  return fmt;
}

export function zoneLabel(timeZone: string, at = Date.now()): string {
  const known = indonesianZones[timeZone];
  if (known) return known;
  const parts = dateTimeFormat(getLocale(), timeZone, { timeZoneName: 'short' }).formatToParts(at);
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
}

/** "14.05" (id) or "14:05" (en), 24-hour, in the given zone. */
export function formatTime(at: number, timeZone = DEFAULT_TIMEZONE): string {
  return dateTimeFormat(getLocale(), timeZone, {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
}

/** "Senin, 3 Maret 2026" / "Monday 3 March 2026". */
export function formatDate(at: number, timeZone = DEFAULT_TIMEZONE): string {
  return dateTimeFormat(getLocale(), timeZone, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(at);
}

/** Short date and time for logs and "since" lines: "3 Mar 14.05". */
export function formatDateTime(at: number, timeZone = DEFAULT_TIMEZONE): string {
  return dateTimeFormat(getLocale(), timeZone, {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat(intlTag()).format(n);
}

/** A measurement with one decimal: "50,1" (id) / "50.1" (en); whole numbers keep their ",0". */
export function formatDecimal(n: number, fractionDigits = 1): string {
  return new Intl.NumberFormat(intlTag(), {
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  }).format(n);
}

/** "2 hari 3 jam 4 menit" / "2 days 3 hours 4 minutes": the two largest units are enough to read. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  if (s < 60) return t('duration.lessThanMinute');
  const units: [Intl.NumberFormatOptions['unit'], number][] = [
    ['day', Math.floor(s / 86_400)],
    ['hour', Math.floor((s % 86_400) / 3600)],
    ['minute', Math.floor((s % 3600) / 60)],
  ];
  const firstNonZero = units.findIndex(([, n]) => n > 0);
  return units
    .slice(firstNonZero, firstNonZero + 2)
    .filter(([, n]) => n > 0)
    .map(([unit, n]) =>
      new Intl.NumberFormat(intlTag(), { style: 'unit', unit, unitDisplay: 'long' }).format(n),
    )
    .join(' ');
}

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/;

function localParts(local: string): { date: string; time?: string } | undefined {
  const m = LOCAL_RE.exec(local);
  if (!m) return undefined;
  const at = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0));
  const date = dateTimeFormat(getLocale(), 'UTC', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(at);
  if (m[4] === undefined) return { date };
  const time = dateTimeFormat(getLocale(), 'UTC', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
  return { date, time };
}

/**
 * A calendar date (and maybe a time) written as the pole's local time, "2026-12-06" or
 * "2026-12-06T19:30": formatted as written, whatever zone the browser is in. With a time,
 * the zone label of the pole follows ("19.30 WIB").
 */
export function formatLocalDateTime(local: string, timeZone = DEFAULT_TIMEZONE): string {
  const p = localParts(local);
  if (!p) return local;
  return p.time ? `${p.date}, ${p.time} ${zoneLabel(timeZone)}` : p.date;
}

/**
 * An event's span: "Sabtu, 12 Desember 2026, 19.00–22.00 WIB" within one day, else
 * "<start> – <end>".
 */
export function formatLocalRange(
  start: string,
  end: string | undefined,
  timeZone = DEFAULT_TIMEZONE,
): string {
  if (!end) return formatLocalDateTime(start, timeZone);
  const a = localParts(start);
  const b = localParts(end);
  if (a && b && a.date === b.date) {
    if (a.time && b.time) return `${a.date}, ${a.time}–${b.time} ${zoneLabel(timeZone)}`;
    return a.date;
  }
  return `${formatLocalDateTime(start, timeZone)} – ${formatLocalDateTime(end, timeZone)}`;
}

/** Today's date in a zone as "YYYY-MM-DD" (sorts and compares as text). */
export function localDateOf(at: number, timeZone = DEFAULT_TIMEZONE): string {
  return dateTimeFormat('en' as Locale, timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(at)
    .filter((p) => p.type === 'year' || p.type === 'month' || p.type === 'day')
    .sort((a, b) => ['year', 'month', 'day'].indexOf(a.type) - ['year', 'month', 'day'].indexOf(b.type))
    .map((p) => p.value)
    .join('-');
}

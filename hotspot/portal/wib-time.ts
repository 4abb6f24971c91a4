import type { Bilingual } from '../../core/index.js';

/** Western Indonesia Time (Asia/Jakarta): UTC+7 all year, no daylight saving. */
const WIB_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

const dateId = new Intl.DateTimeFormat('id-ID', {
  timeZone: 'Asia/Jakarta',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
});
const dateEn = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Jakarta',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
});

/**
 * A moment as people in Blitar say it: "14.30 WIB" / "14:30 WIB", with the day added when it
 * is not today ("00.00 WIB, Sabtu, 29 November").
 */
export function wibTime(at: number, now: number): Bilingual {
  const local = new Date(at + WIB_OFFSET_MS);
  const hh = String(local.getUTCHours()).padStart(2, '0');
  const mm = String(local.getUTCMinutes()).padStart(2, '0');
  const today = Math.floor((at + WIB_OFFSET_MS) / DAY_MS) === Math.floor((now + WIB_OFFSET_MS) / DAY_MS);
  return {
    id: `${hh}.${mm} WIB${today ? '' : `, ${dateId.format(at)}`}`,
    en: `${hh}:${mm} WIB${today ? '' : `, ${dateEn.format(at)}`}`,
  };
}

import { describe, expect, it } from 'vitest';
import {
  addDays,
  isLocalDate,
  localDateOf,
  weekdayOf,
  zonedParts,
  zonedTimeToEpoch,
} from '../../../core/zoned.js';

const referenceFormats = new Map<string, Intl.DateTimeFormat>();

/** Straight from Intl, the reference the cached offsets must agree with. */
function reference(ms: number, timeZone: string): string {
  let f = referenceFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('sv-SE', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    referenceFormats.set(timeZone, f);
  }
  return f.format(ms);
}

const show = (p: ReturnType<typeof zonedParts>) =>
  `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')} ` +
  `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}:${String(p.second).padStart(2, '0')}`;

describe('zoned time', () => {
  it('agrees with Intl through a year, also in zones with odd offsets and transitions', () => {
    // St John's changes at 02:00 local (xx:30 UTC), Lord Howe by 30 minutes.
    const zones = [
      'Asia/Jakarta',
      'America/St_Johns',
      'Australia/Lord_Howe',
      'Asia/Kathmandu',
      'Europe/Berlin',
    ];
    const from = Date.UTC(2026, 0, 1);
    const wrong: string[] = [];
    for (const tz of zones) {
      for (let ms = from; ms < from + 366 * 86_400_000; ms += 53 * 60_000 + 7_000) {
        // Each sample and the seconds around it, where a transition inside an hour would show.
        for (const t of [ms, ms + 1000, ms + 59_000]) {
          if (show(zonedParts(t, tz)) !== reference(t, tz)) wrong.push(`${tz} ${new Date(t).toISOString()}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('turns a WIB date and time into an instant and back', () => {
    for (let date = '2026-01-01'; date < '2027-01-01'; date = addDays(date, 1)) {
      const at = zonedTimeToEpoch(date, 7 * 3600, 'Asia/Jakarta');
      expect(at).toBe(Date.parse(`${date}T07:00:00+07:00`));
      expect(localDateOf(at, 'Asia/Jakarta')).toBe(date);
    }
  });

  it('knows real dates and weekdays', () => {
    expect(isLocalDate('2026-02-28')).toBe(true);
    expect(isLocalDate('2026-02-29')).toBe(false);
    expect(isLocalDate('2028-02-29')).toBe(true);
    expect(isLocalDate('2026-8-17')).toBe(false);
    expect(weekdayOf('2026-08-17')).toBe('mon');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});

import { addDays, formatDate, parseTimeOfDay, weekdayOf, zonedParts } from '../../core/index.js';
import type { QuietHours, ScheduleSettings } from './rules.js';

function appliesOn(q: QuietHours, date: string): boolean {
  return q.days === undefined || q.days.includes(weekdayOf(date));
}

/**
 * The lowest maxVolume of the quiet periods covering an instant, or undefined outside them.
 * A period that crosses midnight belongs to the day it starts on, so "fri 22:00-06:00"
 * still caps Saturday 05:00 and not Friday 05:00.
 */
export function quietCap(settings: ScheduleSettings, at: number): number | undefined {
  if (settings.quietHours.length === 0) return undefined;
  const p = zonedParts(at, settings.timezone);
  const date = formatDate(p.year, p.month, p.day);
  const t = p.hour * 3600 + p.minute * 60 + p.second;
  let cap: number | undefined;
  for (const q of settings.quietHours) {
    const from = parseTimeOfDay(q.from)!;
    const to = parseTimeOfDay(q.to)!;
    const inside =
      from < to
        ? t >= from && t < to && appliesOn(q, date)
        : (t >= from && appliesOn(q, date)) || (t < to && appliesOn(q, addDays(date, -1)));
    if (inside) cap = Math.min(cap ?? 100, q.maxVolume);
  }
  return cap;
}

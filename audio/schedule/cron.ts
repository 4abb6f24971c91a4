import { Cron } from 'croner';
import { offsetAt } from '../../core/index.js';

/**
 * Cron through croner, in the schedule's time zone. A speaker item cannot usefully
 * repeat more than once a minute, so a 6-field pattern must name one second: that
 * also bounds how many occurrences a rule can produce (1440 a day).
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Why `pattern` is not a usable cron expression, or undefined when it is. */
export function cronProblem(pattern: string): string | undefined {
  const fields = pattern.trim().split(/\s+/);
  if (!pattern.trim().startsWith('@') && fields.length === 6 && !/^\d{1,2}$/.test(fields[0]!)) {
    return `cron "${pattern}": the seconds field (first of 6) must be one number 0-59; an item cannot repeat more than once a minute`;
  }
  try {
    new Cron(pattern, { paused: true, mode: '5-or-6-parts' });
    return undefined;
  } catch (err) {
    return `cron "${pattern}": ${err instanceof Error ? err.message : String(err)}`;
  }
}

const jobs = new Map<string, Cron>();

function job(pattern: string, zone: { timezone: string } | { utcOffset: number }): Cron {
  const id = `${pattern}\u0000${'timezone' in zone ? zone.timezone : zone.utcOffset}`;
  let j = jobs.get(id);
  if (!j) {
    // Paused and without a callback: croner only computes, it never arms a timer.
    j = new Cron(pattern, { paused: true, mode: '5-or-6-parts', ...zone });
    if (jobs.size > 500) jobs.clear();
    jobs.set(id, j);
  }
  return j;
}

/**
 * Runs of `pattern` at or after `fromMs`, ascending, without end (the caller stops).
 * Croner's named-zone mode converts every candidate through Intl and is ten times
 * slower than its fixed-offset mode; a Pi checking a week of a per-minute rule
 * would stall the event loop for seconds. So each day whose offset does not change
 * (every day in WIB) is enumerated with the fixed offset, and only a day with a
 * daylight-saving change uses the named zone.
 */
export function* cronRuns(pattern: string, timeZone: string, fromMs: number): Generator<number> {
  let cursor = fromMs - 1;
  for (;;) {
    const chunkEnd = cursor + DAY_MS;
    const startOffset = offsetAt(cursor, timeZone);
    const fixed = startOffset === offsetAt(chunkEnd + HOUR_MS, timeZone);
    // Minutes east of UTC, as croner's utcOffset expects.
    const j = fixed
      ? job(pattern, { utcOffset: startOffset / 60_000 })
      : job(pattern, { timezone: timeZone });
    let prev = cursor;
    cursor = chunkEnd;
    for (;;) {
      const next = j.nextRun(new Date(prev));
      if (!next) return;
      const at = next.getTime();
      if (at > chunkEnd) {
        // A sparse rule (once a year): skip to the day before its next run rather than
        // walking every day; a day's margin covers any offset change on the way.
        cursor = Math.max(chunkEnd, at - DAY_MS);
        break;
      }
      if (at >= fromMs) yield at;
      prev = at;
    }
  }
}

import { zonedParts } from '../../core/index.js';
import { nextOccurrences, occurrencesBetween } from './plan.js';
import type { ScheduleRule, ScheduleSettings } from './rules.js';

/** Something in an accepted schedule that probably is not what the control room meant. */
export interface ScheduleWarning {
  code: 'overlapping-rules' | 'no-occurrence';
  ruleIds: string[];
  message: string;
  /** First instant concerned (overlapping-rules). */
  at?: number;
}

const WEEK_MS = 7 * 86_400_000;
const YEAR_MS = 366 * 86_400_000;
/** Occurrences closer than this at one priority fight over the speaker. */
const COINCIDE_MS = 1000;

function formatLocal(ms: number, timeZone: string): string {
  const p = zonedParts(ms, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}:${two(p.second)} (${timeZone})`;
}

/** Pairs of rules that play within 1 s of each other at the same priority in the 7 days from `now`. */
function overlaps(
  rules: readonly ScheduleRule[],
  settings: ScheduleSettings,
  now: number,
): ScheduleWarning[] {
  const occs = occurrencesBetween(rules, settings, now, now + WEEK_MS);
  const pairs = new Map<string, { a: string; b: string; first: number; count: number; priority: string }>();
  for (let i = 0; i < occs.length; i++) {
    const x = occs[i]!;
    for (let j = i + 1; j < occs.length && occs[j]!.at - x.at <= COINCIDE_MS; j++) {
      const y = occs[j]!;
      if (y.ruleId === x.ruleId || y.rule.priority !== x.rule.priority) continue;
      const [a, b] = [x.ruleId, y.ruleId].sort() as [string, string];
      const id = `${a}\u0000${b}`;
      const seen = pairs.get(id);
      if (seen) seen.count++;
      else pairs.set(id, { a, b, first: x.at, count: 1, priority: x.rule.priority });
    }
  }
  return [...pairs.values()].map((p) => ({
    code: 'overlapping-rules',
    ruleIds: [p.a, p.b],
    at: p.first,
    message:
      `overlapping rules "${p.a}" and "${p.b}" play at the same time with priority ${p.priority}, ` +
      `${p.count} time${p.count === 1 ? '' : 's'} in the next 7 days, first at ${formatLocal(p.first, settings.timezone)}`,
  }));
}

function neverPlaying(
  rules: readonly ScheduleRule[],
  settings: ScheduleSettings,
  now: number,
): ScheduleWarning[] {
  return rules
    .filter((rule) => nextOccurrences([rule], settings, now, 1, YEAR_MS).length === 0)
    .map((rule) => ({
      code: 'no-occurrence',
      ruleIds: [rule.id],
      message: `rule "${rule.id}" has no occurrence in the next 366 days (passed instant, validUntil, or except dates)`,
    }));
}

export function findScheduleWarnings(
  rules: readonly ScheduleRule[],
  settings: ScheduleSettings,
  now: number,
): ScheduleWarning[] {
  return [...overlaps(rules, settings, now), ...neverPlaying(rules, settings, now)];
}

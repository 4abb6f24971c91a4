import {
  addDays,
  type LocalDate,
  localDateOf,
  parseTimeOfDay,
  startOfLocalDay,
  type Weekday,
  weekdayOf,
  zonedTimeToEpoch,
} from '../../core/index.js';
import { cronRuns } from './cron.js';
import { quietCap } from './quiet.js';
import type { SchedulePriority, ScheduleRule, ScheduleSettings } from './rules.js';

/** One time a rule plays. */
export interface Occurrence {
  /** `ruleId@epochMs`: the same occurrence always has the same key, so it is never handed over twice. */
  key: string;
  ruleId: string;
  /** UTC epoch ms of the scheduled instant. */
  at: number;
  rule: ScheduleRule;
  /** The rule's volume (or the default), capped by quiet hours. */
  volume: number;
}

export interface PlannedDay {
  date: LocalDate;
  weekday: Weekday;
  occurrences: Occurrence[];
}

const PRIORITY_RANK: Record<SchedulePriority, number> = { test: 1, program: 2, announcement: 3 };

export const priorityRank = (p: SchedulePriority): number => PRIORITY_RANK[p];

/** By instant, then higher priority first, then rule id so the order never depends on input order. */
export function compareOccurrences(a: Occurrence, b: Occurrence): number {
  return (
    a.at - b.at ||
    priorityRank(b.rule.priority) - priorityRank(a.rule.priority) ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
  );
}

const DAY_MS = 86_400_000;
/** How far nextOccurrences looks: a yearly rule (17 August) always shows. */
const NEXT_HORIZON_MS = 400 * DAY_MS;

function dateAllowed(rule: ScheduleRule, settings: ScheduleSettings, date: LocalDate): boolean {
  if (rule.validFrom !== undefined && date < rule.validFrom) return false;
  if (rule.validUntil !== undefined && date > rule.validUntil) return false;
  if (rule.except?.includes(date)) return false;
  if (rule.skipHolidays && settings.holidays.includes(date)) return false;
  return true;
}

function* weeklyRuns(
  rule: ScheduleRule,
  weekly: { days: Weekday[]; times: string[] },
  settings: ScheduleSettings,
  fromMs: number,
  toMs: number,
): Generator<number> {
  const tz = settings.timezone;
  const seconds = [...new Set(weekly.times.map((t) => parseTimeOfDay(t)!))];
  let date = localDateOf(fromMs, tz);
  if (rule.validFrom !== undefined && rule.validFrom > date) date = rule.validFrom;
  for (; startOfLocalDay(date, tz) < toMs; date = addDays(date, 1)) {
    if (rule.validUntil !== undefined && date > rule.validUntil) return;
    if (!weekly.days.includes(weekdayOf(date)) || !dateAllowed(rule, settings, date)) continue;
    // Sorted per day: a time moved by a daylight-saving gap may land on another one.
    const instants = [...new Set(seconds.map((s) => zonedTimeToEpoch(date, s, tz)))].sort((a, b) => a - b);
    for (const at of instants) if (at >= fromMs && at < toMs) yield at;
  }
}

function* filteredCronRuns(
  rule: ScheduleRule,
  pattern: string,
  settings: ScheduleSettings,
  fromMs: number,
  toMs: number,
): Generator<number> {
  const tz = settings.timezone;
  const start = rule.validFrom === undefined ? fromMs : Math.max(fromMs, startOfLocalDay(rule.validFrom, tz));
  // The local date is looked up once per day, not once per run.
  let day: { date: LocalDate; end: number; allowed: boolean } | undefined;
  for (const at of cronRuns(pattern, tz, start)) {
    if (at >= toMs) return;
    if (!day || at >= day.end) {
      const date = localDateOf(at, tz);
      if (rule.validUntil !== undefined && date > rule.validUntil) return;
      day = { date, end: startOfLocalDay(addDays(date, 1), tz), allowed: dateAllowed(rule, settings, date) };
    }
    if (day.allowed) yield at;
  }
}

/** Instants of one rule in [fromMs, toMs), ascending, after validity, except dates and holidays. */
export function* ruleInstants(
  rule: ScheduleRule,
  settings: ScheduleSettings,
  fromMs: number,
  toMs: number,
): Generator<number> {
  const when = rule.when;
  if ('weekly' in when) {
    yield* weeklyRuns(rule, when.weekly, settings, fromMs, toMs);
  } else if ('cron' in when) {
    yield* filteredCronRuns(rule, when.cron, settings, fromMs, toMs);
  } else if (
    when.at >= fromMs &&
    when.at < toMs &&
    dateAllowed(rule, settings, localDateOf(when.at, settings.timezone))
  ) {
    yield when.at;
  }
}

function occurrence(rule: ScheduleRule, settings: ScheduleSettings, at: number): Occurrence {
  const wanted = rule.volume ?? settings.defaultVolume;
  const cap = quietCap(settings, at);
  return {
    key: `${rule.id}@${at}`,
    ruleId: rule.id,
    at,
    rule,
    volume: cap === undefined ? wanted : Math.min(wanted, cap),
  };
}

function collect(
  rules: readonly ScheduleRule[],
  settings: ScheduleSettings,
  fromMs: number,
  toMs: number,
  perRule: number,
): Occurrence[] {
  const out = new Map<string, Occurrence>();
  for (const rule of rules) {
    let n = 0;
    for (const at of ruleInstants(rule, settings, fromMs, toMs)) {
      const occ = occurrence(rule, settings, at);
      out.set(occ.key, occ);
      if (++n >= perRule) break;
    }
  }
  return [...out.values()].sort(compareOccurrences);
}

/** Every occurrence in [fromMs, toMs), by instant then priority (higher first). */
export function occurrencesBetween(
  rules: readonly ScheduleRule[],
  settings: ScheduleSettings,
  fromMs: number,
  toMs: number,
): Occurrence[] {
  return collect(rules, settings, fromMs, toMs, Number.POSITIVE_INFINITY);
}

/** The next `count` occurrences at or after `fromMs`, looking at most `horizonMs` (400 days) ahead. */
export function nextOccurrences(
  rules: readonly ScheduleRule[],
  settings: ScheduleSettings,
  fromMs: number,
  count: number,
  horizonMs = NEXT_HORIZON_MS,
): Occurrence[] {
  if (count <= 0) return [];
  // Each rule's first `count` cover the overall first `count`.
  return collect(rules, settings, fromMs, fromMs + horizonMs, count).slice(0, count);
}

/**
 * Whole local days, starting with the day of `fromMs` (earlier items of that day
 * included, so a screen can show what already played): "today and the next 7 days"
 * is `days = 8`.
 */
export function resolveDays(
  rules: readonly ScheduleRule[],
  settings: ScheduleSettings,
  fromMs: number,
  days: number,
): PlannedDay[] {
  const tz = settings.timezone;
  const first = localDateOf(fromMs, tz);
  const out: PlannedDay[] = [];
  for (let i = 0; i < days; i++) {
    const date = addDays(first, i);
    out.push({ date, weekday: weekdayOf(date), occurrences: [] });
  }
  if (days <= 0) return out;
  const ends = out.map((d) => startOfLocalDay(addDays(d.date, 1), tz));
  const all = occurrencesBetween(rules, settings, startOfLocalDay(first, tz), ends[ends.length - 1]!);
  let i = 0;
  for (const occ of all) {
    while (occ.at >= ends[i]!) i++;
    out[i]!.occurrences.push(occ);
  }
  return out;
}

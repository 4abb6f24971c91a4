import type { FastifyInstance } from 'fastify';
import {
  nextOccurrences,
  quietCap,
  type ScheduleRule,
  type ScheduleSettings,
} from '../../audio/schedule/index.js';
import {
  addDays,
  type Bilingual,
  bi,
  type Clock,
  type LocalDate,
  localDateOf,
  startOfLocalDay,
  type Weekday,
  weekdayOf,
  zonedParts,
} from '../../core/index.js';
import { type AdminAuth, requireAdmin } from '../admin/index.js';
import { queryInt } from './query-int.js';

/** Most items listed for one day: a per-minute cron makes 1440, more than any screen shows. */
export const MAX_ITEMS_PER_DAY = 500;

export interface AgendaItem {
  /** UTC epoch ms of the scheduled instant. */
  at: number;
  /** Local wall-clock time in the schedule's time zone, 'HH:MM'. */
  time: string;
  ruleId: string;
  title: Bilingual;
  priority: ScheduleRule['priority'];
  /** The rule's volume (or the default) after the quiet-hour caps. */
  volume: number;
  /** Why it will not play (or not be heard); absent when it plays. */
  skipped?: Bilingual;
}

export interface AgendaDay {
  date: LocalDate;
  weekday: Bilingual;
  holiday: boolean;
  /** More than MAX_ITEMS_PER_DAY items that day: only the first ones are listed. */
  truncated: boolean;
  items: AgendaItem[];
}

export interface Agenda {
  timezone: string;
  days: AgendaDay[];
}

const WEEKDAY_NAMES: Record<Weekday, Bilingual> = {
  sun: bi('Minggu', 'Sunday'),
  mon: bi('Senin', 'Monday'),
  tue: bi('Selasa', 'Tuesday'),
  wed: bi('Rabu', 'Wednesday'),
  thu: bi('Kamis', 'Thursday'),
  fri: bi('Jumat', 'Friday'),
  sat: bi('Sabtu', 'Saturday'),
};

const SKIPPED_HOLIDAY = bi('Tidak diputar: hari libur', 'Not played: public holiday');
const SKIPPED_EXCEPT = bi(
  'Tidak diputar: tanggal ini dikecualikan oleh ruang kendali',
  'Not played: the control room excluded this date',
);
const SKIPPED_QUIET = bi(
  'Jam tenang: diputar dengan volume 0, tidak terdengar',
  'Quiet hours: runs at volume 0, nobody hears it',
);

const two = (n: number) => String(n).padStart(2, '0');

/**
 * The schedule as a technician reads it: whole local days from the day of `now`, each
 * occurrence with its local time, capped volume and, when it will not play, why.
 * Occurrences come from the schedule's own resolution (nextOccurrences, as the runner's
 * plan uses): once with the rules as they are, and once without their holiday and
 * except-date filters, so that what those filters remove shows as skipped instead of
 * silently missing.
 */
export function scheduleAgenda(
  rules: readonly ScheduleRule[],
  settings: ScheduleSettings,
  now: number,
  days: number,
  maxItems = MAX_ITEMS_PER_DAY,
): Agenda {
  const tz = settings.timezone;
  const unfiltered = rules.map((r) => ({ ...r, skipHolidays: false, except: undefined }));
  const byId = new Map(rules.map((r) => [r.id, r]));
  const first = localDateOf(now, tz);
  const out: AgendaDay[] = [];
  for (let i = 0; i < days; i++) {
    const date = addDays(first, i);
    const start = startOfLocalDay(date, tz);
    const length = startOfLocalDay(addDays(date, 1), tz) - start;
    const holiday = settings.holidays.includes(date);
    // One more than listed, to know whether the day was cut.
    const all = nextOccurrences(unfiltered, settings, start, maxItems + 1, length);
    const playing = new Set(nextOccurrences(rules, settings, start, maxItems + 1, length).map((o) => o.key));
    const items = all.slice(0, maxItems).map((o): AgendaItem => {
      const rule = byId.get(o.ruleId)!;
      const p = zonedParts(o.at, tz);
      const skipped = !playing.has(o.key)
        ? holiday && rule.skipHolidays
          ? SKIPPED_HOLIDAY
          : SKIPPED_EXCEPT
        : o.volume === 0 && quietCap(settings, o.at) === 0
          ? SKIPPED_QUIET
          : undefined;
      return {
        at: o.at,
        time: `${two(p.hour)}:${two(p.minute)}`,
        ruleId: o.ruleId,
        title: rule.title,
        priority: rule.priority,
        volume: o.volume,
        ...(skipped ? { skipped } : {}),
      };
    });
    out.push({
      date,
      weekday: WEEKDAY_NAMES[weekdayOf(date)],
      holiday,
      truncated: all.length > maxItems,
      items,
    });
  }
  return { timezone: tz, days: out };
}

export interface ScheduleRouteDeps {
  /** The rules and settings the schedule runner runs now. */
  schedule: () => { rules: readonly ScheduleRule[]; settings: ScheduleSettings };
  clock: Clock;
}

/** GET /api/admin/schedule?days=1..14 (default 8: today and the next 7 days). */
export function registerScheduleRoutes(app: FastifyInstance, deps: ScheduleRouteDeps, auth: AdminAuth): void {
  app.get('/api/admin/schedule', { preHandler: requireAdmin(auth) }, async (req, reply) => {
    const days = queryInt(req.query, 'days', { min: 1, max: 14, default: 8 });
    if ('error' in days) return reply.code(400).send({ error: days.error });
    const { rules, settings } = deps.schedule();
    reply.header('cache-control', 'no-store');
    return scheduleAgenda(rules, settings, deps.clock.now(), days.value);
  });
}

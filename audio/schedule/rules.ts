import { z } from 'zod';
import {
  bi,
  isLocalDate,
  isTimeZone,
  type LocalDate,
  parseTimeOfDay,
  TiangError,
  type Weekday,
} from '../../core/index.js';
import { cronProblem } from './cron.js';
import { findScheduleWarnings, type ScheduleWarning } from './warnings.js';

/**
 * The `schedule` section of the desired document (MQTT-CONTRACT.md) and the settings it
 * is resolved with. A bad schedule is refused as a whole, every problem listed at once,
 * so the control room fixes it in one go and the pole keeps the schedule it had.
 */

export type SchedulePriority = 'announcement' | 'program' | 'test';
/** What the arbiter does with an item that a higher priority cut off. */
export type OnCut = 'resume' | 'restart' | 'drop';
export type PlayItem = string | { tts: { text: string; lang: 'id' | 'en' } };
export type ScheduleWhen =
  | { weekly: { days: Weekday[]; times: string[] } }
  | { cron: string }
  /** One instant, UTC epoch ms. */
  | { at: number };

export interface ScheduleRule {
  id: string;
  title: { id: string; en: string };
  /** Content sha256 (lower-case hex) or text to speak, played in order. */
  play: PlayItem[];
  when: ScheduleWhen;
  priority: SchedulePriority;
  volume?: number;
  chime?: boolean;
  /** Inclusive local dates in the schedule's time zone. */
  validFrom?: LocalDate;
  validUntil?: LocalDate;
  except?: LocalDate[];
  skipHolidays?: boolean;
  /** Always set after parsing: program resumes, the others restart. */
  onCut: OnCut;
}

export interface QuietHours {
  /** 'HH:MM'; `to` before `from` crosses midnight. */
  from: string;
  to: string;
  maxVolume: number;
  /** Days the quiet period starts on (22:00-06:00 on 'fri' covers Friday night to Saturday 06:00); all when absent. */
  days?: Weekday[];
}

export interface ScheduleSettings {
  timezone: string;
  holidays: LocalDate[];
  quietHours: QuietHours[];
  defaultVolume: number;
  /** How late an item may still start after a restart, clock jump or stall. */
  missedGraceMs: number;
}

export const defaultOnCut = (priority: SchedulePriority): OnCut =>
  priority === 'program' ? 'resume' : 'restart';

const quote = (v: unknown) => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v));

const localDate = z.string().refine(isLocalDate, {
  error: (iss) => `${quote(iss.input)} is not a date: use YYYY-MM-DD (a local date, e.g. 2026-08-17)`,
});
const timeOfDay = z.string().refine((t) => parseTimeOfDay(t) !== undefined, {
  error: (iss) => `${quote(iss.input)} is not a time of day: use HH:MM or HH:MM:SS from 00:00 to 23:59:59`,
});
const hhmm = z.string().refine((t) => /^\d{2}:\d{2}$/.test(t) && parseTimeOfDay(t) !== undefined, {
  error: (iss) => `${quote(iss.input)} is not a time of day: use HH:MM from 00:00 to 23:59`,
});
const weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], {
  error: (iss) => `${quote(iss.input)} is not a weekday: use mon, tue, wed, thu, fri, sat or sun`,
});
const volume = z.number().min(0, 'must be 0 to 100').max(100, 'must be 0 to 100');
const text = z.string().trim().min(1).max(200);

const contentHash = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, 'must be the sha256 of a content item (64 hex characters)')
  .transform((h) => h.toLowerCase());
const tts = z.strictObject({
  tts: z.strictObject({
    text: z.string().trim().min(1).max(2000),
    lang: z.enum(['id', 'en'], {
      error: (iss) => `${quote(iss.input)} is not a TTS language: use "id" or "en"`,
    }),
  }),
});

/** Before 2000-01-01 in ms is almost surely seconds sent where milliseconds were meant. */
const MIN_AT = Date.UTC(2000, 0, 1);

const whenSchema = z
  .strictObject({
    weekly: z
      .strictObject({
        days: z.array(weekday).min(1).max(7),
        times: z.array(timeOfDay).min(1).max(100),
      })
      .optional(),
    cron: z
      .string()
      .superRefine((pattern, ctx) => {
        const problem = cronProblem(pattern);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional(),
    at: z
      .number()
      .int()
      .min(MIN_AT, 'must be UTC epoch milliseconds (this looks like seconds or a date before 2000)')
      .optional(),
  })
  // Exactly one kind is checked in checkRaw(), which also runs when a field is invalid.
  .transform((w): ScheduleWhen => {
    if (w.weekly) return { weekly: { days: [...new Set(w.weekly.days)], times: w.weekly.times } };
    if (w.cron !== undefined) return { cron: w.cron.trim() };
    return { at: w.at! };
  });

export const scheduleRuleSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be 1 to 64 characters of a-z, 0-9 and "-"'),
    title: z.strictObject({ id: text, en: text }),
    play: z
      .array(z.union([contentHash, tts]))
      .min(1)
      .max(20),
    when: whenSchema,
    priority: z.enum(['announcement', 'program', 'test'], {
      error: (iss) =>
        `${quote(iss.input)} is not a schedule priority: use announcement, program or test (emergency and live never come from a schedule)`,
    }),
    volume: volume.optional(),
    chime: z.boolean().optional(),
    validFrom: localDate.optional(),
    validUntil: localDate.optional(),
    except: z.array(localDate).max(1000).optional(),
    skipHolidays: z.boolean().optional(),
    onCut: z.enum(['resume', 'restart', 'drop']).optional(),
  })
  .transform((r): ScheduleRule => ({ ...r, onCut: r.onCut ?? defaultOnCut(r.priority) }));

export const scheduleSchema = z.array(scheduleRuleSchema).max(500);

export const scheduleSettingsSchema = z.strictObject({
  timezone: z
    .string()
    .refine(isTimeZone, { error: (iss) => `${quote(iss.input)} is not a known IANA time zone` })
    .default('Asia/Jakarta'),
  holidays: z.array(localDate).max(2000).default([]),
  quietHours: z
    .array(
      z
        .strictObject({
          from: hhmm,
          to: hhmm,
          maxVolume: volume,
          days: z.array(weekday).min(1).max(7).optional(),
        })
        .refine((q) => q.from !== q.to, {
          error: 'from and to are equal: a quiet period needs a length',
          path: ['to'],
        }),
    )
    .max(20)
    .default([]),
  defaultVolume: volume.default(70),
  missedGraceMs: z.number().int().min(0).max(3_600_000).default(60_000),
}) satisfies z.ZodType<ScheduleSettings, unknown>;

export const defaultScheduleSettings: ScheduleSettings = scheduleSettingsSchema.parse({});

export interface ParsedSchedule {
  rules: ScheduleRule[];
  warnings: ScheduleWarning[];
}

const fixSchedule = bi(
  'Perbaiki jadwal di ruang kontrol sesuai daftar masalah, lalu terbitkan lagi. Tiang tetap memakai jadwal sebelumnya.',
  'Correct the schedule in the control room as listed, then publish it again. The pole keeps its previous schedule.',
);

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`;
  return out;
}

/**
 * Zod reports a failed union as "Invalid input" with one issue list per option.
 * When only one option got past the type check (a TTS object with a bad lang), its
 * issues are the ones a person needs to see.
 */
function flattenIssue(issue: z.core.$ZodIssue): { path: PropertyKey[]; message: string }[] {
  if (issue.code === 'invalid_union') {
    const fitting = issue.errors.filter(
      (list) => !list.some((i) => i.code === 'invalid_type' && i.path.length === 0),
    );
    if (fitting.length === 1) {
      return fitting[0]!.flatMap((i) =>
        flattenIssue(i).map((f) => ({ path: [...issue.path, ...f.path], message: f.message })),
      );
    }
    return [
      {
        path: issue.path,
        message: 'must be a content sha256 (64 hex) or {"tts": {"text": ..., "lang": "id"|"en"}}',
      },
    ];
  }
  if (issue.code === 'unrecognized_keys') {
    return [
      {
        path: issue.path,
        message: `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map(quote).join(', ')}`,
      },
    ];
  }
  return [{ path: issue.path, message: issue.message }];
}

function ruleLabel(raw: unknown, index: number): string {
  const id = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id !== ''
    ? `rule "${id}" (schedule[${index}])`
    : `rule #${index + 1} (schedule[${index}])`;
}

/** A problem and the rule it belongs to, so the list reads rule by rule. */
interface Problem {
  index: number;
  text: string;
}

/** Problems across fields: zod skips an object's refinements once a field failed, and every problem must show. */
function checkRaw(raw: unknown[]): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  raw.forEach((rule, index) => {
    if (typeof rule !== 'object' || rule === null) return;
    const r = rule as Record<string, unknown>;
    const label = ruleLabel(rule, index);
    if (typeof r.id === 'string') {
      const first = seen.get(r.id);
      if (first === undefined) seen.set(r.id, index);
      else
        problems.push({
          index,
          text: `${label} id: duplicate id "${r.id}", also used by schedule[${first}]`,
        });
    }
    const when = r.when;
    if (typeof when === 'object' && when !== null) {
      const kinds = ['weekly', 'cron', 'at'].filter(
        (k) => (when as Record<string, unknown>)[k] !== undefined,
      );
      if (kinds.length !== 1) {
        const has = kinds.length ? ` (has ${kinds.join(' and ')})` : '';
        problems.push({ index, text: `${label} when: needs exactly one of weekly, cron or at${has}` });
      }
    }
    const { validFrom, validUntil } = r;
    if (
      typeof validFrom === 'string' &&
      typeof validUntil === 'string' &&
      isLocalDate(validFrom) &&
      isLocalDate(validUntil) &&
      validUntil < validFrom
    ) {
      problems.push({ index, text: `${label} validUntil: ${validUntil} is before validFrom ${validFrom}` });
    }
  });
  return problems;
}

function invalid(what: string, problems: string[]): TiangError {
  const n = problems.length;
  return new TiangError(
    'SCHEDULE_INVALID',
    `${what} has ${n} problem${n === 1 ? '' : 's'}:\n  - ${problems.join('\n  - ')}`,
    fixSchedule,
  );
}

/** Validate the settings the schedule is resolved with (time zone, holidays, quiet hours, volumes). */
export function parseScheduleSettings(raw: unknown): ScheduleSettings {
  const result = scheduleSettingsSchema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues
    .flatMap(flattenIssue)
    .map((p) => `${formatPath(['settings', ...p.path])}: ${p.message}`);
  throw invalid('schedule settings', problems);
}

/**
 * Validate the `schedule` section: a list of rules. Throws TiangError SCHEDULE_INVALID
 * naming every problem with its rule and path; otherwise returns the rules with defaults
 * filled in and warnings about rules that look wrong but are allowed (overlaps, rules
 * that will never play), looking 7 days ahead of `now` in the settings' time zone.
 */
export function parseSchedule(
  raw: unknown,
  opts: { settings?: ScheduleSettings; now?: number } = {},
): ParsedSchedule {
  if (!Array.isArray(raw)) throw invalid('schedule', ['schedule: must be a list of rules']);
  const result = scheduleSchema.safeParse(raw);
  const problems: Problem[] = [];
  if (!result.success) {
    for (const issue of result.error.issues.flatMap(flattenIssue)) {
      const [index, ...rest] = issue.path;
      if (typeof index === 'number') {
        const text = `${ruleLabel(raw[index], index)} ${formatPath(rest) || '(rule)'}: ${issue.message}`;
        problems.push({ index, text });
      } else {
        problems.push({ index: -1, text: `schedule: ${issue.message}` });
      }
    }
  }
  problems.push(...checkRaw(raw));
  if (problems.length > 0 || !result.success) {
    // Stable sort: within a rule, field problems keep zod's order.
    const texts = problems.sort((a, b) => a.index - b.index).map((p) => p.text);
    throw invalid('schedule', [...new Set(texts)]);
  }
  const rules: ScheduleRule[] = result.data;
  const warnings = findScheduleWarnings(
    rules,
    opts.settings ?? defaultScheduleSettings,
    opts.now ?? Date.now(),
  );
  return { rules, warnings };
}

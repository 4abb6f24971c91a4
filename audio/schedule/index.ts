export { cronProblem } from './cron.js';
export {
  compareOccurrences,
  nextOccurrences,
  type Occurrence,
  occurrencesBetween,
  type PlannedDay,
  priorityRank,
  resolveDays,
} from './plan.js';
export { quietCap } from './quiet.js';
export {
  defaultOnCut,
  defaultScheduleSettings,
  type OnCut,
  type ParsedSchedule,
  type PlayItem,
  parseSchedule,
  parseScheduleSettings,
  type QuietHours,
  type SchedulePriority,
  type ScheduleRule,
  type ScheduleSettings,
  type ScheduleWhen,
  scheduleRuleSchema,
  scheduleSchema,
  scheduleSettingsSchema,
} from './rules.js';
export { type MissedReason, ScheduleRunner, type ScheduleRunnerOptions, type TimerApi } from './runner.js';
export type { ScheduleWarning } from './warnings.js';

export * from './library/index.js';
export * from './output/index.js';
export * from './pcm.js';
export * from './player/index.js';
// The schedule's own PlayItem/priorityRank are internal to it; the player's are the public ones.
export {
  type MissedReason,
  nextOccurrences,
  type Occurrence,
  occurrencesBetween,
  type PlannedDay,
  parseSchedule,
  parseScheduleSettings,
  resolveDays,
  type ScheduleRule,
  ScheduleRunner,
  type ScheduleSettings,
  type ScheduleWarning,
} from './schedule/index.js';
export * from './tts/index.js';

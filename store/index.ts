export { AIR_RESOLUTIONS_S, type AirBucket, AirReadingsRepo, type AirResolution } from './air-readings.js';
export { type AuditEntry, AuditLog } from './audit.js';
export { type ContentKind, type ContentRecord, ContentRepo, type ContentSource } from './content.js';
export { appliedMigrations, type Db, openDatabase } from './database.js';
export { type AppliedDesired, DesiredStateRepo } from './desired.js';
export { type HotspotEndReason, type HotspotSessionRow, HotspotSessionsRepo } from './hotspot-sessions.js';
export { latestSchemaVersion, type Migration, migrations } from './migrations.js';
export {
  enqueueTelemetry,
  type OutboxDrops,
  OutboxRepo,
  type OutboxRow,
  type OutboxTopic,
} from './outbox.js';
export { type HourCounts, type PlayLogQuery, PlayLogRepo, type PlayLogRow } from './play-log.js';
export { ProcessedMessagesRepo } from './processed-messages.js';
export { SettingsRepo } from './settings.js';

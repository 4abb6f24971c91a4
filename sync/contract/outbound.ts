import { z } from 'zod';
import { epochMs, name, priority, ulid } from './common.js';

/**
 * What the pole publishes (MQTT-CONTRACT.md "Envelopes"). Every message but `status`
 * is wrapped in the same envelope; `id` is unique per fact so a receiver drops the
 * duplicates an at-least-once redelivery brings, and `seq` counts per session so the
 * control room can see gaps.
 */

export const statusSchema = z.strictObject({
  state: z.enum(['online', 'offline']),
  ts: epochMs,
  session: z.string().min(1).max(64),
});
export type StatusMessage = z.infer<typeof statusSchema>;

export const envelopeSchema = z.strictObject({
  v: z.literal(1),
  id: ulid,
  ts: epochMs,
  device: name,
  session: z.string().min(1).max(64),
  seq: z.number().int().min(0),
  type: z.string().min(1).max(64),
  data: z.unknown(),
});
export type Envelope = z.infer<typeof envelopeSchema>;

export const ackDataSchema = z.strictObject({
  corr: ulid,
  status: z.enum(['accepted', 'rejected', 'done', 'failed']),
  reason: z.string().max(2000).optional(),
});
export type AckData = z.infer<typeof ackDataSchema>;

const healthLevel = z.enum(['ok', 'degraded', 'fault']);
export const healthSummarySchema = z.record(
  z.string(),
  z.strictObject({ level: healthLevel, cause: z.string().optional() }),
);

export const sectionStateSchema = z.strictObject({
  state: z.enum(['applied', 'pending', 'failed']),
  /** The desired version this section comes from. */
  version: z.number().int().min(0),
  reason: z.string().optional(),
  /** When failed: the version still in force for this section. */
  keeping: z.number().int().min(0).optional(),
});

export const reportedDataSchema = z.strictObject({
  /** Highest desired version taken in (some sections may still be pending or failed). */
  version: z.number().int().min(0),
  sections: z.record(z.string(), sectionStateSchema),
  /** So the control room can address a group without a registry of its own. */
  groups: z.array(name),
  health: healthSummarySchema,
  outboxDropped: z.number().int().min(0),
});
export type ReportedData = z.infer<typeof reportedDataSchema>;

export const birthDataSchema = z.strictObject({
  software: z.string(),
  capabilities: z.array(z.enum(['speaker', 'kiosk', 'hotspot', 'air-quality', 'cap-1.2', 'mqtt5'])),
  desiredVersion: z.number().int().min(0),
  groups: z.array(name),
  trustedKeys: z.array(z.string()),
  content: z.strictObject({
    items: z.number().int().min(0),
    bytes: z.number().int().min(0),
    digest: z.string(),
  }),
  health: healthSummarySchema,
  startedAt: epochMs,
  simulated: z.boolean(),
});
export type BirthData = z.infer<typeof birthDataSchema>;

export const telemetryDataSchema = z.strictObject({
  cpuTempC: z.number().nullable(),
  load1: z.number(),
  memUsedPct: z.number(),
  diskFreeMb: z.number(),
  uptimeS: z.number(),
  air: z.strictObject({ pm25: z.number(), pm10: z.number(), ispu: z.number().int(), at: epochMs }).nullable(),
});
export type TelemetryData = z.infer<typeof telemetryDataSchema>;

/** Event types on `{root}/{device}/events` and the shape of their data. */
export const eventDataSchemas = {
  play: z.looseObject({
    title: z.string(),
    priority,
    source: z.string(),
    result: z.enum(['played', 'failed', 'cut', 'stopped', 'expired', 'missed']),
    scheduledAt: epochMs.optional(),
    startedAt: epochMs.optional(),
    endedAt: epochMs.optional(),
    cause: z.string().optional(),
  }),
  fault: z.strictObject({
    subsystem: z.string(),
    level: healthLevel,
    cause: z.string().optional(),
  }),
  tamper: z.strictObject({ door: z.enum(['opened', 'closed']), at: epochMs }),
  alert: z.strictObject({
    step: z.enum(['received', 'played', 'repeated', 'expired', 'cancelled', 'failed', 'shown']),
    identifier: z.string(),
    status: z.string().optional(),
    detail: z.string().optional(),
  }),
  /** Hotspot usage over a period, in aggregate: never a client's address or hash. */
  portal: z.strictObject({
    /** Sessions started in the period. */
    sessions: z.number().int().min(0),
    /** Distinct clients online in the period. */
    clients: z.number().int().min(0),
    periodS: z.number(),
    /** Start of the period (UTC ms). */
    from: epochMs.optional(),
    /** Bytes from clients to the internet and back, from the firewall's counters. */
    bytesUp: z.number().int().min(0).optional(),
    bytesDown: z.number().int().min(0).optional(),
    /** Client-minutes online in the period. */
    minutes: z.number().min(0).optional(),
    /** Connect presses refused because the client's daily limit was used up. */
    refusedDaily: z.number().int().min(0).optional(),
  }),
  rejected: z.strictObject({
    topic: z.string(),
    reason: z.string(),
    id: z.string().optional(),
    type: z.string().optional(),
  }),
  desired: z.strictObject({
    version: z.number().int(),
    section: z.string(),
    state: z.enum(['applied', 'pending', 'failed']),
    reason: z.string().optional(),
  }),
  content: z.strictObject({
    sha256: z.string(),
    id: z.string(),
    result: z.enum(['fetched', 'failed']),
    reason: z.string().optional(),
  }),
  'outbox.dropped': z.strictObject({
    dropped: z.number().int().min(0),
    kind: z.enum(['event', 'telemetry']),
  }),
} as const;
export type EventType = keyof typeof eventDataSchemas;
export type EventData<T extends EventType> = z.infer<(typeof eventDataSchemas)[T]>;

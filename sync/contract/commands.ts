import { z } from 'zod';
import { bilingual, playStep, priority, volume } from './common.js';

/** Bodies of the control room's commands (MQTT-CONTRACT.md "Commands"). */
export const playCommandSchema = z.strictObject({
  play: z.array(playStep).min(1).max(20),
  title: bilingual.optional(),
  priority: priority.exclude(['live']).default('announcement'),
  volume: volume.optional(),
  chime: z.boolean().optional(),
  /** Play this many times in a row. */
  repeat: z.number().int().min(1).max(10).default(1),
});
export const stopCommandSchema = z.strictObject({
  /** `current`: what plays now; `all`: also everything queued. */
  scope: z.enum(['current', 'all']).default('current'),
});
export const volumeCommandSchema = z.strictObject({ volume });
export const testCommandSchema = z.strictObject({
  kind: z.enum(['tone', 'amplifier', 'sensor']),
  volume: volume.optional(),
});
export const resyncCommandSchema = z.strictObject({});

export const commandBodySchemas = {
  'cmd.play': playCommandSchema,
  'cmd.stop': stopCommandSchema,
  'cmd.volume': volumeCommandSchema,
  'cmd.test': testCommandSchema,
  'cmd.resync': resyncCommandSchema,
} as const;
export type CommandType = keyof typeof commandBodySchemas;
export const COMMAND_TYPES = Object.keys(commandBodySchemas) as CommandType[];
export type CommandBody<T extends CommandType> = z.output<(typeof commandBodySchemas)[T]>;

export const alertBodySchema = z.strictObject({
  /** A CAP 1.2 document (XML text). */
  cap: z.string().min(1).max(200_000),
});
export type AlertBody = z.infer<typeof alertBodySchema>;

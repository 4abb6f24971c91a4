import { z } from 'zod';
import { alertBodySchema, COMMAND_TYPES, commandBodySchemas } from './commands.js';
import { base64url, epochMs, name, ulid } from './common.js';
import { desiredBodySchema } from './desired.js';
import type { InboundChannel } from './names.js';

/** What the control room publishes: a key id, the payload bytes and an Ed25519 signature over them. */
export const signedEnvelopeSchema = z.strictObject({
  v: z.literal(1),
  kid: z.string().min(1).max(64),
  payload: base64url.min(1),
  sig: base64url.length(86, 'must be a 64-byte Ed25519 signature in base64url (86 characters)'),
});
export type SignedEnvelope = z.infer<typeof signedEnvelopeSchema>;

export const SIGNED_TYPES = ['desired', ...COMMAND_TYPES, 'alert'] as const;
export type SignedType = (typeof SIGNED_TYPES)[number];

/** `all`, a device id, or `group:<name>`. */
export const targetSchema = z.union([
  z.literal('all'),
  name,
  z.string().regex(/^group:[a-z0-9-]{3,32}$/, 'must be "all", a device id or "group:<name>"'),
]);

export const signedPayloadSchema = z
  .strictObject({
    id: ulid,
    type: z.enum(SIGNED_TYPES),
    issuedAt: epochMs,
    expiresAt: epochMs,
    target: targetSchema,
    body: z.unknown(),
  })
  .refine((p) => p.expiresAt > p.issuedAt, { path: ['expiresAt'], message: 'must be after issuedAt' });
export type SignedPayload = z.infer<typeof signedPayloadSchema>;

/** The schema of `body` for each signed type. */
export const signedBodySchemas = {
  desired: desiredBodySchema,
  ...commandBodySchemas,
  alert: alertBodySchema,
} as const;

/** Which channel (topic kind) may carry which type: a command on the desired topic is refused. */
export function channelForType(type: SignedType): InboundChannel {
  if (type === 'desired') return 'desired';
  if (type === 'alert') return 'alert';
  return 'cmd';
}

import type { z } from 'zod';
import {
  channelForType,
  type InboundChannel,
  PAYLOAD_LIMITS,
  type SignedPayload,
  type SignedType,
  signedBodySchemas,
  signedEnvelopeSchema,
  signedPayloadSchema,
} from './contract/index.js';
import type { TrustStore } from './signing.js';

/** How far ahead of our clock a message's issuedAt may be. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export interface ReplayGuard {
  seen(id: string): boolean;
}

export interface InboundContext {
  device: string;
  groups: readonly string[];
  trust: TrustStore;
  replay: ReplayGuard;
  now: number;
}

export type Accepted = {
  ok: true;
  payload: SignedPayload;
  type: SignedType;
  body: unknown;
};
export type Refused = { ok: false; reason: string; id?: string; type?: string };

function issues(err: z.ZodError): string {
  return err.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(root)'} ${i.message}`)
    .join('; ');
}

/**
 * Every check a signed message must pass before anything acts on it, in an order that
 * costs little for junk: size, JSON, envelope, key id, signature, payload, type on this
 * channel, body, target, expiry, replay. The first failure is the reason reported.
 */
export function verifyInbound(channel: InboundChannel, raw: Buffer, ctx: InboundContext): Accepted | Refused {
  const limit = PAYLOAD_LIMITS[channel];
  if (raw.length > limit)
    return { ok: false, reason: `payload of ${raw.length} bytes is over the ${limit}-byte limit` };
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch (err) {
    return { ok: false, reason: `malformed JSON: ${(err as Error).message}` };
  }
  const env = signedEnvelopeSchema.safeParse(json);
  if (!env.success) return { ok: false, reason: `not a signed envelope: ${issues(env.error)}` };
  const { kid, payload, sig } = env.data;
  if (!ctx.trust.has(kid)) return { ok: false, reason: `unknown key id "${kid}"` };
  const bytes = Buffer.from(payload, 'base64url');
  if (!ctx.trust.verify(kid, bytes, Buffer.from(sig, 'base64url'))) {
    return { ok: false, reason: `signature does not verify with key "${kid}"` };
  }
  let inner: unknown;
  try {
    inner = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    return { ok: false, reason: `signed payload is malformed JSON: ${(err as Error).message}` };
  }
  const parsed = signedPayloadSchema.safeParse(inner);
  if (!parsed.success) return { ok: false, reason: `signed payload: ${issues(parsed.error)}` };
  const p = parsed.data;
  const refuse = (reason: string): Refused => ({ ok: false, reason, id: p.id, type: p.type });
  if (channelForType(p.type) !== channel)
    return refuse(`type ${p.type} does not belong on a ${channel} topic`);
  const body = signedBodySchemas[p.type].safeParse(p.body);
  if (!body.success) return refuse(`${p.type} body: ${issues(body.error)}`);
  if (!targets(p.target, ctx)) return refuse(`target "${p.target}" is not this pole`);
  if (p.expiresAt <= ctx.now) return refuse(`expired at ${new Date(p.expiresAt).toISOString()}`);
  // Issued in the future: the control room's clock or ours is wrong; acting on it could replay later.
  if (p.issuedAt > ctx.now + MAX_CLOCK_SKEW_MS) {
    return refuse(`issued at ${new Date(p.issuedAt).toISOString()}, in the future (check the clocks)`);
  }
  if (ctx.replay.seen(p.id)) return refuse(`replayed: message ${p.id} was processed before`);
  return { ok: true, payload: p, type: p.type, body: body.data };
}

function targets(target: string, ctx: InboundContext): boolean {
  if (target === 'all' || target === ctx.device) return true;
  return target.startsWith('group:') && ctx.groups.includes(target.slice('group:'.length));
}

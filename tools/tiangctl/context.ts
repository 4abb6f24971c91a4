import { readFileSync } from 'node:fs';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { monotonicFactory } from 'ulid';
import {
  DEFAULT_ROOT,
  NAME_RE,
  privateKeyFromPem,
  ROOT_RE,
  type SignedEnvelope,
  type SignedType,
  signPayload,
} from '../../sync/index.js';

/** A mistake in how tiangctl was called or in a file it was given: printed without a stack, exit 2. */
export class CtlError extends Error {}

export interface CommonOptions {
  broker: string;
  root: string;
  key?: string;
  kid?: string;
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
}

export const commonOptionSpec = {
  broker: { type: 'string' },
  root: { type: 'string' },
  key: { type: 'string' },
  kid: { type: 'string' },
  'tls-ca': { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
} as const;

export function commonOptions(values: Record<string, unknown>, env = process.env): CommonOptions {
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const root = str('root') ?? env.TIANGCTL_ROOT ?? DEFAULT_ROOT;
  if (!ROOT_RE.test(root)) throw new CtlError(`--root "${root}" is not a topic root such as tiang/v1`);
  const opts: CommonOptions = {
    broker: str('broker') ?? env.TIANGCTL_BROKER ?? 'mqtt://127.0.0.1:1883',
    root,
  };
  const key = str('key') ?? env.TIANGCTL_KEY;
  const kid = str('kid') ?? env.TIANGCTL_KID;
  if (key) opts.key = key;
  if (kid) opts.kid = kid;
  if (str('tls-ca')) opts.tlsCa = str('tls-ca');
  if (str('tls-cert')) opts.tlsCert = str('tls-cert');
  if (str('tls-key')) opts.tlsKey = str('tls-key');
  return opts;
}

/** A target from --device, --group or --all; exactly one. */
export function targetOf(values: Record<string, unknown>): {
  target: string;
  device?: string;
  group?: string;
} {
  const device = typeof values.device === 'string' ? values.device : undefined;
  const group = typeof values.group === 'string' ? values.group : undefined;
  const all = values.all === true;
  if ([device, group, all || undefined].filter((v) => v !== undefined).length !== 1) {
    throw new CtlError('give exactly one of --device ID, --group G or --all');
  }
  for (const [flag, v] of [
    ['--device', device],
    ['--group', group],
  ] as const) {
    if (v !== undefined && !NAME_RE.test(v))
      throw new CtlError(`${flag} "${v}" must be 3 to 32 characters of a-z, 0-9 and "-"`);
  }
  if (device) return { target: device, device };
  if (group) return { target: `group:${group}`, group };
  return { target: 'all' };
}

const ulid = monotonicFactory();

/** Sign a payload with the key file; checks the key before anything is published. */
export function signedMessage(
  opts: CommonOptions,
  type: SignedType,
  target: string,
  body: unknown,
  ttlMs: number,
  now = Date.now(),
): { envelope: SignedEnvelope; id: string } {
  if (!opts.key) throw new CtlError('no signing key: give --key FILE (or set TIANGCTL_KEY)');
  if (!opts.kid)
    throw new CtlError('no key id: give --kid ID (or set TIANGCTL_KID), as the poles know the key');
  let pem: string;
  try {
    pem = readFileSync(opts.key, 'utf8');
  } catch (err) {
    throw new CtlError(`cannot read the key file ${opts.key}: ${(err as Error).message}`);
  }
  let key: ReturnType<typeof privateKeyFromPem>;
  try {
    key = privateKeyFromPem(pem);
  } catch (err) {
    throw new CtlError(`the key file ${opts.key} ${(err as Error).message}`);
  }
  const id = ulid(now);
  const envelope = signPayload(
    { id, type, issuedAt: now, expiresAt: now + ttlMs, target, body },
    key,
    opts.kid,
  );
  return { envelope, id };
}

/** Connect as a control-room client: MQTT 5, falling back to 3.1.1 when the broker refuses 5. */
export async function connect(opts: CommonOptions, follow = false): Promise<MqttClient> {
  const base: IClientOptions = {
    clientId: `tiangctl-${Math.random().toString(16).slice(2, 10)}`,
    // Following (status --watch, events --follow) survives a broker restart; one-shot commands do not retry.
    reconnectPeriod: follow ? 2000 : 0,
    connectTimeout: 8000,
    clean: true,
    ca: opts.tlsCa ? readFileSync(opts.tlsCa) : undefined,
    cert: opts.tlsCert ? readFileSync(opts.tlsCert) : undefined,
    key: opts.tlsKey ? readFileSync(opts.tlsKey) : undefined,
  };
  const noDelay = (client: MqttClient) => {
    // Small urgent messages (an alert): no Nagle delay waiting for the broker's ACK.
    (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
    return client;
  };
  try {
    return noDelay(await mqtt.connectAsync(opts.broker, { ...base, protocolVersion: 5 }));
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code !== 1 && code !== 132)
      throw new CtlError(`cannot reach the broker ${opts.broker}: ${(err as Error).message}`);
    try {
      return noDelay(await mqtt.connectAsync(opts.broker, { ...base, protocolVersion: 4 }));
    } catch (err2) {
      throw new CtlError(`cannot reach the broker ${opts.broker}: ${(err2 as Error).message}`);
    }
  }
}

/** "10m", "2h", "365d", "30s" → milliseconds. */
export function parseDuration(text: string, flag: string): number {
  const m = /^(\d+)(s|m|h|d)$/.exec(text.trim());
  if (!m) throw new CtlError(`${flag} "${text}" is not a duration such as 30s, 10m, 2h or 365d`);
  const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}

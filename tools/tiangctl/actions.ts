import { readFileSync } from 'node:fs';
import type { MqttClient } from 'mqtt';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { describeIssues } from '../../core/index.js';
import {
  type AckData,
  CapError,
  type CommandType,
  capExpiry,
  commandBodySchemas,
  desiredBodySchema,
  deviceTopics,
  envelopeSchema,
  groupAlertTopic,
  groupCmdTopic,
  parseCap,
  reportedDataSchema,
} from '../../sync/index.js';
import { type CommonOptions, CtlError, connect, signedMessage } from './context.js';

const issues = (err: z.ZodError) =>
  describeIssues(err, { root: '(document)', separator: '\n', indent: '  ' });

/** Read and check a desired document before anything is signed or published. */
export function loadDesiredFile(file: string) {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CtlError(`cannot read ${file}: ${(err as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text, { prettyErrors: true });
  } catch (err) {
    throw new CtlError(`${file} is not valid YAML/JSON: ${(err as Error).message}`);
  }
  const parsed = desiredBodySchema.safeParse(doc);
  if (!parsed.success)
    throw new CtlError(`${file} is not a valid desired document:\n${issues(parsed.error)}`);
  return parsed.data;
}

/** Devices whose retained `reported` says they belong to a group (collected for `waitMs`). */
export async function devicesInGroup(client: MqttClient, root: string, group: string, waitMs = 1500) {
  const found = new Set<string>();
  const onMessage = (_topic: string, payload: Buffer) => {
    try {
      const env = envelopeSchema.parse(JSON.parse(payload.toString('utf8')));
      const data = reportedDataSchema.partial().parse(env.data);
      if (data.groups?.includes(group)) found.add(env.device);
    } catch {
      // A retained message that is not ours or not valid: not a member.
    }
  };
  client.on('message', onMessage);
  await client.subscribeAsync(`${root}/+/reported`, { qos: 1 });
  await new Promise((r) => setTimeout(r, waitMs));
  client.off('message', onMessage);
  await client.unsubscribeAsync(`${root}/+/reported`);
  return [...found].sort();
}

export async function pushDesired(
  opts: CommonOptions,
  file: string,
  to: { device?: string; group?: string },
  ttlMs: number,
  out: (line: string) => void,
): Promise<void> {
  const body = loadDesiredFile(file);
  // Sign once up front so a bad key fails before the broker is touched.
  signedMessage(opts, 'desired', 'all', body, ttlMs);
  const client = await connect(opts);
  try {
    const devices = to.device ? [to.device] : await devicesInGroup(client, opts.root, to.group!);
    if (devices.length === 0) throw new CtlError(`no pole reports belonging to group "${to.group}"`);
    for (const device of devices) {
      const { envelope, id } = signedMessage(opts, 'desired', device, body, ttlMs);
      await client.publishAsync(deviceTopics(opts.root, device).desired, JSON.stringify(envelope), {
        qos: 1,
        retain: true,
      });
      out(`desired version ${body.version} → ${device} (message ${id})`);
    }
  } finally {
    await client.endAsync();
  }
}

export interface AckLine {
  device: string;
  corr: string;
  status: AckData['status'];
  reason?: string;
}

/** Publish a signed command and wait for its acks (`done`/`failed`/`rejected` end a device's wait). */
export async function sendCommand(
  opts: CommonOptions,
  type: CommandType,
  rawBody: unknown,
  to: { target: string; device?: string; group?: string },
  waitMs: number,
  ttlMs: number,
  out: (line: string) => void,
): Promise<AckLine[]> {
  const parsed = commandBodySchemas[type].safeParse(rawBody);
  if (!parsed.success) throw new CtlError(`${type} is not valid:\n${issues(parsed.error)}`);
  const { envelope, id } = signedMessage(opts, type, to.target, parsed.data, ttlMs);
  const client = await connect(opts);
  const acks: AckLine[] = [];
  try {
    const ackTopic = to.device ? deviceTopics(opts.root, to.device).ack : `${opts.root}/+/ack`;
    let finish: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    client.on('message', (_topic, payload) => {
      try {
        const env = envelopeSchema.parse(JSON.parse(payload.toString('utf8')));
        const data = env.data as AckData;
        if (data.corr !== id) return;
        const line: AckLine = {
          device: env.device,
          corr: id,
          status: data.status,
          ...(data.reason ? { reason: data.reason } : {}),
        };
        acks.push(line);
        out(`${env.device}  ${data.status}${data.reason ? `  ${data.reason}` : ''}`);
        if (to.device && data.status !== 'accepted') finish();
      } catch {
        // Not an ack envelope: ignore.
      }
    });
    await client.subscribeAsync(ackTopic, { qos: 1 });
    const topic = to.device ? deviceTopics(opts.root, to.device).cmd : groupCmdTopic(opts.root, to.group!);
    await client.publishAsync(topic, JSON.stringify(envelope), { qos: 1 });
    out(`${type} sent (message ${id}), waiting up to ${Math.round(waitMs / 1000)} s for acks`);
    await Promise.race([finished, new Promise((r) => setTimeout(r, waitMs))]);
  } finally {
    await client.endAsync();
  }
  return acks;
}

export async function sendAlert(
  opts: CommonOptions,
  file: string,
  group: string | undefined,
  defaultTtlMs: number,
  out: (line: string) => void,
): Promise<void> {
  let cap: string;
  try {
    cap = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CtlError(`cannot read ${file}: ${(err as Error).message}`);
  }
  let expires: number | undefined;
  let identifier: string;
  try {
    const alert = parseCap(cap);
    expires = capExpiry(alert);
    identifier = alert.identifier;
  } catch (err) {
    if (err instanceof CapError)
      throw new CtlError(`${file} is not a valid CAP 1.2 alert: ${err.field}: ${err.message}`);
    throw err;
  }
  const now = Date.now();
  const ttl = expires ? expires - now : defaultTtlMs;
  if (ttl <= 0) throw new CtlError(`${file}: the alert expired at ${new Date(expires!).toISOString()}`);
  const target = group ? `group:${group}` : 'all';
  const { envelope, id } = signedMessage(opts, 'alert', target, { cap }, ttl, now);
  const client = await connect(opts);
  try {
    const topic = group ? groupAlertTopic(opts.root, group) : `${opts.root}/alert`;
    await client.publishAsync(topic, JSON.stringify(envelope), { qos: 1 });
    out(`alert ${identifier} → ${group ? `group ${group}` : 'all poles'} (message ${id})`);
  } finally {
    await client.endAsync();
  }
}

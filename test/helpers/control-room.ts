import { readFileSync } from 'node:fs';
import mqtt, { type MqttClient } from 'mqtt';
import { monotonicFactory } from 'ulid';
import {
  type Envelope,
  envelopeSchema,
  privateKeyFromPem,
  type SignedPayload,
  type SignedType,
  signPayload,
} from '../../sync/index.js';
import { until } from './until.js';

const ulid = monotonicFactory();

export interface Received {
  topic: string;
  payload: Buffer;
  retain: boolean;
}

/**
 * The control room in a test: an MQTT client that records everything under the root and
 * signs messages with a key file, as tiangctl does.
 */
export class ControlRoom {
  readonly got: Received[] = [];

  private constructor(
    readonly client: MqttClient,
    readonly root: string,
    private keyPem: string | undefined,
    readonly kid: string,
  ) {
    client.on('message', (topic, payload, packet) =>
      this.got.push({ topic, payload, retain: packet.retain }),
    );
  }

  /** `protocolVersion` 4 for the simulator's embedded broker (MQTT 3.1.1 only). */
  static async connect(
    url: string,
    opts: { keyFile?: string; kid?: string; root?: string } = {},
    protocolVersion: 4 | 5 = 5,
  ): Promise<ControlRoom> {
    // A persistent session: what the pole says while a restarted broker comes back is kept for us.
    const client = await mqtt.connectAsync(url, {
      clientId: `cr-test-${Math.random().toString(16).slice(2)}`,
      reconnectPeriod: 200,
      clean: false,
      protocolVersion,
      ...(protocolVersion === 5 ? { properties: { sessionExpiryInterval: 600 } } : {}),
    });
    // A control room sends small urgent messages: no Nagle delay (as tiangctl does).
    (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
    const root = opts.root ?? 'tiang/v1';
    await client.subscribeAsync(`${root}/#`, { qos: 1 });
    return new ControlRoom(
      client,
      root,
      opts.keyFile ? readFileSync(opts.keyFile, 'utf8') : undefined,
      opts.kid ?? 'sim-control-room',
    );
  }

  /** Sign with this key file from now on (a simulated pole makes its key when it first starts). */
  useKey(file: string): void {
    this.keyPem = readFileSync(file, 'utf8');
  }

  payload(type: SignedType, body: unknown, over: Partial<SignedPayload> = {}): SignedPayload {
    const now = Date.now();
    return { id: ulid(now), type, issuedAt: now, expiresAt: now + 600_000, target: 'all', body, ...over };
  }

  sign(p: SignedPayload, kid = this.kid): string {
    if (!this.keyPem) throw new Error('no key');
    return JSON.stringify(signPayload(p, privateKeyFromPem(this.keyPem), kid));
  }

  async send(topic: string, p: SignedPayload | string, retain = false): Promise<void> {
    await this.client.publishAsync(`${this.root}/${topic}`, typeof p === 'string' ? p : this.sign(p), {
      qos: 1,
      retain,
    });
  }

  /** Envelopes the pole sent on one of its topics (status excluded), parsed. */
  envelopes(device: string, kind: 'events' | 'ack' | 'birth' | 'reported' | 'telemetry'): Envelope[] {
    return this.got
      .filter((m) => m.topic === `${this.root}/${device}/${kind}`)
      .map((m) => envelopeSchema.parse(JSON.parse(m.payload.toString('utf8'))));
  }

  events(device: string, type?: string): Envelope[] {
    return this.envelopes(device, 'events').filter((e) => type === undefined || e.type === type);
  }

  acks(device: string, corr: string): string[] {
    return this.envelopes(device, 'ack')
      .filter((e) => (e.data as { corr: string }).corr === corr)
      .map((e) => (e.data as { status: string }).status);
  }

  async waitFor<T>(find: () => T | undefined, ms = 15_000, what = 'a message'): Promise<T> {
    let found: T | undefined;
    try {
      await until(() => {
        found = find();
        return found !== undefined;
      }, ms);
    } catch {
      throw new Error(
        `timed out waiting for ${what}; got topics: ${[...new Set(this.got.map((g) => g.topic))].join(', ')}`,
      );
    }
    return found!;
  }

  async close(): Promise<void> {
    await this.client.endAsync(true);
  }
}

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { HealthReporter, Logger } from '../core/index.js';
import { bi, withTimeout } from '../core/index.js';

export interface LinkOptions {
  url: string;
  deviceId: string;
  root: string;
  tls?: { ca?: string | undefined; cert?: string | undefined; key?: string | undefined };
  keepaliveS?: number;
  /** 5 where the broker offers it; the embedded aedes broker speaks 3.1.1 only. */
  protocolVersion?: 4 | 5;
}

/**
 * The pole's connection to the control room's broker: client id = device id, a retained
 * `status` with a Will that says offline, and automatic reconnects. Commands, desired
 * state and the outbox ride on this link.
 */
export class ControlRoomLink {
  private client: MqttClient | undefined;
  readonly session = randomBytes(6).toString('hex');

  constructor(
    private readonly opts: LinkOptions,
    private readonly health: HealthReporter,
    private readonly log: Logger,
  ) {}

  get statusTopic(): string {
    return `${this.opts.root}/${this.opts.deviceId}/status`;
  }

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  private statusPayload(state: 'online' | 'offline'): string {
    return JSON.stringify({ state, ts: Date.now(), session: this.session });
  }

  start(): void {
    const { tls } = this.opts;
    const options: IClientOptions = {
      clientId: this.opts.deviceId,
      protocolVersion: this.opts.protocolVersion ?? 5,
      keepalive: this.opts.keepaliveS ?? 30,
      reconnectPeriod: 5000,
      connectTimeout: 10_000,
      clean: false,
      ...(this.opts.protocolVersion === 4 ? {} : { properties: { sessionExpiryInterval: 24 * 3600 } }),
      will: {
        topic: this.statusTopic,
        payload: Buffer.from(this.statusPayload('offline')),
        qos: 1,
        retain: true,
      },
      ca: tls?.ca ? readFileSync(tls.ca) : undefined,
      cert: tls?.cert ? readFileSync(tls.cert) : undefined,
      key: tls?.key ? readFileSync(tls.key) : undefined,
    };
    this.health.report({
      level: 'degraded',
      cause: `connecting to ${this.opts.url}`,
      hint: bi(
        'Tunggu sebentar; tiang sedang menghubungi control room.',
        'Wait a moment; the pole is reaching the control room.',
      ),
    });
    const client = mqtt.connect(this.opts.url, options);
    this.client = client;
    client.on('connect', () => {
      this.log.info({ url: this.opts.url }, 'control-room link up');
      client.publish(this.statusTopic, this.statusPayload('online'), { qos: 1, retain: true });
      this.health.report({ level: 'ok', cause: undefined, hint: undefined, detail: { url: this.opts.url } });
    });
    client.on('close', () => {
      if (!this.client) return;
      this.health.report({
        level: 'degraded',
        cause: `no connection to ${this.opts.url}`,
        hint: bi(
          'Periksa modem/jaringan tiang dan alamat broker (mqtt.url). Jadwal tetap berjalan tanpa koneksi.',
          'Check the pole modem/network and the broker address (mqtt.url). Schedules keep running offline.',
        ),
      });
    });
    client.on('error', (err) => this.log.warn({ err: err.message }, 'control-room link error'));
  }

  /** Say goodbye properly so the control room sees "offline" at once, not after the keepalive. */
  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    if (client.connected) {
      const bye = client.publishAsync(this.statusTopic, this.statusPayload('offline'), {
        qos: 1,
        retain: true,
      });
      await withTimeout(
        bye.catch(() => undefined),
        1000,
        undefined,
      );
    }
    await client.endAsync(true);
  }
}

import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { HealthReporter, Logger } from '../core/index.js';
import { bi, withTimeout } from '../core/index.js';
import { Backoff } from './backoff.js';
import {
  channelOf,
  type DeviceTopics,
  deviceTopics,
  groupAlertTopic,
  groupCmdTopic,
  type InboundChannel,
} from './contract/index.js';

export interface LinkOptions {
  url: string;
  deviceId: string;
  root: string;
  tls?: { ca?: string | undefined; cert?: string | undefined; key?: string | undefined };
  keepaliveS?: number;
  /** 5 where the broker offers it; the link falls back to 3.1.1 when a broker refuses 5. */
  protocolVersion?: 4 | 5;
  backoff?: { baseMs: number; maxMs: number };
  /**
   * Where the topics subscribed last time are kept: a persistent broker session remembers
   * them across restarts, so a group the pole has left is unsubscribed on the next connect.
   */
  subscriptions?: { load(): string[]; save(topics: string[]): void };
}

export interface LinkEvents {
  connected: [];
  disconnected: [];
  message: [channel: InboundChannel, payload: Buffer, topic: string];
}

/** CONNACK codes with which a broker says it does not speak the protocol version asked for. */
const UNSUPPORTED_PROTOCOL = new Set([1, 132]);

/**
 * The pole's connection to the control room's broker: client id = device id, a retained
 * `status` with a Will that says offline, subscriptions to its signed channels, and
 * reconnects with backoff and jitter. Publishing what the pole has to say is done by the
 * outbox (durable) and the sync subsystem (birth, reported) through `publish`.
 */
export class ControlRoomLink extends EventEmitter<LinkEvents> {
  private client: MqttClient | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private readonly backoff: Backoff;
  private groups: string[] = [];
  private subscribed: string[] = [];
  private seq = 0;
  /** A new id for every connection run (MQTT-CONTRACT.md): seq counts from 0 within it. */
  session = randomBytes(6).toString('hex');
  readonly topics: DeviceTopics;
  protocolVersion: 4 | 5;
  connectedAt: number | undefined;
  /** When the link last came up or went down (UTC ms). */
  changedAt: number | undefined;
  /** When the last message on one of the pole's channels arrived (UTC ms). */
  lastInboundAt: number | undefined;
  lastError: string | undefined;

  constructor(
    private readonly opts: LinkOptions,
    private readonly health: HealthReporter,
    private readonly log: Logger,
  ) {
    super();
    this.topics = deviceTopics(opts.root, opts.deviceId);
    this.protocolVersion = opts.protocolVersion ?? 5;
    this.backoff = new Backoff(opts.backoff?.baseMs ?? 1000, opts.backoff?.maxMs ?? 60_000);
  }

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  /** The next sequence number of this session's envelopes. */
  nextSeq(): number {
    return this.seq++;
  }

  private statusPayload(state: 'online' | 'offline'): string {
    return JSON.stringify({ state, ts: Date.now(), session: this.session });
  }

  private clientOptions(): IClientOptions {
    const { tls } = this.opts;
    const v5 = this.protocolVersion === 5;
    return {
      clientId: this.opts.deviceId,
      protocolVersion: this.protocolVersion,
      keepalive: this.opts.keepaliveS ?? 30,
      // Reconnects are ours (backoff with jitter); MQTT.js would retry at a fixed period.
      reconnectPeriod: 0,
      resubscribe: false,
      connectTimeout: 10_000,
      // A persistent session lets the broker keep alerts and commands sent while the pole was away.
      clean: false,
      ...(v5 ? { properties: { sessionExpiryInterval: 24 * 3600 } } : {}),
      will: {
        topic: this.topics.status,
        payload: Buffer.from(this.statusPayload('offline')),
        qos: 1,
        retain: true,
      },
      ca: tls?.ca ? readFileSync(tls.ca) : undefined,
      cert: tls?.cert ? readFileSync(tls.cert) : undefined,
      key: tls?.key ? readFileSync(tls.key) : undefined,
    };
  }

  start(): void {
    this.reportDown(`connecting to ${this.opts.url}`);
    this.connect();
  }

  private connect(): void {
    const client = mqtt.connect(this.opts.url, this.clientOptions());
    this.client = client;
    client.on('connect', () => void this.onConnect(client));
    client.on('message', (topic, payload) => {
      const channel = channelOf(this.opts.root, this.opts.deviceId, topic);
      if (!channel) return;
      this.lastInboundAt = Date.now();
      this.emit('message', channel, payload, topic);
    });
    client.on('close', () => this.onClose(client));
    client.on('error', (err: Error & { code?: unknown }) => {
      this.lastError = err.message;
      if (typeof err.code === 'number' && UNSUPPORTED_PROTOCOL.has(err.code) && this.protocolVersion === 5) {
        this.log.warn('broker refuses MQTT 5; using MQTT 3.1.1');
        this.protocolVersion = 4;
      }
      this.log.warn({ err: err.message }, 'control-room link error');
    });
  }

  private async onConnect(client: MqttClient): Promise<void> {
    // Nagle's algorithm holds a small packet (a PUBACK, an alert's ack) until the peer's
    // delayed ACK, about 40 ms; MQTT.js leaves it on. Every message here is small and urgent.
    (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
    this.backoff.reset();
    this.seq = 0;
    this.connectedAt = Date.now();
    this.changedAt = this.connectedAt;
    this.lastError = undefined;
    this.log.info({ url: this.opts.url, protocolVersion: this.protocolVersion }, 'control-room link up');
    client.publish(this.topics.status, this.statusPayload('online'), { qos: 1, retain: true });
    this.health.report({
      level: 'ok',
      cause: undefined,
      hint: undefined,
      detail: { url: this.opts.url, protocolVersion: this.protocolVersion, session: this.session },
    });
    this.subscribed = this.opts.subscriptions?.load() ?? [];
    await this.syncSubscriptions(true);
    if (this.client === client && client.connected) this.emit('connected');
  }

  private onClose(client: MqttClient): void {
    if (this.client !== client) return;
    // A failed connect attempt closes too: only a lost connection is a change.
    if (this.connectedAt !== undefined) this.changedAt = Date.now();
    this.connectedAt = undefined;
    // In-flight QoS 1 publishes are owned by the outbox, which sends them again from SQLite
    // after the reconnect; MQTT.js must not also replay its in-memory copies.
    for (const id of Object.keys(client.outgoing)) client.removeOutgoingMessage(Number(id));
    this.emit('disconnected');
    this.reportDown(`no connection to ${this.opts.url}${this.lastError ? ` (${this.lastError})` : ''}`);
    clearTimeout(this.reconnectTimer);
    const delay = this.backoff.next();
    this.log.debug({ delay, attempt: this.backoff.attempts }, 'control-room link: reconnecting');
    this.reconnectTimer = setTimeout(() => {
      if (this.client !== client) return;
      // The next connection is a new session; its Will must name it.
      this.session = randomBytes(6).toString('hex');
      if (client.options.will) client.options.will.payload = Buffer.from(this.statusPayload('offline'));
      client.options.protocolVersion = this.protocolVersion;
      if (this.protocolVersion === 4) delete client.options.properties;
      client.reconnect();
    }, delay);
    this.reconnectTimer.unref();
  }

  private reportDown(cause: string): void {
    this.health.report({
      level: 'degraded',
      cause,
      hint: bi(
        'Tiang tidak tersambung ke ruang kendali. Periksa modem/jaringan tiang dan alamat broker (mqtt.url); tiang menyambung lagi sendiri. Jadwal tetap berjalan tanpa koneksi.',
        'The pole is not connected to the control room. Check the pole modem/network and the broker address (mqtt.url); the pole reconnects by itself. Schedules keep running offline.',
      ),
    });
  }

  /** The groups this pole belongs to (from its desired state): their cmd and alert topics are followed. */
  async setGroups(groups: readonly string[]): Promise<void> {
    this.groups = [...groups];
    if (this.connected) await this.syncSubscriptions();
  }

  private wantedTopics(): string[] {
    const { root } = this.opts;
    return [
      this.topics.desired,
      this.topics.cmd,
      this.topics.alert,
      ...this.groups.flatMap((g) => [groupCmdTopic(root, g), groupAlertTopic(root, g)]),
    ];
  }

  /**
   * `fresh`: just connected. The broker may or may not still hold our subscriptions (an
   * in-memory broker restarted, a session expired), so everything wanted is subscribed again
   * (idempotent) and only what we no longer want is dropped.
   */
  private async syncSubscriptions(fresh = false): Promise<void> {
    const client = this.client;
    if (!client) return;
    const wanted = this.wantedTopics();
    const drop = this.subscribed.filter((t) => !wanted.includes(t));
    const add = fresh ? wanted : wanted.filter((t) => !this.subscribed.includes(t));
    this.subscribed = wanted;
    try {
      if (drop.length > 0) await client.unsubscribeAsync(drop);
      if (add.length > 0) await client.subscribeAsync(add, { qos: 1 });
      this.opts.subscriptions?.save(wanted);
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'subscribe failed');
      this.subscribed = [];
    }
  }

  /**
   * Publish on one of the pole's topics. Resolves on PUBACK (QoS 1) or once written
   * (QoS 0); rejects when the connection goes first.
   */
  publish(topic: string, payload: string | Buffer, qos: 0 | 1, retain = false): Promise<void> {
    const client = this.client;
    if (!client?.connected) return Promise.reject(new Error('not connected'));
    return new Promise((resolve, reject) => {
      client.publish(topic, payload, { qos, retain }, (err) => (err ? reject(err) : resolve()));
    });
  }

  /** Say goodbye properly so the control room sees "offline" at once, not after the keepalive. */
  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    clearTimeout(this.reconnectTimer);
    if (!client) return;
    if (client.connected) {
      await withTimeout(
        this.publishOn(client, this.topics.status, this.statusPayload('offline')),
        1000,
        undefined,
      );
    }
    await client.endAsync(true);
  }

  private publishOn(client: MqttClient, topic: string, payload: string): Promise<void> {
    return client.publishAsync(topic, payload, { qos: 1, retain: true }).then(
      () => undefined,
      () => undefined,
    );
  }
}

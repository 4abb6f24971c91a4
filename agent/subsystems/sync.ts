import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import path from 'node:path';
import { monotonicFactory } from 'ulid';
import {
  type Clock,
  type HealthModel,
  type HealthReporter,
  type HealthUpdate,
  type Logger,
  withTimeout,
} from '../../core/index.js';
import { enqueueTelemetry } from '../../store/index.js';
import {
  type Accepted,
  ContentDownloader,
  ControlRoomLink,
  type DesiredBody,
  type DownloadProgress,
  EmbeddedBroker,
  generateSigningKey,
  type InboundChannel,
  OutboxPublisher,
  privateKeyFromPem,
  type QueuedMessage,
  rawPublicKey,
  redactUrl,
  type SignedType,
  type TrustedKey,
  type TrustStore,
  verifyInbound,
} from '../../sync/index.js';
import type { TiangConfig } from '../config/index.js';
import type { LiveHub } from '../http/live.js';
import type { Subsystem } from '../lifecycle.js';
import { amplifierProblem } from '../self-tests.js';
import { AlertManager } from '../sync/alerts.js';
import { importCapResource } from '../sync/cap-resource.js';
import { CommandRunner } from '../sync/commands.js';
import { DesiredApplier } from '../sync/desired-applier.js';
import { healthSummary } from '../sync/health-summary.js';
import { telemetrySample } from '../sync/telemetry.js';
import { ROTATED_KEYS, trustStoreFor } from '../sync/trusted-keys.js';
import { tiangVersion } from '../version.js';
import type { SensorsSubsystem } from './sensors.js';
import type { SpeakerSubsystem } from './speaker.js';
import type { StoreSubsystem } from './store.js';

const DESIRED_ID_KEY = 'sync.desiredId';
const SUBSCRIBED_KEY = 'sync.subscribedTopics';
const PRUNE_EVERY_MS = 3_600_000;
/** Disk kept free for the database and logs whatever the content wants. */
const DISK_RESERVE_BYTES = 200 * 1024 * 1024;
export const SIM_KEY_ID = 'sim-control-room';

export interface SyncDeps {
  config: TiangConfig;
  store: StoreSubsystem;
  speaker: SpeakerSubsystem;
  sensors: SensorsSubsystem;
  healthModel: HealthModel;
  live: LiveHub;
  clock: Clock;
  health: HealthReporter;
  log: Logger;
  /** Why the pole cannot run a desired `hotspot` section (undefined: it can). */
  checkHotspot?: (section: DesiredBody['hotspot']) => string | undefined;
  /** After a desired document went live, for the parts of the pole outside sync. */
  desiredChanged?: (body: DesiredBody) => void;
}

/**
 * The control-room side of the pole: the MQTT link, the durable outbox, signed desired
 * state, commands and CAP alerts, content downloads and telemetry. In the simulator an
 * embedded broker stands in for the city's, with a control-room key made on first start.
 */
export class SyncSubsystem implements Subsystem {
  readonly name = 'control-room';
  broker: EmbeddedBroker | undefined;
  link: ControlRoomLink | undefined;
  publisher: OutboxPublisher | undefined;
  applier!: DesiredApplier;
  alerts!: AlertManager;
  downloader!: ContentDownloader;
  private commands!: CommandRunner;
  private trust!: TrustStore;
  private timers: NodeJS.Timeout[] = [];
  private readonly ulid = monotonicFactory();
  private startedAt = 0;
  private lastLevels = new Map<string, string>();
  private reportedTimer: NodeJS.Timeout | undefined;
  private telemetryTimer: NodeJS.Timeout | undefined;
  private telemetryEveryS = 0;
  /** The groups of the applied desired state: read on every message, so kept here rather than parsed from the document each time. */
  private groups: string[] = [];
  /** fetchAll calls in progress, and the last progress any of them reported. */
  private downloadsRunning = 0;
  private lastDownloads: DownloadProgress | undefined;
  lastSyncAt: number | undefined;

  constructor(private readonly d: SyncDeps) {}

  get brokerUrl(): string {
    return this.broker ? this.broker.url : this.d.config.mqtt.url;
  }

  /** The simulator's control-room private key (for tiangctl --key), when simulating. */
  get simulatorKeyFile(): string | undefined {
    return this.d.config.simulate ? path.join(this.d.config.dataDir, 'control-room-sim.key') : undefined;
  }

  /** Provisioned keys; in the simulator with none configured, a key made once in the data folder. */
  private provisionedKeys(): Record<string, string> {
    const { config } = this.d;
    const keys = config.sync.trustedKeys;
    const file = this.simulatorKeyFile;
    if (Object.keys(keys).length > 0 || !file) return keys;
    if (!existsSync(file)) {
      const { privateKeyPem } = generateSigningKey();
      writeFileSync(file, privateKeyPem, { mode: 0o600 });
      chmodSync(file, 0o600);
    }
    return { [SIM_KEY_ID]: rawPublicKey(privateKeyFromPem(readFileSync(file, 'utf8'))) };
  }

  async start(): Promise<void> {
    const { config, store, speaker, live, clock, log } = this.d;
    this.startedAt = clock.now();
    const mqtt = config.mqtt;
    if (mqtt.url === 'embedded') {
      this.broker = new EmbeddedBroker(mqtt.embeddedPort, log);
      await this.broker.start();
    }
    const provisioned = this.provisionedKeys();
    this.trust = trustStoreFor(provisioned, store.settings.get<TrustedKey[]>(ROTATED_KEYS));
    if (this.trust.kids.length === 0) {
      log.warn('no trusted control-room keys: every desired state, command and alert will be refused');
    }

    const { downloads } = config.sync;
    this.downloader = new ContentDownloader({
      dir: path.join(config.dataDir, 'media'),
      concurrency: downloads.concurrency,
      retries: downloads.retries,
      stallTimeoutMs: downloads.stallTimeoutS * 1000,
      ...(downloads.bandwidthKBps ? { bandwidthBytesPerS: downloads.bandwidthKBps * 1024 } : {}),
      freeBytes: async () => this.freeBytes(),
      log,
    });
    this.downloader.on('progress', (p) => {
      this.lastDownloads = p;
      live.publish('downloads', p);
    });

    this.applier = new DesiredApplier({
      store,
      content: {
        has: (c) =>
          c.mime.startsWith('audio/')
            ? speaker.library.has(c.sha256)
            : existsSync(this.downloader.pathOf(c.sha256)),
        hasAudio: (sha) => speaker.library.has(sha),
        fetchAll: async (items, signal) => {
          this.downloadsRunning += 1;
          try {
            return await this.downloader.fetchAll(items, signal);
          } finally {
            this.downloadsRunning -= 1;
          }
        },
        adopt: async (c, file) => {
          if (!c.mime.startsWith('audio/')) return;
          await speaker.library.import(file, { title: c.title, source: 'control-room' });
        },
      },
      checkSchedule: (body) => speaker.checkSchedule(body),
      checkSettings: (settings) => speaker.checkScheduleSettings(settings),
      checkHotspot: (section) => this.d.checkHotspot?.(section),
      onChanged: (body) => this.onDesiredChanged(provisioned, body),
      onReported: () => this.scheduleReported(),
      clock,
      log,
    });
    speaker.alsoReferenced = () => this.applier.pendingContent();
    this.alerts = new AlertManager({
      store,
      speaker,
      live,
      clock,
      log,
      repeatS: () => this.currentDesired()?.settings?.alertRepeatS ?? config.sync.alertRepeatS,
      fetchResource: (res) =>
        importCapResource(res, path.join(config.dataDir, 'media'), async (file) => {
          const item = await speaker.library.import(file, {
            title: { id: 'Peringatan', en: 'Alert' },
            source: 'control-room',
          });
          return item.sha256;
        }),
    });
    this.commands = new CommandRunner({
      speaker,
      sensors: this.d.sensors,
      desired: () => this.currentDesired(),
      ack: (corr, status, reason) =>
        store.outbox.enqueue('ack', 'ack', {
          corr,
          status,
          ...(reason ? { reason: reason.slice(0, 2000) } : {}),
        }),
      audit: (action, detail) => store.audit.append('control-room', action, detail),
      resync: () => this.publishBirthAndReported(),
      amplifierProblem: () => amplifierProblem(this.d.healthModel),
      log,
    });

    this.link = new ControlRoomLink(
      {
        url: this.brokerUrl,
        deviceId: config.device.id,
        root: mqtt.root,
        tls: mqtt,
        keepaliveS: mqtt.keepaliveS,
        protocolVersion: this.broker ? 4 : 5,
        backoff: { baseMs: mqtt.reconnectBaseMs, maxMs: mqtt.reconnectMaxMs },
        subscriptions: {
          load: () => store.settings.get<string[]>(SUBSCRIBED_KEY) ?? [],
          save: (topics) => store.settings.set(SUBSCRIBED_KEY, topics),
        },
      },
      this.healthWithDetail(),
      log,
    );
    const link = this.link;
    this.publisher = new OutboxPublisher({ queue: store.outbox, send: (row) => this.sendQueued(row), log });
    link.on('connected', () => {
      this.lastSyncAt = clock.now();
      this.publisher?.onConnected();
      void this.publishBirthAndReported();
    });
    link.on('disconnected', () => this.publisher?.onDisconnected());
    link.on('message', (channel, payload, topic) => this.onMessage(channel, payload, topic));
    this.groups = this.currentDesired()?.settings?.groups ?? [];
    await link.setGroups(this.groups);

    this.watchHealth();
    this.applier.resume();
    this.alerts.restore();
    this.scheduleTelemetry();
    this.every(PRUNE_EVERY_MS, () => store.processed.prune(clock.now()));
    link.start();
    // The embedded broker is in this process: be connected before the pole says it is up.
    if (this.broker) await withTimeout(once(link, 'connected'), 2000, undefined);
  }

  /** Telemetry every settings.telemetryIntervalS (desired) or sync.telemetryIntervalS (config). */
  private scheduleTelemetry(): void {
    const everyS =
      this.currentDesired()?.settings?.telemetryIntervalS ?? this.d.config.sync.telemetryIntervalS;
    if (everyS === this.telemetryEveryS) return;
    this.telemetryEveryS = everyS;
    clearInterval(this.telemetryTimer);
    this.telemetryTimer = setInterval(
      () => void this.sampleTelemetry().catch(() => undefined),
      everyS * 1000,
    );
    this.telemetryTimer.unref();
  }

  private every(ms: number, fn: () => void): void {
    const t = setInterval(fn, ms);
    t.unref();
    this.timers.push(t);
  }

  private currentDesired(): DesiredBody | undefined {
    return this.d.store.desired.current<DesiredBody>()?.body;
  }

  private freeBytes(): number {
    const { config, speaker } = this.d;
    const quota = config.speaker.contentQuotaMb * 1024 * 1024 - speaker.library.usage().bytes;
    let disk = Number.MAX_SAFE_INTEGER;
    try {
      disk = this.d.store.freeDiskBytes() - DISK_RESERVE_BYTES;
    } catch {
      // Unknown free space: the quota alone decides.
    }
    return Math.max(0, Math.min(quota, disk));
  }

  private healthWithDetail(): HealthReporter {
    return {
      report: (u: HealthUpdate) =>
        this.d.health.report({
          ...u,
          detail: {
            ...u.detail,
            desiredVersion: this.d.store.desired.currentVersion(),
            outbox: this.d.store.outbox.size,
            ...(this.lastSyncAt ? { lastSyncAt: this.lastSyncAt } : {}),
          },
        }),
    };
  }

  private onDesiredChanged(provisioned: Record<string, string>, body: DesiredBody): void {
    const rotated = body.settings?.trustedKeys;
    if (rotated && rotated.length > 0) {
      this.d.store.settings.set(ROTATED_KEYS, rotated);
      this.d.log.info({ kids: rotated.map((k) => k.kid) }, 'trusted control-room keys rotated');
    }
    this.trust = trustStoreFor(provisioned, this.d.store.settings.get<TrustedKey[]>(ROTATED_KEYS));
    this.groups = body.settings?.groups ?? [];
    void this.link?.setGroups(this.groups);
    if (this.telemetryTimer) this.scheduleTelemetry();
    this.d.speaker.loadSchedule();
    this.d.desiredChanged?.(body);
    this.d.live.publish('desired', { version: body.version });
  }

  /** Every signed message: verified, acted on at most once, or refused with a reason event. */
  private onMessage(channel: InboundChannel, payload: Buffer, topic: string): void {
    // Runs inside MQTT.js's socket handler, before the PUBACK: a throw here would crash the
    // agent, and the broker would redeliver the same message to crash it again.
    try {
      this.handleMessage(channel, payload, topic);
    } catch (err) {
      this.d.log.error({ err: (err as Error).message, topic }, 'control-room message failed');
      try {
        this.refuse(topic, `failed on the pole: ${(err as Error).message}`);
      } catch {
        // The database itself is failing (full card?): the health model already says so.
      }
    }
  }

  private handleMessage(channel: InboundChannel, payload: Buffer, topic: string): void {
    const { store, config, clock, log } = this.d;
    this.lastSyncAt = clock.now();
    const result = verifyInbound(channel, payload, {
      device: config.device.id,
      groups: this.groups,
      trust: this.trust,
      replay: store.processed,
      now: clock.now(),
    });
    if (!result.ok) {
      // The retained desired document comes again after every reconnect: not an attack.
      if (channel === 'desired' && result.id && result.id === store.settings.get<string>(DESIRED_ID_KEY))
        return;
      this.refuse(topic, result.reason, result.id, result.type);
      return;
    }
    const { payload: p } = result;
    log.info({ id: p.id, type: p.type, topic }, 'signed message accepted');
    // One transaction for the id and what handling it records (one fsync, not three: an
    // alert's sound waits for them). Remembered before acting: a crash half-way must not
    // make the speaker say it twice.
    store.db.transaction(() => {
      store.processed.remember(p.id, p.expiresAt);
      this.dispatch(result, topic);
    })();
  }

  private dispatch(result: Accepted, topic: string): void {
    const { store } = this.d;
    const { payload: p } = result;
    const type: SignedType = result.type;
    if (type === 'desired') {
      const reason = this.applier.apply(result.body as DesiredBody);
      if (reason) this.refuse(topic, reason, p.id, type);
      else store.settings.set(DESIRED_ID_KEY, p.id);
    } else if (type === 'alert') {
      const reason = this.alerts.handle(p.id, (result.body as { cap: string }).cap, p.expiresAt);
      if (reason) this.refuse(topic, reason, p.id, type);
    } else {
      this.commands.run(p.id, type, result.body);
    }
  }

  private refuse(topic: string, reason: string, id?: string, type?: string): void {
    const { store, log } = this.d;
    log.warn({ topic, reason, id, type }, 'control-room message refused');
    store.db.transaction(() => {
      store.outbox.enqueue('events', 'rejected', {
        topic,
        reason: reason.slice(0, 2000),
        ...(id ? { id } : {}),
        ...(type ? { type } : {}),
      });
      // A replay is not answered: the command's own acks were sent when it ran.
      if (id && type?.startsWith('cmd.') && !reason.startsWith('replayed')) {
        store.outbox.enqueue('ack', 'ack', { corr: id, status: 'rejected', reason });
      }
    })();
  }

  /** The wire form of a queued message: the envelope around its stored JSON, without re-parsing it. */
  private sendQueued(row: QueuedMessage): Promise<void> {
    const link = this.link!;
    const topic = link.topics[row.topic];
    return link.publish(
      topic,
      this.envelope(row.id, row.ts, row.type, row.data),
      row.topic === 'telemetry' ? 0 : 1,
    );
  }

  private envelope(id: string, ts: number, type: string, dataJson: string): string {
    const link = this.link!;
    return `{"v":1,"id":${JSON.stringify(id)},"ts":${ts},"device":${JSON.stringify(this.d.config.device.id)},"session":${JSON.stringify(link.session)},"seq":${link.nextSeq()},"type":${JSON.stringify(type)},"data":${dataJson}}`;
  }

  private direct(topic: 'birth' | 'reported', data: unknown): Promise<void> {
    if (!this.link?.connected) return Promise.resolve();
    return this.publishDirect(topic, data).catch((err: unknown) =>
      this.d.log.warn({ err: (err as Error).message, topic }, 'publish failed'),
    );
  }

  /** Resolves on the broker's PUBACK; rejects when not connected or the connection goes first. */
  private publishDirect(topic: 'birth' | 'reported', data: unknown): Promise<void> {
    const now = this.d.clock.now();
    const link = this.link;
    if (!link) return Promise.reject(new Error('not connected'));
    return link.publish(
      link.topics[topic],
      this.envelope(this.ulid(now), now, topic, JSON.stringify(data)),
      1,
      topic === 'reported',
    );
  }

  /** The retained `reported` published now, for the technician's link test: settles with the PUBACK. */
  publishReportedNow(): Promise<void> {
    return this.publishDirect('reported', this.reported());
  }

  /** The control-room link at a glance, for the admin screen. */
  linkStatus() {
    const link = this.link;
    const version = this.d.store.desired.currentVersion();
    return {
      connected: link?.connected ?? false,
      broker: redactUrl(this.brokerUrl),
      since: link?.changedAt ?? null,
      lastInboundAt: link?.lastInboundAt ?? null,
      desiredVersion: version > 0 ? version : null,
      sections: this.applier?.sections() ?? {},
      outboxQueued: this.d.store.outbox.size,
    };
  }

  /** The last progress of the content downloads while any run; null when none does. */
  get downloads(): DownloadProgress | null {
    return this.downloadsRunning > 0 ? (this.lastDownloads ?? null) : null;
  }

  birth() {
    const { config, speaker, healthModel, store } = this.d;
    const items = speaker.library.list();
    const digest = createHash('sha256')
      .update(
        items
          .map((i) => i.sha256)
          .sort()
          .join('\n'),
      )
      .digest('hex');
    return {
      software: tiangVersion(),
      capabilities: [
        'speaker',
        ...(config.kiosk.screen ? ['kiosk'] : []),
        ...(config.portal.enabled ? ['hotspot'] : []),
        ...(config.serial.airQuality?.enabled ? ['air-quality'] : []),
        'cap-1.2',
        ...(this.link?.protocolVersion === 5 ? ['mqtt5'] : []),
      ],
      desiredVersion: store.desired.currentVersion(),
      groups: this.groups,
      trustedKeys: this.trust.kids,
      content: { items: items.length, bytes: items.reduce((n, i) => n + i.bytes, 0), digest },
      health: healthSummary(healthModel),
      startedAt: this.startedAt,
      simulated: config.simulate,
    };
  }

  reported() {
    const drops = this.d.store.outbox.drops();
    return {
      version: this.d.store.desired.currentVersion(),
      sections: this.applier.sections(),
      groups: this.groups,
      health: healthSummary(this.d.healthModel),
      outboxDropped: drops.event + drops.telemetry,
    };
  }

  async publishBirthAndReported(): Promise<void> {
    await this.direct('birth', this.birth());
    await this.direct('reported', this.reported());
  }

  /** Coalesced: a burst of changes is one `reported`. */
  private scheduleReported(): void {
    if (this.reportedTimer) return;
    this.reportedTimer = setTimeout(() => {
      this.reportedTimer = undefined;
      void this.direct('reported', this.reported());
    }, 500);
    this.reportedTimer.unref();
  }

  /** Faults as events; the health summary in `reported` follows level changes. */
  private watchHealth(): void {
    const onChange = (h: { name: string; level: string; cause?: string }) => {
      const before = this.lastLevels.get(h.name);
      this.lastLevels.set(h.name, h.level);
      if (before === h.level || (before === undefined && h.level === 'ok')) return;
      this.d.store.outbox.enqueue('events', 'fault', {
        subsystem: h.name,
        level: h.level as 'ok' | 'degraded' | 'fault',
        ...(h.cause ? { cause: h.cause } : {}),
      });
      this.scheduleReported();
    };
    this.d.healthModel.on('change', onChange);
    this.unwatchHealth = () => this.d.healthModel.off('change', onChange);
  }

  private unwatchHealth: () => void = () => undefined;

  /**
   * Simulator practice ("broker-down" / "broker-up"): stop the embedded broker, or start it
   * again on the same port. The link notices and reconnects by itself, as with a real outage.
   */
  async setSimulatedBroker(up: boolean): Promise<void> {
    const broker = this.broker;
    if (!broker) throw new Error('this pole uses an external broker (mqtt.url), not the embedded one');
    if (up === broker.running) return;
    if (up) await broker.start();
    else await broker.stop();
    this.d.log.warn({ up }, up ? 'practice: broker started again' : 'practice: broker stopped');
  }

  /**
   * Download audio items of the applied desired state again (their library file went missing)
   * and store them in the library. Resolves with the sha256 of each item that is back; the
   * others are named with the reason.
   */
  async refetchAudio(
    sha256s: readonly string[],
  ): Promise<{ restored: string[]; failed: { sha256: string; error: string }[] }> {
    const wanted = new Set(sha256s);
    const specs = (this.currentDesired()?.content ?? []).filter(
      (c) => c.mime.startsWith('audio/') && wanted.has(c.sha256),
    );
    const restored: string[] = [];
    const failed: { sha256: string; error: string }[] = [];
    for (const sha256 of wanted) {
      if (!specs.some((c) => c.sha256 === sha256))
        failed.push({ sha256, error: 'not in the content list of the applied desired state' });
    }
    const results = specs.length > 0 ? await this.downloader.fetchAll(specs) : [];
    for (const [i, r] of results.entries()) {
      const spec = specs[i]!;
      if (!r.ok || !r.file) {
        failed.push({ sha256: spec.sha256, error: r.error ?? 'download failed' });
        continue;
      }
      try {
        await this.d.speaker.library.import(r.file, { title: spec.title, source: 'control-room' });
        restored.push(spec.sha256);
        // As after a first download: the library holds the canonical copy.
        await unlink(r.file).catch(() => undefined);
      } catch (err) {
        failed.push({ sha256: spec.sha256, error: (err as Error).message });
      }
    }
    return { restored, failed };
  }

  /** One telemetry sample into the outbox (every telemetryIntervalS; tests call it directly). */
  async sampleTelemetry(): Promise<void> {
    const sample = await telemetrySample(this.d.config.dataDir, this.d.sensors.status());
    enqueueTelemetry(this.d.store.outbox, 'telemetry', sample);
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    clearInterval(this.telemetryTimer);
    this.timers = [];
    clearTimeout(this.reportedTimer);
    this.unwatchHealth();
    this.alerts?.stop();
    await this.applier?.stop();
    this.publisher?.stop();
    await this.link?.stop();
    await this.broker?.stop();
    this.link = undefined;
    this.broker = undefined;
  }
}

import type { FastifyInstance } from 'fastify';
import { type Clock, HealthModel, type Logger, type LogRing, systemClock } from '../core/index.js';
import { GuidedTests } from './admin/guided-tests.js';
import { type AdminAuth, registerAdminRoutes } from './admin/index.js';
import type { LoadedConfig, TiangConfig } from './config/index.js';
import { registerAdminControls } from './http/admin-controls.js';
import { registerAdminLogs } from './http/admin-logs.js';
import { registerAdminOverview } from './http/admin-overview.js';
import { registerScheduleRoutes } from './http/admin-schedule.js';
import { registerStatsRoutes } from './http/admin-stats.js';
import { registerAdminTests } from './http/admin-tests.js';
import { registerAirApi } from './http/air-api.js';
import { registerAlertsApi } from './http/alerts-api.js';
import { type ApiDeps, healthDocument, registerPublicApi } from './http/api.js';
import { createKioskServices, type KioskServices } from './http/kiosk-api.js';
import { LiveHub } from './http/live.js';
import { registerProvisioningApi } from './http/provisioning-api.js';
import { registerSpeakerApi } from './http/speaker-api.js';
import { Lifecycle } from './lifecycle.js';
import { checkDataDir, checkPorts } from './preflight.js';
import { registerPracticeRoutes } from './sim/practice.js';
import { AdminSubsystem } from './subsystems/admin.js';
import { CabinetSubsystem } from './subsystems/cabinet.js';
import { ClockSubsystem } from './subsystems/clock.js';
import { ClockTrust } from './subsystems/clock-trust.js';
import { HardwareSubsystem } from './subsystems/hardware.js';
import { HotspotSubsystem } from './subsystems/hotspot.js';
import { hotspotSectionProblem } from './subsystems/hotspot-network.js';
import { HttpSubsystem } from './subsystems/http.js';
import { KioskSubsystem } from './subsystems/kiosk.js';
import { SensorsSubsystem } from './subsystems/sensors.js';
import { SpeakerSubsystem } from './subsystems/speaker.js';
import { StoreSubsystem } from './subsystems/store.js';
import { SyncSubsystem } from './subsystems/sync.js';
import { tiangVersion } from './version.js';

export interface PoleUrls {
  kiosk: string;
  admin: string;
  portal: string | undefined;
  mqtt: string;
}

export interface PoleOptions {
  loaded: LoadedConfig;
  log: Logger;
  clock?: Clock;
  /** The root logger's recent lines, for the admin screen's log view. */
  logRing?: LogRing;
  /**
   * Simulator only: false seeds the demo without its spoken schedule on the first start
   * (`tiang start --sim --quiet`), so the pole speaks only when asked.
   */
  demoSchedule?: boolean;
}

/**
 * The composition root: builds every subsystem, wires them together and runs them
 * through one lifecycle. Nothing else in the code base knows about more than one domain.
 */
export class Pole {
  readonly config: TiangConfig;
  private readonly loaded: LoadedConfig;
  readonly health: HealthModel;
  readonly live: LiveHub;
  readonly store: StoreSubsystem;
  readonly hardware: HardwareSubsystem;
  readonly speaker: SpeakerSubsystem;
  readonly cabinet: CabinetSubsystem;
  readonly sensors: SensorsSubsystem;
  readonly clockTrust: ClockTrust;
  readonly sync: SyncSubsystem;
  readonly hotspot: HotspotSubsystem;
  readonly http: HttpSubsystem;
  readonly admin: AdminSubsystem;
  private readonly lifecycle: Lifecycle;
  private readonly kiosk: KioskServices;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly logRing: LogRing | undefined;
  /** One for every listener: a test of a kind runs once at a time whichever address asked. */
  private guidedTests: GuidedTests | undefined;
  private startedAt = 0;
  private stopping: Promise<{ timedOut: string[] }> | undefined;

  constructor(opts: PoleOptions) {
    this.config = opts.loaded.config;
    this.loaded = opts.loaded;
    this.clock = opts.clock ?? systemClock;
    this.log = opts.log;
    this.logRing = opts.logRing;
    const child = (module: string) => this.log.child({ module });
    this.health = new HealthModel(this.clock);
    this.live = new LiveHub(child('live'));
    this.lifecycle = new Lifecycle(this.health, child('agent'));
    this.kiosk = createKioskServices(this.config.dataDir, this.clock, child('kiosk'));

    this.store = new StoreSubsystem(
      this.config.dataDir,
      this.clock,
      this.health.reporter('storage'),
      child('store'),
      this.config.sync.outboxCapacity,
      this.config.simulate,
    );
    this.admin = new AdminSubsystem(
      this.config,
      this.store,
      this.clock,
      this.health.reporter('admin'),
      child('admin'),
      opts.demoSchedule ?? true,
    );
    this.hardware = new HardwareSubsystem(
      this.config,
      this.clock,
      this.health.reporter('amplifier'),
      child('gpio'),
    );
    this.cabinet = new CabinetSubsystem(
      this.config,
      this.hardware,
      {
        doorChanged: (open, at) => {
          // The audit entry and the control room's tamper event are one fact.
          this.store.db.transaction(() => {
            this.store.audit.append('system', open ? 'cabinet.door.opened' : 'cabinet.door.closed', { at });
            this.store.outbox.enqueue('events', 'tamper', { door: open ? 'opened' : 'closed', at });
          })();
          this.live.publish('cabinet', { doorOpen: open, at });
        },
        amplifierFault: (active, at) => {
          this.store.audit.append('system', active ? 'amplifier.fault' : 'amplifier.fault.cleared', { at });
          this.hardware.amplifierFault(active, at);
        },
      },
      this.clock,
      this.health.reporter('cabinet'),
      child('cabinet'),
    );
    this.sensors = new SensorsSubsystem(
      this.config,
      this.store,
      this.live,
      this.clock,
      this.health.reporter('sensors'),
      child('sensors'),
    );
    // The simulator trusts the laptop's clock; practice mode can take that trust away.
    this.clockTrust = this.config.simulate ? ClockTrust.always() : new ClockTrust();
    this.speaker = new SpeakerSubsystem(
      this.config,
      this.store,
      this.hardware,
      this.live,
      this.clockTrust,
      this.clock,
      this.health.reporter('speaker'),
      child('speaker'),
    );
    this.sync = new SyncSubsystem({
      config: this.config,
      store: this.store,
      speaker: this.speaker,
      sensors: this.sensors,
      healthModel: this.health,
      live: this.live,
      clock: this.clock,
      health: this.health.reporter('control-room'),
      log: child('sync'),
      checkHotspot: (section) => hotspotSectionProblem(this.config, section),
      desiredChanged: (body) => this.hotspot.desiredChanged(body.hotspot, body.version),
    });
    this.hotspot = new HotspotSubsystem({
      config: this.config,
      store: this.store,
      clock: this.clock,
      health: this.health.reporter('hotspot'),
      log: child('hotspot'),
    });
    this.http = new HttpSubsystem(
      this.config,
      this.live,
      [(app) => this.registerRoutes(app)],
      this.health.reporter('http'),
      child('http'),
    );

    // Order matters: storage first (everything records into it), hardware safe early,
    // HTTP last so that a 200 from /healthz means the whole pole is up.
    const clock = new ClockSubsystem(this.clockTrust, this.health.reporter('clock'));
    const kiosk = new KioskSubsystem(this.config, this.live, this.clock, this.health.reporter('kiosk'));
    for (const sub of [
      clock,
      this.store,
      this.admin,
      this.hardware,
      this.cabinet,
      this.sensors,
      this.speaker,
      this.sync,
      this.hotspot,
      kiosk,
      this.http,
    ])
      this.lifecycle.add(sub);
    this.publishHealthLive();
  }

  private apiDeps(): ApiDeps {
    return {
      config: this.config,
      version: tiangVersion(),
      startedAt: this.startedAt,
      clock: this.clock,
      health: this.health,
      live: this.live,
      desired: () => this.store.desired,
      kiosk: this.kiosk,
    };
  }

  private async registerRoutes(app: FastifyInstance): Promise<void> {
    registerPublicApi(app, this.apiDeps());
    // Before the sync subsystem starts there are no alerts to show.
    registerAlertsApi(app, () => this.sync.alerts?.views() ?? []);
    if (this.admin.auth) {
      await this.registerAdminApis(app, this.admin.auth);
      if (this.config.simulate) {
        registerPracticeRoutes(
          app,
          {
            hardware: this.hardware,
            sensors: this.sensors,
            clockTrust: this.clockTrust,
            store: this.store,
            sync: this.sync,
            speaker: this.speaker,
            dataDir: this.config.dataDir,
          },
          this.admin.auth,
          this.store.audit,
        );
      }
    }
  }

  /** The technician screen's API (docs/http.md), on the local listener only. */
  private async registerAdminApis(app: FastifyInstance, auth: AdminAuth): Promise<void> {
    await registerAdminRoutes(app, auth, this.store.audit);
    registerSpeakerApi(app, this.speaker, auth, this.store.audit);
    registerAirApi(app, this.sensors, auth);
    registerProvisioningApi(app, this.loaded, auth, this.store.audit, this.clock);
    const adminDeps = {
      config: this.config,
      health: this.health,
      store: this.store,
      speaker: this.speaker,
      sensors: this.sensors,
      sync: this.sync,
      hotspot: this.hotspot,
    };
    registerAdminOverview(app, adminDeps, auth);
    this.guidedTests ??= new GuidedTests(adminDeps);
    registerAdminTests(app, this.guidedTests, auth, this.store.audit);
    registerAdminControls(app, { speaker: this.speaker, live: this.live }, auth, this.store.audit);
    registerAdminLogs(
      app,
      { ring: this.logRing, deviceId: this.config.device.id, timezone: this.config.device.timezone },
      auth,
    );
    registerScheduleRoutes(app, { schedule: () => this.speaker.activeSchedule(), clock: this.clock }, auth);
    registerStatsRoutes(
      app,
      {
        playLog: () => this.speaker.playLog,
        clientsPerHour: (from, to) => this.hotspot.clientsPerHour(from, to),
        clock: this.clock,
      },
      auth,
    );
  }

  async start(): Promise<void> {
    this.startedAt = this.clock.now();
    // Checks that write nothing come first: a bad start leaves no trace.
    await checkPorts(this.config);
    checkDataDir(this.config.dataDir);
    try {
      await this.lifecycle.startAll();
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  get urls(): PoleUrls {
    const base = this.http.url;
    return {
      kiosk: `${base}/kiosk/`,
      admin: `${base}/admin/`,
      portal: this.hotspot.portalUrl,
      mqtt: this.sync.brokerUrl,
    };
  }

  /** The admin PIN when simulating, so the simulator can print it. */
  get simulatorPin(): string | undefined {
    return this.admin.simulatorPin;
  }

  /** Publish health on the live channel whenever it changes (coalesced: a burst of changes is one message). */
  private publishHealthLive(): void {
    let pending: NodeJS.Timeout | undefined;
    const send = () => this.live.publish('health', healthDocument(this.apiDeps()));
    this.health.on('change', () => {
      if (pending) return;
      pending = setTimeout(() => {
        pending = undefined;
        send();
      }, 200);
      pending.unref();
    });
  }

  /** Last resort on a forced exit: amplifier muted and disabled, synchronously. */
  emergencySafe(): void {
    this.hardware.safeNow();
  }

  stop(deadlineMs = 4000): Promise<{ timedOut: string[] }> {
    this.stopping ??= this.lifecycle.stopAll(deadlineMs);
    return this.stopping;
  }
}

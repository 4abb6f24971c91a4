import { bi, type Clock, type HealthReporter, type Logger, withTimeout } from '../../core/index.js';
import {
  type AirQualityReading,
  ispuForPm25,
  loadRealSerial,
  Sds011Driver,
  type SensorState,
  type SerialDriver,
  SerialSensor,
  SimSds011,
  SimSerialDriver,
} from '../../hardware/index.js';
import { AirReadingsRepo } from '../../store/index.js';
import type { TiangConfig } from '../config/index.js';
import type { LiveHub } from '../http/live.js';
import type { Subsystem } from '../lifecycle.js';
import type { StoreSubsystem } from './store.js';

const DAY_MS = 86_400_000;
const PRUNE_EVERY_MS = 3_600_000;

/** What screens show: the latest reading with its ISPU category, or why there is none. */
export interface AirStatus {
  available: boolean;
  status: string;
  cause: string | null;
  reading: { at: number; pm25: number; pm10: number } | null;
  ispu: {
    index: number;
    key: string;
    name: { id: string; en: string };
    colour: string;
    advice: { id: string; en: string };
  } | null;
}

/**
 * The serial air-quality sensor: readings into SQLite (1- and 15-minute aggregates), the
 * ISPU category onto the live channel, and the sensor's state into the health model.
 * In the simulator the port is a mock with a simulated SDS011 on the other end.
 */
export class SensorsSubsystem implements Subsystem {
  readonly name = 'sensors';
  sensor: SerialSensor<AirQualityReading> | undefined;
  /** The simulated SDS011, for practice-mode faults. */
  simDevice: SimSds011 | undefined;
  private repo!: AirReadingsRepo;
  private pruneTimer: NodeJS.Timeout | undefined;
  private state: SensorState<AirQualityReading> | undefined;
  private latest: AirQualityReading | undefined;
  private readonly readingWaiters = new Set<(r: AirQualityReading) => void>();

  constructor(
    private readonly config: TiangConfig,
    private readonly store: StoreSubsystem,
    private readonly live: LiveHub,
    private readonly clock: Clock,
    private readonly health: HealthReporter,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    const cfg = this.config.serial.airQuality;
    this.repo = new AirReadingsRepo(this.store.db);
    if (!cfg?.enabled) {
      this.health.report({ level: 'ok', cause: 'no air-quality sensor configured' });
      return;
    }
    let serial: SerialDriver;
    if (this.config.simulate) {
      const sim = new SimSerialDriver({ log: this.log });
      sim.addPort(cfg.path);
      this.simDevice = new SimSds011({ serial: sim, path: cfg.path, clock: this.clock });
      serial = sim;
    } else {
      serial = await loadRealSerial({ log: this.log });
    }
    this.sensor = new SerialSensor<AirQualityReading>({
      driver: new Sds011Driver(),
      serial,
      path: cfg.path,
      clock: this.clock,
      log: this.log,
      workS: cfg.workS,
      periodS: cfg.periodS,
      onReading: (r) => this.onReading(r),
      onState: (s) => this.onState(s),
    });
    this.sensor.start();
    this.pruneTimer = setInterval(() => this.prune(), PRUNE_EVERY_MS);
    this.pruneTimer.unref();
    this.prune();
  }

  private prune(): void {
    const cfg = this.config.serial.airQuality;
    if (!cfg) return;
    this.repo.prune(this.clock.now(), { 60: cfg.keepMinuteDays * DAY_MS, 900: cfg.keepQuarterDays * DAY_MS });
  }

  private onReading(r: AirQualityReading): void {
    this.latest = r;
    this.repo.add('air', r.at, r.pm25, r.pm10);
    this.live.publish('air', this.status());
    for (const waiter of this.readingWaiters) waiter(r);
    this.readingWaiters.clear();
  }

  /**
   * The next reading, for a technician's test: a sleeping sensor is woken and an unplugged
   * one retried at once. Undefined when none came within `timeoutMs` or no sensor is configured.
   */
  async nextReading(timeoutMs: number): Promise<AirQualityReading | undefined> {
    const sensor = this.sensor;
    if (!sensor) return undefined;
    let waiter: ((r: AirQualityReading) => void) | undefined;
    const next = new Promise<AirQualityReading>((resolve) => {
      waiter = resolve;
      this.readingWaiters.add(resolve);
    });
    sensor.wakeNow();
    try {
      return await withTimeout(next, timeoutMs, undefined);
    } finally {
      if (waiter) this.readingWaiters.delete(waiter);
    }
  }

  private onState(s: SensorState<AirQualityReading>): void {
    this.state = s;
    const bad = s.status === 'unplugged' || s.status === 'stuck' || s.status === 'error';
    const detail = { status: s.status, path: s.path, counters: s.counters, simulated: this.config.simulate };
    if (bad) {
      this.health.report({
        level: s.status === 'unplugged' ? 'fault' : 'degraded',
        cause: s.cause ?? `sensor ${s.status}`,
        hint:
          s.fix ??
          bi(
            'Periksa kabel USB sensor udara, lalu jalankan tiang doctor.',
            "Check the air sensor's USB cable, then run tiang doctor.",
          ),
        detail,
      });
    } else {
      this.health.report({ level: 'ok', cause: undefined, hint: undefined, detail });
    }
    this.live.publish('air', this.status());
  }

  /** For /api/air and the live `air` event. Hidden (available: false) while the sensor is faulty. */
  status(): AirStatus {
    const s = this.state;
    const faulty =
      !s ||
      s.status === 'unplugged' ||
      s.status === 'stuck' ||
      s.status === 'error' ||
      s.status === 'stopped';
    const r = this.latest;
    const ispu = r && !faulty ? ispuForPm25(r.pm25) : undefined;
    return {
      available: !faulty && r !== undefined,
      status: s?.status ?? (this.config.serial.airQuality?.enabled ? 'connecting' : 'absent'),
      cause: s?.cause ?? null,
      reading: r ? { at: r.at, pm25: r.pm25, pm10: r.pm10 } : null,
      ispu: ispu
        ? {
            index: ispu.index,
            key: ispu.category.key,
            name: ispu.category.name,
            colour: ispu.category.colour,
            advice: ispu.category.advice,
          }
        : null,
    };
  }

  /** PM2.5 over a time range, for the admin screen's chart. */
  series(from: number, to: number, resolution: 60 | 900) {
    return this.repo.series('air', resolution, from, to);
  }

  async stop(): Promise<void> {
    clearInterval(this.pruneTimer);
    await this.sensor?.stop();
    this.simDevice?.dispose();
  }
}

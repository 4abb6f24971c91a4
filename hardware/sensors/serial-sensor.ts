import {
  type Clock,
  isTiangError,
  type Logger,
  silentLogger,
  systemClock,
  type TiangError,
  withTimeout,
} from '../../core/index.js';
import type { SerialDriver, SerialLink } from '../serial/index.js';
import { type BackoffOptions, backoffDelay } from './backoff.js';
import {
  closedFault,
  impossibleFault,
  noReplyFault,
  sensorFault,
  silentFault,
  stuckFault,
} from './faults.js';
import type {
  FramerCounters,
  SensorCounters,
  SensorRequest,
  SensorState,
  SensorStatus,
  SensorTimers,
  SerialSensorDriver,
} from './types.js';

export interface SerialSensorOptions<R, P> {
  driver: SerialSensorDriver<R, P>;
  serial: SerialDriver;
  /** Prefer /dev/serial/by-id/...: it names the device, not the order USB adapters were found in. */
  path: string;
  onReading?: (reading: R) => void;
  onState?: (state: SensorState<R>) => void;
  log?: Logger;
  clock?: Clock;
  timers?: SensorTimers;
  /** For the backoff jitter. */
  random?: () => number;
  /** Seconds of each reading window. Default 30. */
  workS?: number;
  /** Seconds from one window's start to the next; not above workS = never sleep. Default 300. */
  periodS?: number;
  /** This many exact repeats in a row while working = stuck. Default 20. */
  stuckAfter?: number;
  /** This many impossible readings in a row = error. Default 20. */
  impossibleAfter?: number;
  /** No data this long while working = error (the sensor reports each second). Default 10. */
  silenceS?: number;
  /** Wait for a reply this long before sending again. Default 1500. */
  replyTimeoutMs?: number;
  /** Sends after the first before a request counts as unanswered. Default 2. */
  retries?: number;
  /** Reopen delays: 1 s doubling to 60 s, with jitter, by default. */
  backoff?: BackoffOptions;
}

interface Waiter<P> {
  matches(reply: P): boolean;
  resolve(reply: P | undefined): void;
  timer: unknown;
}

/** One open of the port. Everything async checks its session is still the live one. */
interface Session<P> {
  link?: SerialLink;
  ended: boolean;
  phase: 'setup' | 'work' | 'sleep';
  timers: Set<unknown>;
  waiters: Set<Waiter<P>>;
  silenceTimer?: unknown;
  /** The end of the sleep: the next reading window's start. */
  wakeTimer?: unknown;
  sleepInFlight: boolean;
}

const defaultTimers: SensorTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

const FAULTS: ReadonlySet<SensorStatus> = new Set(['unplugged', 'stuck', 'error']);

/** The session went away under a pending step (stop, unplug); not a fault of its own. */
class SessionEnded extends Error {}

/**
 * One serial sensor on one port: opens it, sets the device up, runs the duty cycle
 * (awake `workS` seconds every `periodS`, to spare the laser and fan, which are rated
 * in thousands of hours), checks what arrives, and reopens with backoff whenever the
 * port goes away. Nothing it does throws: every failure becomes a status with a cause,
 * and it keeps trying until stop().
 */
export class SerialSensor<R, P = unknown> {
  private readonly driver: SerialSensorDriver<R, P>;
  private readonly serial: SerialDriver;
  readonly path: string;
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly timers: SensorTimers;
  private readonly random: () => number;
  private readonly onReadingCb: ((reading: R) => void) | undefined;
  private readonly onStateCb: ((state: SensorState<R>) => void) | undefined;
  private readonly workMs: number;
  private readonly sleepMs: number;
  private readonly silenceS: number;
  private readonly stuckAfter: number;
  private readonly impossibleAfter: number;
  private readonly replyTimeoutMs: number;
  private readonly retries: number;
  private readonly backoff: BackoffOptions;

  private readonly counters: Omit<SensorCounters, keyof FramerCounters> = {
    readings: 0,
    impossible: 0,
    stuckDropped: 0,
    whileAsleep: 0,
    silences: 0,
    commandRetries: 0,
    commandFailures: 0,
    opens: 0,
    openFailures: 0,
    disconnects: 0,
  };
  private status: SensorStatus = 'connecting';
  private since: number;
  private fault: TiangError | undefined;
  private lastReading: R | undefined;
  private device: Record<string, string> | undefined;

  private started = false;
  private stopped = false;
  private session: Session<P> | undefined;
  private connecting: Promise<void> | undefined;
  private retryTimer: unknown;
  private attempt = 0;
  /** The value a run of repeats is counted against, and the run's length. */
  private runValue: R | undefined;
  private runLength = 0;
  private impossibleRun = 0;

  constructor(opts: SerialSensorOptions<R, P>) {
    this.driver = opts.driver;
    this.serial = opts.serial;
    this.path = opts.path;
    this.log = (opts.log ?? silentLogger()).child({ sensor: opts.driver.kind, path: opts.path });
    this.clock = opts.clock ?? systemClock;
    this.timers = opts.timers ?? defaultTimers;
    this.random = opts.random ?? Math.random;
    this.onReadingCb = opts.onReading;
    this.onStateCb = opts.onState;
    const workS = opts.workS ?? 30;
    const periodS = opts.periodS ?? 300;
    this.workMs = workS * 1000;
    this.sleepMs = periodS > workS ? (periodS - workS) * 1000 : 0;
    this.silenceS = opts.silenceS ?? 10;
    this.stuckAfter = opts.stuckAfter ?? 20;
    this.impossibleAfter = opts.impossibleAfter ?? 20;
    this.replyTimeoutMs = opts.replyTimeoutMs ?? 1500;
    this.retries = opts.retries ?? 2;
    this.backoff = opts.backoff ?? {};
    this.since = this.clock.now();
  }

  get kind(): string {
    return this.driver.kind;
  }

  /** A snapshot for health screens. */
  state(): SensorState<R> {
    const s: SensorState<R> = {
      kind: this.driver.kind,
      path: this.path,
      status: this.status,
      since: this.since,
      counters: { ...this.counters, ...this.driver.framing() },
    };
    if (this.fault) {
      s.cause = this.fault.message;
      s.code = this.fault.code;
      s.fix = this.fault.fix;
    }
    if (this.lastReading !== undefined) s.lastReading = this.lastReading;
    if (this.device) s.device = { ...this.device };
    return s;
  }

  /** Starts opening the port; returns at once. Called again (or after stop()) it does nothing. */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.since = this.clock.now();
    this.notify();
    this.connect();
  }

  /**
   * Sends the sensor to sleep (so the laser is not left running while the agent is down)
   * and closes the port. Never rejects.
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.retryTimer !== undefined) this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const s = this.session;
    const link = s?.link;
    if (s) this.endSession(s, false);
    if (link) {
      const sleep = this.driver.sleep?.();
      if (sleep)
        await withTimeout(
          link.write(sleep.bytes).catch(() => undefined),
          500,
          undefined,
        );
      await withTimeout(link.close(), 2000, undefined);
    }
    // An open still in flight closes its link itself when it sees the session is gone.
    await this.connecting;
    this.setStatus('stopped');
  }

  // ---- the port ------------------------------------------------------------------------

  private connect(): void {
    const s: Session<P> = {
      ended: false,
      phase: 'setup',
      timers: new Set(),
      waiters: new Set(),
      sleepInFlight: false,
    };
    this.session = s;
    this.connecting = this.openAndSetUp(s).catch((err: unknown) => this.fail(s, err, 'error'));
  }

  private async openAndSetUp(s: Session<P>): Promise<void> {
    let link: SerialLink;
    try {
      link = await this.serial.open(this.path, { baudRate: this.driver.baudRate });
    } catch (err) {
      this.counters.openFailures++;
      const missing = isTiangError(err) && err.code === 'SERIAL_MISSING';
      this.fail(s, err, missing ? 'unplugged' : 'error');
      return;
    }
    if (!this.live(s)) {
      await link.close().catch(() => undefined);
      return;
    }
    s.link = link;
    this.counters.opens++;
    this.driver.reset();
    link.onData((chunk) => this.receive(s, chunk));
    link.onClose((err) => this.linkClosed(s, err));
    const device = await this.driver.setup({ request: (req) => this.request(s, req) });
    if (!this.live(s)) return;
    this.device = device;
    this.log.info({ device }, 'sensor set up');
    await this.startWindow(s);
  }

  private linkClosed(s: Session<P>, err: Error | undefined): void {
    if (!this.live(s)) return;
    this.counters.disconnects++;
    this.fail(s, err ?? closedFault(this.path, this.driver.kind), 'unplugged');
  }

  /** Ends the session with a fault status and schedules the next open. */
  private fail(s: Session<P>, err: unknown, status: 'unplugged' | 'error'): void {
    if (!this.live(s) || err instanceof SessionEnded) return;
    this.endSession(s, true);
    const fault = isTiangError(err) ? err : sensorFault(this.path, this.driver.kind, err);
    this.setStatus(status, fault);
    if (this.stopped) return;
    const delay = backoffDelay(this.attempt++, this.backoff, this.random);
    this.log.debug({ delay, attempt: this.attempt }, 'reopening sensor port later');
    this.retryTimer = this.timers.setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.stopped) this.connect();
    }, delay);
  }

  private endSession(s: Session<P>, close: boolean): void {
    s.ended = true;
    if (this.session === s) this.session = undefined;
    for (const t of s.timers) this.timers.clearTimeout(t);
    s.timers.clear();
    for (const w of [...s.waiters]) w.resolve(undefined);
    s.waiters.clear();
    if (close && s.link) {
      s.link.close().catch((err: unknown) => this.log.debug({ err }, 'closing the sensor port failed'));
    }
  }

  private live(s: Session<P>): boolean {
    return !s.ended && this.session === s;
  }

  // ---- requests ------------------------------------------------------------------------

  private async request<Q extends P>(s: Session<P>, req: SensorRequest<P, Q>): Promise<Q> {
    const tries = this.retries + 1;
    for (let attempt = 0; attempt < tries; attempt++) {
      const link = s.link;
      if (!this.live(s) || !link) throw new SessionEnded();
      if (attempt > 0) this.counters.commandRetries++;
      const reply = this.awaitReply(s, req);
      try {
        await link.write(req.bytes);
      } catch (err) {
        // The link closed under the write: the close handler reports why.
        reply.cancel();
        if (!this.live(s)) throw new SessionEnded();
        throw err;
      }
      const r = await reply.promise;
      if (r !== undefined) return r;
      if (!this.live(s)) throw new SessionEnded();
    }
    this.counters.commandFailures++;
    throw noReplyFault(this.path, this.driver.kind, req.name, tries);
  }

  private awaitReply<Q extends P>(
    s: Session<P>,
    req: SensorRequest<P, Q>,
  ): { promise: Promise<Q | undefined>; cancel: () => void } {
    let waiter!: Waiter<P>;
    const promise = new Promise<Q | undefined>((resolve) => {
      waiter = {
        matches: (reply) => req.matches(reply),
        resolve: (reply) => {
          this.timers.clearTimeout(waiter.timer);
          s.timers.delete(waiter.timer);
          s.waiters.delete(waiter);
          resolve(reply as Q | undefined);
        },
        timer: undefined,
      };
    });
    waiter.timer = this.after(s, this.replyTimeoutMs, () => waiter.resolve(undefined));
    s.waiters.add(waiter);
    return { promise, cancel: () => waiter.resolve(undefined) };
  }

  // ---- incoming ------------------------------------------------------------------------

  private receive(s: Session<P>, chunk: Buffer): void {
    if (!this.live(s)) return;
    try {
      for (const msg of this.driver.feed(chunk, this.clock.now())) {
        if (!this.live(s)) return;
        if ('reading' in msg) this.handleReading(s, msg.reading);
        else this.handleReply(s, msg.reply);
      }
    } catch (err) {
      this.log.error({ err }, 'sensor data handling failed');
      this.fail(s, err, 'error');
    }
  }

  private handleReply(s: Session<P>, reply: P): void {
    for (const w of s.waiters) {
      if (w.matches(reply)) {
        w.resolve(reply);
        return;
      }
    }
  }

  private handleReading(s: Session<P>, r: R): void {
    if (s.phase === 'sleep') {
      // Awake when it should sleep: it lost power (and woke up working) or missed the command.
      this.counters.whileAsleep++;
      this.sleepAgain(s);
      return;
    }
    this.armSilence(s);
    const why = this.driver.implausible(r);
    if (why !== undefined) {
      this.counters.impossible++;
      if (++this.impossibleRun >= this.impossibleAfter) {
        this.setStatus('error', impossibleFault(this.path, this.driver.kind, why, this.impossibleRun));
      }
      return;
    }
    this.impossibleRun = 0;
    if (this.runValue !== undefined && this.driver.sameValue(this.runValue, r)) {
      this.runLength++;
    } else {
      this.runValue = r;
      this.runLength = 1;
    }
    if (this.runLength >= this.stuckAfter) {
      this.counters.stuckDropped++;
      const value = this.driver.describe(r);
      this.setStatus('stuck', stuckFault(this.path, this.driver.kind, value, this.runLength));
      return;
    }
    // A good reading: the device is fine again, whatever was wrong before.
    this.attempt = 0;
    this.counters.readings++;
    this.lastReading = r;
    this.setStatus('reading');
    if (!this.onReadingCb) return;
    try {
      this.onReadingCb(r);
    } catch (err) {
      this.log.error({ err }, 'sensor reading handler threw');
    }
  }

  // ---- duty cycle ----------------------------------------------------------------------

  private async startWindow(s: Session<P>): Promise<void> {
    s.phase = 'work';
    const wake = this.driver.wake?.();
    if (wake) await this.request(s, wake);
    if (!this.live(s)) return;
    if (this.status === 'connecting' || this.status === 'sleeping') this.setStatus('reading');
    this.armSilence(s);
    if (wake && this.driver.sleep && this.sleepMs > 0) this.after(s, this.workMs, () => this.endWindow(s));
  }

  private async endWindow(s: Session<P>): Promise<void> {
    this.clearSilence(s);
    s.sleepInFlight = true;
    try {
      await this.request(s, this.driver.sleep!());
    } finally {
      s.sleepInFlight = false;
    }
    if (!this.live(s)) return;
    // Asleep only once it said so: readings sent before the reply are still the window's.
    s.phase = 'sleep';
    this.clearSilence(s);
    // A fault stays visible while the sensor sleeps; only a healthy sensor is just "sleeping".
    if (this.status === 'reading' || this.status === 'connecting') this.setStatus('sleeping');
    s.wakeTimer = this.after(s, this.sleepMs, () => this.startWindow(s));
  }

  /**
   * Someone wants a reading now (a technician's test): a sleeping sensor starts its reading
   * window at once, and a port waiting to be reopened is tried at once instead of after its
   * backoff. A sensor that is working or opening goes on as it is.
   */
  wakeNow(): void {
    if (!this.started || this.stopped) return;
    const s = this.session;
    if (!s) {
      if (this.retryTimer === undefined) return;
      this.timers.clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
      this.connect();
      return;
    }
    if (s.phase !== 'sleep' || s.sleepInFlight || s.wakeTimer === undefined) return;
    this.timers.clearTimeout(s.wakeTimer);
    s.timers.delete(s.wakeTimer);
    s.wakeTimer = undefined;
    this.startWindow(s).catch((err: unknown) => this.fail(s, err, 'error'));
  }

  private sleepAgain(s: Session<P>): void {
    const sleep = this.driver.sleep?.();
    if (!sleep || s.sleepInFlight) return;
    s.sleepInFlight = true;
    this.request(s, sleep)
      .catch((err: unknown) => this.fail(s, err, 'error'))
      .finally(() => {
        s.sleepInFlight = false;
      });
  }

  private armSilence(s: Session<P>): void {
    this.clearSilence(s);
    // Not while it is being sent to sleep: silence then is what was asked for.
    if (s.phase !== 'work' || s.sleepInFlight || this.silenceS <= 0) return;
    s.silenceTimer = this.after(s, this.silenceS * 1000, () => this.silent(s));
  }

  private clearSilence(s: Session<P>): void {
    if (s.silenceTimer === undefined) return;
    this.timers.clearTimeout(s.silenceTimer);
    s.timers.delete(s.silenceTimer);
    s.silenceTimer = undefined;
  }

  /** No data while working: say so, and ask it to work again (it may have slept unasked). */
  private async silent(s: Session<P>): Promise<void> {
    s.silenceTimer = undefined;
    this.counters.silences++;
    this.setStatus('error', silentFault(this.path, this.driver.kind, this.silenceS));
    const wake = this.driver.wake?.();
    if (wake) await this.request(s, wake);
    if (this.live(s)) this.armSilence(s);
  }

  // ---- plumbing ------------------------------------------------------------------------

  /** A timer of the session: dropped with it; what it runs can only fail into a status. */
  private after(s: Session<P>, ms: number, fn: () => void | Promise<void>): unknown {
    const handle = this.timers.setTimeout(() => {
      s.timers.delete(handle);
      if (!this.live(s)) return;
      try {
        const done = fn();
        if (done) done.catch((err: unknown) => this.fail(s, err, 'error'));
      } catch (err) {
        this.fail(s, err, 'error');
      }
    }, ms);
    s.timers.add(handle);
    return handle;
  }

  private setStatus(status: SensorStatus, fault?: TiangError): void {
    const cause = fault?.message;
    if (status === this.status && cause === this.fault?.message) return;
    if (status !== this.status) this.since = this.clock.now();
    this.status = status;
    this.fault = FAULTS.has(status) ? fault : undefined;
    if (this.fault) this.log.warn({ status, code: this.fault.code }, this.fault.message);
    else this.log.info({ status }, 'sensor status');
    this.notify();
  }

  private notify(): void {
    if (!this.onStateCb) return;
    try {
      this.onStateCb(this.state());
    } catch (err) {
      this.log.error({ err }, 'sensor state handler threw');
    }
  }
}

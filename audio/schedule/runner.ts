import type { Clock, Logger } from '../../core/index.js';
import { type Occurrence, occurrencesBetween } from './plan.js';
import type { ScheduleRule, ScheduleSettings } from './rules.js';

export type MissedReason = 'restart' | 'clock-jump' | 'clock-untrusted' | 'late';

export interface TimerApi {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface ScheduleRunnerOptions {
  clock: Clock;
  log: Logger;
  /** Handed the occurrence `leadMs` before its instant, so the player can pre-warm the amplifier. */
  onDue: (occurrence: Occurrence, info: { lateMs: number }) => void;
  /** An occurrence that will not be handed over; each is reported once. */
  onMissed?: (occurrence: Occurrence, reason: MissedReason) => void;
  /** Due by a clock that is not trusted; resolved (due or missed) once the clock is trusted again. */
  onHeld?: (occurrence: Occurrence) => void;
  timers?: TimerApi;
  /** Time that only moves forward (performance.now): the reference a clock jump is measured against. */
  monotonic?: () => number;
  /** Default 5000. */
  leadMs?: number;
  /** Used until load() brings settings, which carry their own. Default 60_000. */
  missedGraceMs?: number;
  /** How far ahead occurrences are computed at once. Default 24 h. */
  lookaheadMs?: number;
  /** Longest single timer; timers drift across suspend and clock changes. Default 1 h. */
  maxSleepMs?: number;
  /** Wall-clock progress this far from monotonic progress is a clock jump. Default 2000. */
  jumpThresholdMs?: number;
  /** Occurrences older than this are not reported missed one by one after a long outage. Default 7 days. */
  missedLookbackMs?: number;
  /** Whether the clock is trusted at start (NTP synced or RTC). Default true. */
  clockTrusted?: boolean;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Keys of settled occurrences are kept this long, so a clock set back by up to this much replays nothing. */
const KEY_RETENTION_MS = 2 * DAY_MS;

const defaultTimers: TimerApi = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Drives the schedule in time: hands each occurrence over once, `leadMs` early, and
 * never plays a backlog. After a restart, a forward clock jump or a stall, an item
 * whose instant passed less than the grace ago is still handed over (late); older
 * ones are reported missed, so an item that did not play never goes unnoticed.
 *
 * Nothing is handed over twice: settled keys are remembered (a backward jump or a
 * new plan does not replay them) and, across restarts, the caller persists
 * checkpoint() and passes it back to start().
 */
export class ScheduleRunner {
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly timers: TimerApi;
  private readonly monotonic: () => number;
  private readonly leadMs: number;
  private readonly fallbackGraceMs: number;
  private readonly lookaheadMs: number;
  private readonly maxSleepMs: number;
  private readonly jumpThresholdMs: number;
  private readonly lookbackMs: number;

  private rules: readonly ScheduleRule[] = [];
  private settings: ScheduleSettings | undefined;
  private plan: { from: number; to: number; occurrences: Occurrence[] } | undefined;

  private running = false;
  private trusted: boolean;
  /** Trust just came back: the next trusted pass resolves what was held. */
  private releasing = false;
  private timer: unknown;
  private ticking = false;
  private again = false;

  /** Key -> instant of every occurrence handed over or reported missed. */
  private readonly settled = new Map<string, number>();
  private readonly held = new Map<string, Occurrence>();
  /** Everything at or before this was settled by an earlier run (from start(sinceMs)); undefined: the real start time. */
  private floor: number | undefined;
  /** Upper end of the last trusted pass (now + lead). */
  private scannedThrough: number | undefined;
  private restartPending = false;
  private startMono = 0;
  private startWall = 0;
  private last: { wall: number; mono: number } | undefined;
  private lastCheckpoint = 0;

  constructor(private readonly opts: ScheduleRunnerOptions) {
    this.clock = opts.clock;
    this.log = opts.log;
    this.timers = opts.timers ?? defaultTimers;
    this.monotonic = opts.monotonic ?? (() => performance.now());
    this.leadMs = opts.leadMs ?? 5000;
    this.fallbackGraceMs = opts.missedGraceMs ?? 60_000;
    this.maxSleepMs = Math.min(opts.maxSleepMs ?? HOUR_MS, HOUR_MS);
    // The plan must reach past the longest sleep, or an item could fall between two plans.
    this.lookaheadMs = Math.max(opts.lookaheadMs ?? DAY_MS, this.maxSleepMs + this.leadMs + 60_000);
    this.jumpThresholdMs = opts.jumpThresholdMs ?? 2000;
    this.lookbackMs = opts.missedLookbackMs ?? 7 * DAY_MS;
    this.trusted = opts.clockTrusted ?? true;
  }

  /** Replace rules and settings, at any time. Occurrences already handed over are not handed over again. */
  load(rules: readonly ScheduleRule[], settings: ScheduleSettings): void {
    this.rules = rules;
    this.settings = settings;
    this.plan = undefined;
    this.tick();
  }

  /**
   * Start driving time. `sinceMs` is the checkpoint() persisted by the previous run:
   * occurrences after it and before now are handed over late (within the grace) or
   * reported missed('restart'). Without it nothing before now is looked at.
   */
  start(sinceMs?: number): void {
    if (this.running) return;
    this.running = true;
    this.startMono = this.monotonic();
    this.startWall = this.clock.now();
    this.floor = sinceMs;
    this.restartPending = sinceMs !== undefined;
    this.scannedThrough = undefined;
    this.last = undefined;
    this.lastCheckpoint = sinceMs ?? this.startWall;
    this.tick();
  }

  stop(): void {
    if (!this.running) return;
    this.lastCheckpoint = this.checkpoint();
    this.running = false;
    this.clearTimer();
  }

  /** Tell the runner whether wall-clock time can be believed (NTP synced or an RTC). */
  setClockTrusted(trusted: boolean): void {
    if (trusted === this.trusted) return;
    if (!trusted) {
      this.lastCheckpoint = this.checkpoint();
      this.log.warn('clock not trusted: holding scheduled items until it is');
    } else {
      this.releasing = true;
      this.log.info({ held: this.held.size }, 'clock trusted again: resolving held items');
    }
    this.trusted = trusted;
    this.tick();
  }

  /**
   * A time to persist now and pass to start() after a restart: everything scheduled at
   * or before it has been handed over or reported. Frozen while the clock is not trusted.
   */
  checkpoint(): number {
    if (!this.running || !this.trusted || this.scannedThrough === undefined) return this.lastCheckpoint;
    const now = this.clock.now();
    // A pass settles everything up to its now + lead; a late timer or an unnoticed
    // forward jump leaves items after that unsettled, and the first of them bounds the answer.
    const first = this.pending(now, this.scannedThrough + 1)[0];
    return first ? Math.min(now, first.at - 1) : now;
  }

  /** The next occurrences not yet handed over (for status screens and the player's pre-warm). */
  upcoming(limit = 10): Occurrence[] {
    const now = this.clock.now();
    return this.pending(now, this.earliest(now)).slice(0, limit);
  }

  get clockTrusted(): boolean {
    return this.trusted;
  }

  private graceMs(): number {
    return this.settings?.missedGraceMs ?? this.fallbackGraceMs;
  }

  /** The earliest instant that may still be handed over. */
  private earliest(now: number): number {
    return Math.max(now - this.graceMs(), (this.floor ?? this.startWall - 1) + 1);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    if (!this.running) return;
    // A callback may call load() or setClockTrusted(): run another pass afterwards, not inside.
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.ticking = true;
    try {
      do {
        this.again = false;
        this.pass();
      } while (this.again && this.running);
    } finally {
      this.ticking = false;
    }
    this.arm();
  }

  /** Occurrences in [from, to], from a plan computed once per lookahead. */
  private occurrences(from: number, to: number): Occurrence[] {
    const settings = this.settings;
    if (!settings || this.rules.length === 0) return [];
    const now = this.clock.now();
    const needTo = Math.max(to, now + this.maxSleepMs + this.leadMs);
    if (!this.plan || from < this.plan.from || needTo >= this.plan.to) {
      const planFrom = Math.min(from, now - this.graceMs());
      const planTo = Math.max(needTo, now + this.lookaheadMs) + 1;
      this.plan = {
        from: planFrom,
        to: planTo,
        occurrences: occurrencesBetween(this.rules, settings, planFrom, planTo),
      };
    }
    return this.plan.occurrences.filter((o) => o.at >= from && o.at <= to);
  }

  /** Unsettled, unheld occurrences from `from` to the end of the plan, ascending. */
  private pending(now: number, from: number): Occurrence[] {
    this.occurrences(from, now + this.maxSleepMs + this.leadMs);
    return (this.plan?.occurrences ?? []).filter(
      (o) => o.at >= from && !this.settled.has(o.key) && !this.held.has(o.key),
    );
  }

  private pass(): void {
    const now = this.clock.now();
    const mono = this.monotonic();
    let jumpedForward = false;
    if (this.last) {
      const drift = now - this.last.wall - (mono - this.last.mono);
      if (Math.abs(drift) > this.jumpThresholdMs) {
        jumpedForward = drift > 0;
        this.log.warn({ driftMs: drift }, `wall clock jumped ${drift > 0 ? 'forward' : 'back'}`);
      }
    }
    this.last = { wall: now, mono };
    if (this.trusted) this.resolve(now, mono, jumpedForward);
    else this.hold(now);
  }

  /** Untrusted clock: note what is due by it, hand nothing over. */
  private hold(now: number): void {
    for (const occ of this.occurrences(this.earliest(now), now + this.leadMs)) {
      if (this.settled.has(occ.key) || this.held.has(occ.key)) continue;
      this.held.set(occ.key, occ);
      this.log.warn({ key: occ.key }, 'scheduled item held: clock not trusted');
      this.emit(() => this.opts.onHeld?.(occ));
    }
  }

  private resolve(now: number, mono: number, jumpedForward: boolean): void {
    // Where the run really started, even if the wall clock was wrong then.
    const startedAt = now - (mono - this.startMono);
    if (this.floor === undefined) this.floor = startedAt - 1;
    else if (this.floor >= now) {
      // The clock was ahead before (the saved checkpoint, or this run's start): what lies
      // between now and then has not played by real time. Keys still stop replays.
      this.log.warn(
        { floor: this.floor, now },
        this.restartPending
          ? 'checkpoint lies in the future: ignoring it'
          : 'clock set back before this run started',
      );
      this.floor = now - 1;
    }
    const grace = this.graceMs();
    const high = now + this.leadMs;
    let from = Math.min((this.scannedThrough ?? this.floor) + 1, now - grace);
    if (from < now - this.lookbackMs) {
      this.log.warn(
        { from, until: now - this.lookbackMs },
        'long outage: older items are not reported one by one',
      );
    }
    from = Math.max(from, this.floor + 1, now - this.lookbackMs);

    for (const occ of this.occurrences(from, high)) {
      // A callback stopped the runner or withdrew trust: leave the rest to a later pass.
      if (!this.running || !this.trusted) return;
      if (this.settled.has(occ.key)) continue;
      this.settled.set(occ.key, occ.at);
      const wasHeld = this.held.delete(occ.key);
      if (occ.at >= now - grace) {
        const lateMs = Math.max(0, now - occ.at);
        this.log.info({ key: occ.key, lateMs }, 'scheduled item due');
        this.emit(() => this.opts.onDue(occ, { lateMs }));
      } else {
        const reason: MissedReason = wasHeld
          ? 'clock-untrusted'
          : this.restartPending && occ.at < startedAt
            ? 'restart'
            : this.releasing
              ? 'clock-untrusted'
              : jumpedForward
                ? 'clock-jump'
                : 'late';
        this.log.warn({ key: occ.key, reason, lateMs: now - occ.at }, 'scheduled item missed');
        this.emit(() => this.opts.onMissed?.(occ, reason));
      }
    }
    // Held items not resolved above were settled before this run, or lie ahead and come in their time.
    this.held.clear();
    this.releasing = false;
    this.restartPending = false;
    this.scannedThrough = high;
    for (const [key, at] of this.settled) if (at < now - KEY_RETENTION_MS) this.settled.delete(key);
  }

  private arm(): void {
    this.clearTimer();
    if (!this.running) return;
    const now = this.clock.now();
    let wake = now + this.maxSleepMs;
    // An item that became due since the pass read the clock makes the timer fire at once.
    const next = this.pending(now, this.earliest(now))[0];
    if (next) wake = Math.min(wake, Math.max(now, next.at - this.leadMs));
    this.timer = this.timers.setTimeout(
      () => {
        this.timer = undefined;
        this.tick();
      },
      Math.max(1, wake - now),
    );
  }

  private emit(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log.error({ err }, 'schedule callback failed');
    }
  }
}

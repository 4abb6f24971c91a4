import { EventEmitter } from 'node:events';
import type { Clock, Logger } from '../../core/index.js';
import type { AmplifierControl, AmpTimings } from './types.js';

/**
 * off → powering → warming (muted) → ready (muted, stream may start) → playing (unmuted)
 *   → tail (muted, tail silence still streaming) → hold (enabled, muted) → off
 */
export type AmpState = 'off' | 'powering' | 'warming' | 'ready' | 'playing' | 'tail' | 'hold';

/** The watchdog's patience: enabled with no stream and no reason to be, for this long, forces off. */
const WATCHDOG_IDLE_MS = 2000;
const WATCHDOG_EVERY_MS = 250;

/**
 * Drives the amplifier through its sequence so it never pops and is never left on.
 * Every way out ends muted and disabled: release() → hold → off, forceOff() at once, and a
 * watchdog that compares the lines with the state and forces off when they disagree.
 */
export class AmpSequencer extends EventEmitter<{ state: [AmpState]; forcedOff: [string] }> {
  private current: AmpState = 'off';
  private holdTimer: NodeJS.Timeout | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private warming: Promise<void> | undefined;
  private streams = 0;
  private lastActivity = 0;
  private generation = 0;

  constructor(
    private readonly amp: AmplifierControl,
    private readonly timings: AmpTimings,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    super();
  }

  get state(): AmpState {
    return this.current;
  }

  private set(state: AmpState): void {
    if (state === this.current) return;
    this.current = state;
    this.lastActivity = this.clock.now();
    this.emit('state', state);
  }

  start(): void {
    this.safeLines();
    this.watchdog = setInterval(() => this.checkWatchdog(), WATCHDOG_EVERY_MS);
    this.watchdog.unref();
  }

  /** How long ensureReady() would take from the state we are in now. */
  readyInMs(): number {
    switch (this.current) {
      case 'off':
        return (this.amp.hasSupplyRelay ? this.timings.supplyMs : 0) + this.timings.warmMs;
      case 'powering':
      case 'warming':
        return this.timings.warmMs; // an upper bound: already on its way
      default:
        return 0;
    }
  }

  /** The longest pre-warm any item can need: from fully off. */
  fullLeadMs(): number {
    return (
      (this.amp.hasSupplyRelay ? this.timings.supplyMs : 0) + this.timings.warmMs + this.timings.prerollMs
    );
  }

  /** Power and enable the amplifier, muted, and wait until it has settled. */
  ensureReady(): Promise<void> {
    clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
    if (this.current === 'hold' || this.current === 'tail' || this.current === 'playing') {
      this.amp.setMuted(true);
      this.set('ready');
      return Promise.resolve();
    }
    if (this.current === 'ready') return Promise.resolve();
    if (this.warming) return this.warming;
    const gen = this.generation;
    this.warming = (async () => {
      this.amp.setMuted(true);
      if (this.amp.hasSupplyRelay) {
        this.set('powering');
        this.amp.setSupply(true);
        await sleep(this.timings.supplyMs);
        if (gen !== this.generation) throw new Error('amplifier forced off while powering');
      }
      this.set('warming');
      this.amp.setEnabled(true);
      await sleep(this.timings.warmMs);
      if (gen !== this.generation) throw new Error('amplifier forced off while warming');
      this.set('ready');
    })().finally(() => {
      this.warming = undefined;
    });
    return this.warming;
  }

  /** A stream is running: the watchdog leaves an enabled amplifier alone while there is one. */
  streamStarted(): void {
    this.streams += 1;
    this.lastActivity = this.clock.now();
  }

  streamEnded(): void {
    this.streams = Math.max(0, this.streams - 1);
    this.lastActivity = this.clock.now();
  }

  unmute(): void {
    if (this.current !== 'ready' && this.current !== 'tail') return;
    this.amp.setMuted(false);
    this.set('playing');
  }

  mute(): void {
    this.amp.setMuted(true);
    if (this.current === 'playing') this.set('tail');
  }

  /** Nothing more to play: stay enabled (muted) for the hold time, then off. */
  release(): void {
    this.amp.setMuted(true);
    if (this.current === 'off') return;
    this.set('hold');
    clearTimeout(this.holdTimer);
    this.holdTimer = setTimeout(() => this.switchOff(), this.timings.holdMs);
    this.holdTimer.unref();
  }

  /** Mute, disable, cut the supply: in that order, so nothing pops. */
  switchOff(): void {
    clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
    this.generation += 1;
    this.safeLines();
    this.set('off');
  }

  forceOff(reason: string): void {
    this.log.warn({ reason, state: this.current }, 'amplifier forced off');
    this.switchOff();
    this.emit('forcedOff', reason);
  }

  private safeLines(): void {
    this.amp.setMuted(true);
    this.amp.setEnabled(false);
    this.amp.setSupply(false);
  }

  /**
   * The state can be lost (a bug, a crash in the player between two calls): the lines are
   * the truth. On when we think off, unmuted with no stream, or on with nothing to do → off.
   */
  private checkWatchdog(): void {
    const lines = this.amp.read();
    const idleFor = this.clock.now() - this.lastActivity;
    if (this.current === 'off') {
      if (lines.enabled || lines.supply || !lines.muted) this.forceOff('lines on while the sequencer is off');
      return;
    }
    if (!lines.muted && this.streams === 0) {
      this.forceOff('unmuted with no audio stream');
      return;
    }
    const busy = this.streams > 0 || this.warming !== undefined || this.holdTimer !== undefined;
    if (!busy && idleFor > WATCHDOG_IDLE_MS)
      this.forceOff(`${this.current} with nothing to play for ${idleFor} ms`);
  }

  /** For tests and the safety bench: the sequencer "forgets" where it is, as after a crash. */
  loseState(): void {
    clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
    this.current = 'off';
  }

  stop(): void {
    clearInterval(this.watchdog);
    this.watchdog = undefined;
    this.switchOff();
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

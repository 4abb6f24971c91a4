import { type Clock, type Logger, silentLogger } from '../../core/index.js';
import { describeProgram, type PcmProgram, programDurationMs, programFromWav } from './program.js';
import type { AudioFault, AudioOutput, PlayOptions, PlayOutcome, PlayResult } from './types.js';

/** One play() as the simulated speaker saw it. */
export interface SimPlay {
  file: string;
  startedAt: number;
  endedAt: number;
  outcome: PlayOutcome;
  fault?: AudioFault;
}

export interface SimNowPlaying {
  file: string;
  startedAt: number;
  durationMs: number;
}

/**
 * A speaker without sound: each program "plays" for its real length (from the WAV headers),
 * on real timers, so schedules and pre-emption behave as on the pole. Like aplay on a
 * device without dmix, a second play() while one is running fails as device-busy.
 */
export class SimAudioOutput implements AudioOutput {
  readonly simulated = true;
  /** Every play() in the order they finished. */
  readonly plays: SimPlay[] = [];
  private readonly scriptedFaults: AudioFault[] = [];
  private nowPlaying: SimNowPlaying | undefined;
  private readonly clock: Clock;
  private readonly log: Logger;

  constructor(opts: { clock: Clock; log?: Logger }) {
    this.clock = opts.clock;
    this.log = opts.log ?? silentLogger();
  }

  /** Makes the next play() fail with this fault (queued: call twice for two failures). */
  failNext(fault: AudioFault): void {
    this.scriptedFaults.push(fault);
  }

  /** What is playing now, if anything. */
  current(): SimNowPlaying | undefined {
    return this.nowPlaying ? { ...this.nowPlaying } : undefined;
  }

  async play(source: PcmProgram | string, opts: PlayOptions = {}): Promise<PlayResult> {
    const startedAt = this.clock.now();
    const signal = opts.signal;
    const file = typeof source === 'string' ? source : describeProgram(source);
    if (signal?.aborted) return this.done(file, startedAt, 'stopped');
    let durationMs: number;
    try {
      // A file given by name is checked now; a program's parts were checked when it was built.
      durationMs = programDurationMs(typeof source === 'string' ? await programFromWav(source) : source);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return this.done(file, startedAt, 'failed', { kind: 'bad-file', message, retryable: false });
    }
    const scripted = this.scriptedFaults.shift();
    if (scripted) return this.done(file, startedAt, 'failed', scripted);
    if (this.nowPlaying) {
      const message = `simulated device is busy playing ${this.nowPlaying.file}`;
      return this.done(file, startedAt, 'failed', { kind: 'device-busy', message, retryable: true });
    }
    if (signal?.aborted) return this.done(file, startedAt, 'stopped');

    this.nowPlaying = { file, startedAt, durationMs };
    opts.onStart?.(startedAt);
    this.log.debug({ file, durationMs }, 'simulated playback started');
    const outcome = await new Promise<PlayOutcome>((resolve) => {
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve('completed');
      }, durationMs);
      const onAbort = (): void => {
        clearTimeout(timer);
        resolve('stopped');
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    this.nowPlaying = undefined;
    return this.done(file, startedAt, outcome);
  }

  private done(file: string, startedAt: number, outcome: PlayOutcome, fault?: AudioFault): PlayResult {
    const endedAt = this.clock.now();
    this.plays.push(
      fault ? { file, startedAt, endedAt, outcome, fault } : { file, startedAt, endedAt, outcome },
    );
    if (fault) this.log.warn({ file, fault }, 'simulated playback failed');
    return fault
      ? { outcome, startedAt, endedAt, fault, underruns: 0 }
      : { outcome, startedAt, endedAt, underruns: 0 };
  }
}

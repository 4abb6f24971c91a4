import { EventEmitter } from 'node:events';
import { type Clock, type Logger, withTimeout } from '../../core/index.js';
import type { Mixer } from '../output/mixer.js';
import { type PcmPart, type PcmProgram, partBytes } from '../output/program.js';
import type { AudioOutput, PlayResult } from '../output/types.js';
import { bytesForMs, msForBytes } from '../pcm.js';
import type { AmpSequencer } from './amp-sequencer.js';
import { waitUntil } from './precise-wait.js';
import { type AmpTimings, type CutRule, type PlayItem, type PlayRecord, priorityRank } from './types.js';

/** Extra early wake-up on top of the amplifier's lead, for timer lateness on a busy Pi. */
const WAKE_MARGIN_MS = 50;
/** A retryable fault (device busy) gets this many more tries, this far apart. */
const RETRIES = 2;
const RETRY_AFTER_MS = 500;
const DEVICE_FREE_TIMEOUT_MS = 1000;
const DEFAULT_MAX_WAIT_MS: Record<PlayItem['priority'], number> = {
  emergency: 60 * 60_000,
  live: 10 * 60_000,
  announcement: 15 * 60_000,
  program: 30 * 60_000,
  test: 60_000,
};

interface Run {
  item: PlayItem;
  abort: AbortController;
  /** When the output stream (pre-roll silence first) started on the sound card. */
  streamStartedAt?: number;
  /** When the first sample of the content was handed to the output. */
  firstSampleAt?: number;
  contentMs: number;
  /** Set when a higher priority cut this run off. */
  cutBy?: PlayItem;
  done?: Promise<void>;
  /** Settles when this run's output stream has ended (the device is free again). */
  outputEnded?: Promise<unknown>;
}

interface Waiting {
  item: PlayItem;
  since: number;
  attempts: number;
}

export interface NowPlaying {
  item: PlayItem;
  /** The output stream started (pre-roll silence), then the content's first sample (startedAt). */
  streamStartedAt: number | undefined;
  startedAt: number | undefined;
  endsAt: number | undefined;
}

export interface PlayerOptions {
  clock: Clock;
  output: AudioOutput;
  mixer: Mixer;
  sequencer: AmpSequencer;
  timings: AmpTimings;
  log: Logger;
  /** Proof of play: every item ends here exactly once per attempt. */
  record: (r: PlayRecord) => void;
}

/**
 * The arbiter and the playback loop in one place: one item on the speaker at a time,
 * emergency > live > announcement > program > test. A higher priority cuts in at once with
 * the amplifier kept on; the cut item resumes, restarts or is dropped per its rule; equal or
 * lower priorities wait (up to their maximum wait). Items with a time are pre-warmed so their
 * first sample leaves at that instant.
 */
export class Player extends EventEmitter<{ change: [] }> {
  private running: Run | undefined;
  private readonly queue: Waiting[] = [];
  private readonly booked = new Map<string, { item: PlayItem; timer: NodeJS.Timeout }>();
  private closed = false;

  constructor(private readonly o: PlayerOptions) {
    super();
  }

  /** Hand an item to the speaker: now, or booked for its instant. */
  submit(item: PlayItem): void {
    if (this.closed) throw new Error('player is shut down');
    const lead = this.o.sequencer.fullLeadMs() + WAKE_MARGIN_MS;
    const wakeAt = item.at === undefined ? 0 : item.at - lead;
    const wait = wakeAt - this.o.clock.now();
    if (wait > 0) {
      const timer = setTimeout(() => {
        this.booked.delete(item.id);
        this.arrive(item, 0);
      }, wait);
      this.booked.set(item.id, { item, timer });
      this.emit('change');
      return;
    }
    this.arrive(item, 0);
  }

  private arrive(item: PlayItem, attempts: number): void {
    const run = this.running;
    if (!run) {
      this.start(item, false, attempts);
      return;
    }
    if (priorityRank[item.priority] > priorityRank[run.item.priority]) {
      const switchAt = item.at === undefined ? 0 : item.at - this.o.timings.switchPrerollMs;
      if (switchAt > this.o.clock.now()) {
        // Booked early for its pre-warm, but the amplifier is already on: cut in at the instant.
        void waitUntil(this.o.clock, switchAt).then(() => {
          if (!this.closed) this.arrive(item, attempts);
        });
        return;
      }
      this.preempt(run, item, attempts);
      return;
    }
    this.queue.push({ item, since: Math.max(item.at ?? 0, this.o.clock.now()), attempts });
    this.emit('change');
  }

  private preempt(run: Run, item: PlayItem, attempts: number): void {
    run.cutBy = item;
    this.o.sequencer.mute();
    run.abort.abort();
    this.start(item, true, attempts, run.outputEnded);
  }

  private start(item: PlayItem, switching: boolean, attempts: number, deviceFree?: Promise<unknown>): void {
    const run: Run = { item, abort: new AbortController(), contentMs: contentMs(item) };
    this.running = run;
    this.emit('change');
    run.done = this.play(run, switching, attempts, deviceFree)
      .catch((err: unknown) => {
        this.o.log.error({ err, item: item.id }, 'playback failed unexpectedly');
        this.o.sequencer.mute();
        this.finish(run, 'failed', (err as Error).message);
      })
      .finally(() => {
        if (this.running !== run) return;
        this.running = undefined;
        this.next();
      });
  }

  private async play(
    run: Run,
    switching: boolean,
    attempts: number,
    deviceFree?: Promise<unknown>,
  ): Promise<void> {
    const { item } = run;
    const { clock, sequencer, timings } = this.o;
    const signal = run.abort.signal;
    // A warm amplifier (enabled and settled, muted) only needs the short pre-roll a
    // preemption switch uses: the unmute still lands inside silence. The long one covers
    // an amplifier that has just been enabled.
    const warm = sequencer.readyInMs() === 0 && sequencer.state !== 'off';
    const preroll = switching || warm ? timings.switchPrerollMs : timings.prerollMs;
    const soonest = clock.now() + sequencer.readyInMs() + preroll;
    const target = item.at !== undefined && item.at > soonest ? item.at : soonest;

    // Pre-warm: start the amplifier sequence early enough that it is ready at the stream start.
    if (!(await waitUntil(clock, target - preroll - sequencer.readyInMs(), signal))) {
      return this.finish(run, run.cutBy ? 'cut' : 'stopped', this.cutCause(run));
    }
    await sequencer.ensureReady();
    if (item.volume !== undefined) {
      await this.o.mixer.setVolume(item.volume).catch((err: unknown) => {
        this.o.log.warn({ err, volume: item.volume }, 'could not set the volume; playing at the current one');
      });
    }
    if (!(await waitUntil(clock, target - preroll, signal))) {
      return this.finish(run, run.cutBy ? 'cut' : 'stopped', this.cutCause(run));
    }
    // After a cut the old aplay must let go of the device first (it exits within ms of SIGTERM).
    if (deviceFree) await withTimeout(deviceFree, DEVICE_FREE_TIMEOUT_MS, undefined);

    const program: PcmProgram = {
      format: item.format,
      parts: [
        { kind: 'silence', ms: preroll },
        ...skipMs(item, item.offsetMs ?? 0),
        { kind: 'silence', ms: timings.tailMs },
      ],
    };
    const contentLeft = run.contentMs - (item.offsetMs ?? 0);
    let unmute: NodeJS.Timeout | undefined;
    let mute: NodeJS.Timeout | undefined;
    // Once cut, this run must not touch the mute line again: the next item owns it.
    const dropTimers = () => {
      clearTimeout(unmute);
      clearTimeout(mute);
    };
    signal.addEventListener('abort', dropTimers, { once: true });
    sequencer.streamStarted();
    let result: PlayResult;
    try {
      const playing = this.o.output.play(program, {
        signal,
        onStart: (at) => {
          run.streamStartedAt = at;
          run.firstSampleAt = at + preroll;
          // Unmute inside the pre-roll silence, mute inside the tail silence: never on a sample.
          unmute = setTimeout(() => sequencer.unmute(), preroll / 2);
          mute = setTimeout(
            () => sequencer.mute(),
            preroll + contentLeft + Math.min(100, timings.tailMs / 2),
          );
          this.emit('change');
        },
      });
      run.outputEnded = playing;
      result = await playing;
    } finally {
      dropTimers();
      signal.removeEventListener('abort', dropTimers);
      if (this.running === run) sequencer.mute();
      sequencer.streamEnded();
    }

    if (result.outcome === 'completed') {
      return this.finish(run, 'played', result.fault?.message);
    }
    if (result.outcome === 'stopped') {
      return this.finish(run, run.cutBy ? 'cut' : 'stopped', this.cutCause(run));
    }
    const fault = result.fault;
    this.finish(run, 'failed', fault ? `${fault.kind}: ${fault.message}` : 'playback failed');
    if (fault?.retryable && attempts < RETRIES && !this.closed) {
      setTimeout(() => {
        if (!this.closed)
          this.arrive({ ...item, at: undefined, id: `${item.id}~r${attempts + 1}` }, attempts + 1);
      }, RETRY_AFTER_MS).unref();
    }
  }

  private cutCause(run: Run): string | undefined {
    return run.cutBy ? `cut by ${run.cutBy.priority} "${run.cutBy.title}"` : undefined;
  }

  private finish(run: Run, result: PlayRecord['result'], cause?: string): void {
    const { item } = run;
    this.o.record({
      itemId: item.id,
      title: item.title,
      priority: item.priority,
      source: item.source,
      ruleId: item.ruleId,
      occurrenceKey: item.occurrenceKey,
      scheduledAt: item.at,
      startedAt: run.firstSampleAt,
      endedAt: this.o.clock.now(),
      result,
      cause,
      volume: item.volume,
    });
    if (result === 'cut') this.requeueCut(run);
  }

  private requeueCut(run: Run): void {
    const rule: CutRule = run.item.onCut ?? (run.item.priority === 'program' ? 'resume' : 'restart');
    if (rule === 'drop') return;
    const played = run.firstSampleAt === undefined ? 0 : Math.max(0, this.o.clock.now() - run.firstSampleAt);
    const offsetMs = rule === 'resume' ? Math.min(run.contentMs, (run.item.offsetMs ?? 0) + played) : 0;
    if (offsetMs >= run.contentMs) return;
    const again: PlayItem = { ...run.item, at: undefined, offsetMs, id: `${run.item.id}~${rule}` };
    this.queue.push({ item: again, since: this.o.clock.now(), attempts: 0 });
  }

  /** The next waiting item: highest priority first, then the longest waiting; expired ones are logged. */
  private next(): void {
    if (this.closed) return;
    const now = this.o.clock.now();
    this.queue.sort(
      (a, b) => priorityRank[b.item.priority] - priorityRank[a.item.priority] || a.since - b.since,
    );
    while (this.queue.length > 0) {
      const w = this.queue.shift()!;
      const maxWait = w.item.maxWaitMs ?? DEFAULT_MAX_WAIT_MS[w.item.priority];
      if (now - w.since > maxWait) {
        this.finish(
          { item: w.item, abort: new AbortController(), contentMs: 0 },
          'expired',
          `waited more than ${maxWait} ms`,
        );
        continue;
      }
      this.start(w.item, false, w.attempts);
      return;
    }
    this.o.sequencer.release();
    this.emit('change');
  }

  nowPlaying(): NowPlaying | undefined {
    const run = this.running;
    if (!run) return undefined;
    const startedAt = run.firstSampleAt;
    return {
      item: run.item,
      streamStartedAt: run.streamStartedAt,
      startedAt,
      endsAt: startedAt === undefined ? undefined : startedAt + run.contentMs - (run.item.offsetMs ?? 0),
    };
  }

  /** What waits: queued items in play order, then booked ones by time. */
  upcoming(): PlayItem[] {
    const queued = [...this.queue]
      .sort((a, b) => priorityRank[b.item.priority] - priorityRank[a.item.priority] || a.since - b.since)
      .map((w) => w.item);
    const booked = [...this.booked.values()].map((b) => b.item).sort((a, b) => (a.at ?? 0) - (b.at ?? 0));
    return [...queued, ...booked];
  }

  /** Stop what plays and drop what waits (booked items too). */
  stopAll(reason: string): void {
    this.stopWhere(() => true, reason);
  }

  /** Stop only what plays now; what waits goes on. */
  stopCurrent(reason: string): void {
    const run = this.running;
    if (run) this.stopWhere((item) => item === run.item, reason);
  }

  /** Stop and drop the items that match, wherever they are: playing, queued or booked. */
  stopWhere(matches: (item: PlayItem) => boolean, reason: string): void {
    for (const [id, { item, timer }] of this.booked) {
      if (!matches(item)) continue;
      clearTimeout(timer);
      this.booked.delete(id);
      this.finish({ item, abort: new AbortController(), contentMs: 0 }, 'stopped', reason);
    }
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const w = this.queue[i]!;
      if (!matches(w.item)) continue;
      this.queue.splice(i, 1);
      this.finish({ item: w.item, abort: new AbortController(), contentMs: 0 }, 'stopped', reason);
    }
    if (this.running && matches(this.running.item)) this.running.abort.abort();
    this.emit('change');
  }

  /** Agent stop: everything stopped, amplifier off, before the promise resolves. */
  async shutdown(): Promise<void> {
    this.closed = true;
    this.stopAll('agent stopping');
    await this.running?.done;
    this.o.sequencer.stop();
  }
}

function contentMs(item: PlayItem): number {
  return msForBytes(
    item.format,
    item.parts.reduce((n, p) => n + partBytes(item.format, p), 0),
  );
}

/** The item's parts from `offsetMs` on, for an item resuming after a cut. */
function skipMs(item: PlayItem, offsetMs: number): PcmPart[] {
  if (offsetMs <= 0) return item.parts;
  let skip = bytesForMs(item.format, offsetMs);
  const out: PcmPart[] = [];
  for (const part of item.parts) {
    const size = partBytes(item.format, part);
    if (skip >= size) {
      skip -= size;
      continue;
    }
    if (skip === 0) out.push(part);
    else if (part.kind === 'silence') out.push({ ...part, ms: part.ms - msForBytes(item.format, skip) });
    else out.push({ ...part, dataOffset: part.dataOffset + skip, dataBytes: part.dataBytes - skip });
    skip = 0;
  }
  return out;
}

import { createHash, type Hash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createReadStream, type WriteStream } from 'node:fs';
import { mkdir, open, stat, writeFile } from 'node:fs/promises';
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import path from 'node:path';
import { finished, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { commitTempFile, errnoCode, type Logger, unlinkIfPresent } from '../../core/index.js';
import { Backoff } from '../backoff.js';
import { type Destroyable, HttpGetError, httpGet, redactUrl } from './http-get.js';
import { TokenBucket } from './rate-limit.js';

/**
 * Downloads the content files named by the control room's desired state, over links that drop
 * (cellular), from servers that may misbehave, onto a pole that may lose power at any moment.
 *
 * - A download lands in `<dir>/<sha256>.part` and only a file whose size and sha256 both match
 *   is renamed (durably) to `<dir>/<sha256>`: the speaker must never play a truncated or foreign file.
 * - Part files outlive the process on purpose: after a crash or a power cut the next run asks for
 *   the rest with `Range` instead of paying for the whole file again on a metered link.
 * - The hash is computed while the bytes stream to disk, so a 200 MB file is read once, not twice,
 *   and the part is flushed to disk in the background as it grows, so the fsync at commit is short.
 */

export interface ContentSpec {
  id: string;
  /** Lowercase hex sha256 of the file; also its file name, so it is checked strictly. */
  sha256: string;
  /** Exact size in bytes. */
  bytes: number;
  /** http:// or https:// */
  url: string;
}

export type ItemState = 'queued' | 'downloading' | 'verifying' | 'done' | 'failed' | 'retrying';

export interface ItemProgress {
  id: string;
  sha256: string;
  done: number;
  total: number;
  state: ItemState;
  error?: string;
}

/** One entry per distinct file (a sha256 listed twice is one download); done/total are sums of bytes. */
export interface DownloadProgress {
  items: ItemProgress[];
  done: number;
  total: number;
}

export interface DownloadResult {
  id: string;
  sha256: string;
  ok: boolean;
  /** The verified file, when ok. */
  file?: string;
  error?: string;
  /** Bytes that had been received before (by this or an earlier process) and were received again. */
  refetchedBytes: number;
}

export interface DownloaderOptions {
  /** Where partial files (`<sha256>.part`) and finished files (`<sha256>`) live. */
  dir: string;
  /** Files downloaded at the same time; default 2. */
  concurrency?: number;
  /** Attempts per item for errors worth retrying (5xx, dropped connection, stall); default 5. */
  retries?: number;
  /** Exponential backoff with full jitter between attempts; default { base: 1000, max: 60000 }. */
  backoffMs?: { base: number; max: number };
  /** An attempt that receives no bytes for this long is cut off and retried; default 30000. */
  stallTimeoutMs?: number;
  /** Cap on all downloads together, bytes per second; none by default. */
  bandwidthBytesPerS?: number;
  /** Room the disk quota still allows; an item that cannot fit is refused before it starts. */
  freeBytes?: () => Promise<number>;
  /** Extra trusted CA certificates (PEM) for HTTPS, on top of Node's bundled roots. */
  ca?: string | Buffer | (string | Buffer)[];
  log: Logger;
}

const SHA256_RE = /^[0-9a-f]{64}$/;
/** Progress events at most this often (plus a final one): a UI needs no more, and it keeps the hot path cheap. */
const PROGRESS_INTERVAL_MS = 250;
/**
 * Stream buffers of 1 MiB instead of Node's 16 KiB: the file stream can then hand the thread pool
 * many socket chunks per write (writev), which is what keeps up with loopback/LAN speeds.
 */
const STREAM_HWM = 1 << 20;
/**
 * How much may be written between background flushes to disk. Small enough that one flush is quick
 * even on an SD card (a stream that ends waits for the flush in flight), large enough to be few.
 */
const SYNC_STEP = 8 << 20;
const USER_AGENT = 'tiang-content-downloader';
/** Local disk errors: another attempt at the same disk would fail the same way. */
const DISK_ERRORS = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM', 'EIO', 'ENOTDIR', 'EISDIR']);

class DownloadError extends Error {
  readonly retryable: boolean;
  /** Retry at once, without backoff and without using up one of the item's attempts. */
  readonly immediate: boolean;
  /** The part file cannot be trusted and must go. */
  readonly dropPart: boolean;

  constructor(message: string, retryable: boolean, flags: { immediate?: boolean; dropPart?: boolean } = {}) {
    super(message);
    this.name = 'DownloadError';
    this.retryable = retryable;
    this.immediate = flags.immediate ?? false;
    this.dropPart = flags.dropPart ?? false;
  }
}

function toDownloadError(err: unknown): DownloadError {
  if (err instanceof DownloadError) return err;
  if (err instanceof HttpGetError) return new DownloadError(err.message, err.retryable);
  const message = err instanceof Error ? err.message : String(err);
  const code = errnoCode(err);
  if (code !== undefined && DISK_ERRORS.has(code)) return new DownloadError(`disk error: ${message}`, false);
  // Everything else is the network's doing (ECONNRESET, ECONNREFUSED, "aborted", DNS, TLS resets...)
  // and worth another try: the attempts are bounded anyway.
  return new DownloadError(
    code !== undefined && !message.includes(code) ? `${code}: ${message}` : message,
    true,
  );
}

function statusError(res: IncomingMessage, from: URL): DownloadError {
  const status = res.statusCode ?? 0;
  const message = `HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''} from ${redactUrl(from)}`;
  // 408/425/429 and 5xx say "not now"; every other answer (404, 403, 410, ...) will not change by asking again.
  const retryable = status >= 500 || status === 408 || status === 425 || status === 429;
  return new DownloadError(message, retryable);
}

function specProblem(spec: ContentSpec): string | undefined {
  if (typeof spec.sha256 !== 'string' || !SHA256_RE.test(spec.sha256)) {
    return 'invalid spec: sha256 must be 64 lowercase hex characters';
  }
  if (!Number.isSafeInteger(spec.bytes) || spec.bytes < 0) return `invalid spec: bytes ${spec.bytes}`;
  let url: URL;
  try {
    url = new URL(spec.url);
  } catch {
    return 'invalid spec: url is not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'invalid spec: url must be http(s)';
  return undefined;
}

/** `bytes start-end/total` → start and (when known) total. */
function parseContentRange(value: string | undefined): { start: number; total?: number } | undefined {
  const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(value?.trim() ?? '');
  if (!m) return undefined;
  return { start: Number(m[1]), total: m[3] === '*' ? undefined : Number(m[3]) };
}

function contentLength(res: IncomingMessage): number | undefined {
  const value = res.headers['content-length'];
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return 0;
    throw err;
  }
}

type Outcome =
  | { ok: true; file: string; refetchedBytes: number }
  | { ok: false; error: string; refetchedBytes: number };

/** One file being fetched, shared by every caller that listed its sha256. */
class Job {
  state: ItemState = 'queued';
  done = 0;
  error: string | undefined;
  refetchedBytes = 0;
  /** End of the furthest byte ever received (here or by an earlier process): bytes below it arriving again are refetched. */
  seen = 0;
  /** A resumed download whose digest came out wrong gets one clean restart (see verifyAndCommit). */
  restartedAfterMismatch = false;
  promise: Promise<Outcome> | undefined;
  readonly controller = new AbortController();
  readonly watchers = new Set<Run>();
  private callers = 0;
  /** A caller without a signal can never give up, so the job runs to the end. */
  private pinned = false;
  private readonly unlisten: (() => void)[] = [];

  constructor(readonly spec: ContentSpec) {}

  static failed(spec: ContentSpec, error: string): Job {
    const job = new Job(spec);
    job.state = 'failed';
    job.error = error;
    job.promise = Promise.resolve({ ok: false, error, refetchedBytes: 0 });
    return job;
  }

  static present(spec: ContentSpec, file: string): Job {
    const job = new Job(spec);
    job.state = 'done';
    job.done = spec.bytes;
    job.promise = Promise.resolve({ ok: true, file, refetchedBytes: 0 });
    return job;
  }

  /** The job stops (leaving its part file) only once every caller waiting for it has aborted. */
  attach(signal: AbortSignal | undefined): void {
    if (signal === undefined) {
      this.pinned = true;
      return;
    }
    this.callers += 1;
    const onAbort = (): void => {
      this.callers -= 1;
      if (this.callers === 0 && !this.pinned) this.controller.abort(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    this.unlisten.push(() => signal.removeEventListener('abort', onAbort));
  }

  get stopping(): boolean {
    return this.controller.signal.aborted;
  }

  update(state: ItemState, error?: string): void {
    this.state = state;
    this.error = error;
    this.notify();
  }

  /** Bytes [from, to) of the file just arrived. */
  received(from: number, to: number): void {
    if (from < this.seen) this.refetchedBytes += Math.min(to, this.seen) - from;
    if (to > this.seen) this.seen = to;
    this.done = to;
    this.notify();
  }

  notify(): void {
    for (const run of this.watchers) run.changed();
  }

  settle(): void {
    for (const off of this.unlisten) off();
    this.unlisten.length = 0;
  }
}

/** The progress of one fetchAll call, emitted at most every PROGRESS_INTERVAL_MS plus once at the end. */
class Run {
  private readonly entries: { id: string; job: Job }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private lastEmit = 0;
  private finished = false;

  constructor(
    entries: { id: string; job: Job }[],
    private readonly emit: (progress: DownloadProgress) => void,
  ) {
    const seen = new Set<Job>();
    for (const entry of entries) {
      if (seen.has(entry.job)) continue;
      seen.add(entry.job);
      this.entries.push(entry);
      entry.job.watchers.add(this);
    }
    this.changed();
  }

  changed(): void {
    if (this.timer !== undefined || this.finished) return;
    const wait = Math.max(0, this.lastEmit + PROGRESS_INTERVAL_MS - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.emitNow();
    }, wait);
  }

  finish(): void {
    this.finished = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const { job } of this.entries) job.watchers.delete(this);
    this.emitNow();
  }

  private emitNow(): void {
    this.lastEmit = Date.now();
    let done = 0;
    let total = 0;
    const items = this.entries.map(({ id, job }): ItemProgress => {
      done += job.done;
      total += job.spec.bytes;
      const item: ItemProgress = {
        id,
        sha256: job.spec.sha256,
        done: job.done,
        total: job.spec.bytes,
        state: job.state,
      };
      if (job.error !== undefined) item.error = job.error;
      return item;
    });
    this.emit({ items, done, total });
  }
}

/** A counting semaphore whose waiters leave the queue when their signal aborts. */
class Slots {
  private readonly waiting: (() => void)[] = [];

  constructor(private free: number) {}

  acquire(signal: AbortSignal): Promise<() => void> {
    if (signal.aborted) return Promise.reject(signal.reason);
    if (this.free > 0) {
      this.free -= 1;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const grant = (): void => {
        signal.removeEventListener('abort', onAbort);
        resolve(this.releaser());
      };
      const onAbort = (): void => {
        const at = this.waiting.indexOf(grant);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(signal.reason);
      };
      this.waiting.push(grant);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.free += 1;
    };
  }
}

/** Cuts an attempt off when no bytes arrive for `ms`; paused while the bandwidth cap holds reading back on purpose. */
class StallWatch {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly ms: number,
    private readonly onStall: () => void,
  ) {}

  kick(): void {
    if (this.stopped) return;
    // refresh() re-arms the existing timer: far cheaper per chunk than a new setTimeout.
    if (this.timer !== undefined) this.timer.refresh();
    else
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.stopped = true;
        this.onStall();
      }, this.ms);
  }

  pause(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  stop(): void {
    this.stopped = true;
    this.pause();
  }
}

/**
 * Sits between the socket and the part file: size limit, hash, progress, stall watch, bandwidth cap
 * and background write-back. Hashing here, in the stream, means the file is never read a second time.
 */
class Meter extends Transform {
  received = 0;
  private synced = 0;
  private syncing = false;
  /** A chunk held back by the bandwidth cap, and the timer that lets it go. */
  private held: { timer: NodeJS.Timeout; pass: () => void } | undefined;

  constructor(
    private readonly start: number,
    private readonly job: Job,
    private readonly hash: Hash,
    private readonly stall: StallWatch,
    private readonly bucket: TokenBucket | undefined,
    private readonly file: WriteStream,
    private readonly flush: () => Promise<void>,
  ) {
    super({ highWaterMark: STREAM_HWM });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const from = this.start + this.received;
    const to = from + chunk.length;
    if (to > this.job.spec.bytes) {
      // A server that sends more than announced is broken or hostile: stop before it fills the disk.
      callback(
        new DownloadError(`server sent more than the expected ${this.job.spec.bytes} bytes; refused`, false, {
          dropPart: true,
        }),
      );
      return;
    }
    this.hash.update(chunk);
    this.received += chunk.length;
    // bytesWritten counts completed writes, so this needs no bookkeeping of its own.
    const written = this.start + this.file.bytesWritten;
    if (written - this.synced >= SYNC_STEP && !this.syncing) {
      // Write back as we go, never awaited: the fsync at commit then has little left to do (flushing
      // 200 MB at the end took ~0.1 s on the dev VM, and takes seconds on an SD card), and a power
      // cut loses less of the part.
      this.syncing = true;
      this.synced = written;
      this.flush().then(
        () => (this.syncing = false),
        // The file stream may have closed the handle meanwhile; the fsync at commit is the one that counts.
        () => (this.syncing = false),
      );
    }
    this.job.received(from, to);
    this.stall.kick();
    const wait = this.bucket?.take(chunk.length) ?? 0;
    // Holding the callback back is the backpressure: the response pauses and TCP slows the sender.
    if (wait < 1) {
      callback(null, chunk);
      return;
    }
    this.stall.pause();
    const pass = (): void => {
      clearTimeout(held.timer);
      this.held = undefined;
      this.stall.kick();
      callback(null, chunk);
    };
    const held = { timer: setTimeout(pass, wait), pass };
    this.held = held;
  }

  /** Lets a chunk held by the bandwidth cap through now: the attempt is ending and only has to save it. */
  release(): void {
    this.held?.pass();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (this.held) clearTimeout(this.held.timer);
    this.held = undefined;
    callback(error);
  }
}

/**
 * Streams the response through the meter into the part file. When the network side fails (drop,
 * stall, abort) the bytes already received are still written out before this rejects, so the part
 * keeps every one of them and the next attempt asks for exactly the rest. (stream.pipeline would
 * destroy the file stream and throw away up to two buffers' worth.) A meter or disk error destroys
 * everything at once.
 */
function streamBody(
  res: IncomingMessage,
  meter: Meter,
  file: WriteStream,
  signal: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let failure: unknown;
    const stop = (err: unknown): void => {
      if (failure !== undefined) return;
      failure = err;
      res.unpipe(meter);
      res.destroy();
      meter.release();
      meter.end();
    };
    const onAbort = (): void => stop(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    const stopWatching = finished(res, (err) => {
      if (err) stop(err);
    });
    const settle = (err: unknown): void => {
      signal.removeEventListener('abort', onAbort);
      stopWatching();
      if (err === undefined) resolve();
      else reject(err);
    };
    pipeline(meter, file).then(
      () => settle(failure),
      (err: unknown) => {
        res.destroy();
        settle(failure ?? err);
      },
    );
    res.pipe(meter);
    if (signal.aborted) onAbort();
  });
}

export class ContentDownloader extends EventEmitter<{ progress: [DownloadProgress] }> {
  private readonly log: Logger;
  private readonly retries: number;
  private readonly backoffMs: { base: number; max: number };
  private readonly stallTimeoutMs: number;
  private readonly slots: Slots;
  private readonly bucket: TokenBucket | undefined;
  /** Downloads running or queued, by sha256: one writer per part file, however many callers ask. */
  private readonly jobs = new Map<string, Job>();
  /** Downloads past their quota check: the bytes they still have to write are promised to them. */
  private readonly active = new Set<Job>();

  constructor(private readonly opts: DownloaderOptions) {
    super();
    const concurrency = opts.concurrency ?? 2;
    this.retries = opts.retries ?? 5;
    this.backoffMs = opts.backoffMs ?? { base: 1000, max: 60_000 };
    this.stallTimeoutMs = opts.stallTimeoutMs ?? 30_000;
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError('concurrency must be >= 1');
    if (!Number.isInteger(this.retries) || this.retries < 1) throw new RangeError('retries must be >= 1');
    if (!(this.stallTimeoutMs > 0)) throw new RangeError('stallTimeoutMs must be > 0');
    this.slots = new Slots(concurrency);
    this.bucket =
      opts.bandwidthBytesPerS === undefined ? undefined : new TokenBucket(opts.bandwidthBytesPerS);
    this.log = opts.log;
  }

  /** Final path of a finished file. */
  pathOf(sha256: string): string {
    return path.join(this.opts.dir, sha256);
  }

  private partOf(sha256: string): string {
    return path.join(this.opts.dir, `${sha256}.part`);
  }

  /**
   * Fetch every item not already present as a verified `<dir>/<sha256>`; resolves with a result per
   * item (in order), never rejects for item failures. After `signal` aborts it resolves promptly,
   * unfinished items failing with 'aborted' and their `.part` files left for the next call.
   */
  async fetchAll(items: ContentSpec[], signal?: AbortSignal): Promise<DownloadResult[]> {
    // Files already here are found before any job starts, so they show as done at once and the
    // downloads then queue in the order listed (the control room lists what matters first).
    let dirError: string | undefined;
    try {
      await mkdir(this.opts.dir, { recursive: true });
    } catch (err) {
      dirError = `disk error: cannot create ${this.opts.dir}: ${toDownloadError(err).message}`;
    }
    const present = await Promise.all(
      items.map((spec) => dirError === undefined && specProblem(spec) === undefined && this.isPresent(spec)),
    );
    const entries = items.map((spec, i) => {
      let job: Job;
      if (dirError !== undefined) job = Job.failed(spec, dirError);
      else if (present[i]) job = Job.present(spec, this.pathOf(spec.sha256));
      else job = this.jobFor(spec, signal);
      return { id: spec.id, job };
    });
    const run = new Run(entries, (progress) => this.emit('progress', progress));
    try {
      return await Promise.all(entries.map((entry) => this.waitFor(entry, signal)));
    } finally {
      run.finish();
    }
  }

  private jobFor(spec: ContentSpec, signal: AbortSignal | undefined): Job {
    const problem = specProblem(spec);
    if (problem !== undefined) return Job.failed(spec, problem);
    if (signal?.aborted) return Job.failed(spec, 'aborted');
    const existing = this.jobs.get(spec.sha256);
    if (existing !== undefined && !existing.stopping) {
      if (existing.spec.bytes !== spec.bytes) {
        return Job.failed(
          spec,
          `invalid spec: sha256 ${spec.sha256} listed with ${existing.spec.bytes} and ${spec.bytes} bytes`,
        );
      }
      existing.attach(signal);
      return existing;
    }
    const job = new Job(spec);
    job.attach(signal);
    this.jobs.set(spec.sha256, job);
    // A job for this sha256 that is still stopping must close its part file before this one opens it.
    job.promise = this.runJob(job, existing?.promise);
    return job;
  }

  private async waitFor(
    entry: { id: string; job: Job },
    signal: AbortSignal | undefined,
  ): Promise<DownloadResult> {
    const { job } = entry;
    const promise = job.promise as Promise<Outcome>;
    let outcome: Outcome;
    if (signal === undefined) {
      outcome = await promise;
    } else {
      let onAbort = (): void => {};
      const aborted = new Promise<'aborted'>((resolve) => {
        onAbort = () => resolve('aborted');
        if (signal.aborted) resolve('aborted');
        else signal.addEventListener('abort', onAbort, { once: true });
      });
      try {
        const first = await Promise.race([promise, aborted]);
        if (first !== 'aborted') outcome = first;
        // When this caller was the job's last one, the job is stopping: wait the moment it takes to close
        // its part file, so whoever starts again finds the part complete. Otherwise it runs on for others.
        else if (job.stopping) outcome = await promise;
        else outcome = { ok: false, error: 'aborted', refetchedBytes: job.refetchedBytes };
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
    }
    return { id: entry.id, sha256: job.spec.sha256, ...outcome };
  }

  private async runJob(job: Job, previous: Promise<Outcome> | undefined): Promise<Outcome> {
    const { sha256, bytes } = job.spec;
    const signal = job.controller.signal;
    const log = this.log.child({ id: job.spec.id, sha256, url: redactUrl(job.spec.url) });
    let release: (() => void) | undefined;
    try {
      if (previous !== undefined) {
        // The stopping job for this sha256 may have finished the file after all.
        await previous;
        if (await this.isPresent(job.spec)) {
          job.done = bytes;
          job.update('done');
          return { ok: true, file: this.pathOf(sha256), refetchedBytes: 0 };
        }
      }
      // No await before this on the common path: jobs take their place in the queue in the order listed.
      release = await this.slots.acquire(signal);
      await this.checkQuota(job);
      this.active.add(job);
      const backoff = new Backoff(this.backoffMs.base, this.backoffMs.max);
      let failures = 0;
      for (;;) {
        job.update('downloading');
        try {
          await this.attempt(job, signal, log);
          job.update('done');
          log.info({ bytes, refetchedBytes: job.refetchedBytes }, 'content downloaded');
          return { ok: true, file: this.pathOf(sha256), refetchedBytes: job.refetchedBytes };
        } catch (err) {
          if (signal.aborted) throw err;
          const error = toDownloadError(err);
          if (!error.retryable) throw error;
          if (!error.immediate && ++failures >= this.retries) {
            throw new DownloadError(`gave up after ${failures} attempts: ${error.message}`, false);
          }
          const delayMs = error.immediate ? 0 : backoff.next();
          job.update('retrying', error.message);
          log.warn({ err: error.message, attempt: failures, delayMs }, 'content download failed; will retry');
          // Give the slot up while waiting, so one flaky server does not hold up the items behind it.
          release();
          release = undefined;
          await sleep(delayMs, undefined, { signal });
          release = await this.slots.acquire(signal);
        }
      }
    } catch (err) {
      const error = signal.aborted ? 'aborted' : toDownloadError(err).message;
      job.update('failed', error);
      if (!signal.aborted) log.warn({ err: error }, 'content download failed');
      return { ok: false, error, refetchedBytes: job.refetchedBytes };
    } finally {
      release?.();
      this.active.delete(job);
      job.settle();
      if (this.jobs.get(sha256) === job) this.jobs.delete(sha256);
    }
  }

  /**
   * A file under the final name got there only through verifyAndCommit, so its size is checked but
   * it is not hashed again: re-reading gigabytes on every desired-state update would wear an SD card.
   * Any doubt (wrong size, unreadable) means "not present" and the download sorts it out.
   */
  private async isPresent(spec: ContentSpec): Promise<boolean> {
    try {
      const s = await stat(this.pathOf(spec.sha256));
      if (!s.isFile()) return false;
      if (s.size === spec.bytes) return true;
      this.log.warn(
        { id: spec.id, sha256: spec.sha256, size: s.size, bytes: spec.bytes },
        'finished file has the wrong size; fetching it again',
      );
      return false;
    } catch {
      return false;
    }
  }

  private async checkQuota(job: Job): Promise<void> {
    if (this.opts.freeBytes === undefined) return;
    const { bytes } = job.spec;
    const partSize = await sizeOf(this.partOf(job.spec.sha256));
    const need = bytes - (partSize <= bytes ? partSize : 0);
    let free: number;
    try {
      free = await this.opts.freeBytes();
    } catch (err) {
      throw new DownloadError(`disk quota: cannot tell free space: ${toDownloadError(err).message}`, false);
    }
    // Downloads already running will write their remaining bytes too: two items that each fit
    // alone must not be let in together when they do not both fit.
    let promised = 0;
    for (const other of this.active) promised += other.spec.bytes - other.done;
    const room = Math.max(0, free - promised);
    if (need > room) {
      const others = promised > 0 ? ` (${promised} bytes already promised to running downloads)` : '';
      throw new DownloadError(
        `disk quota: needs ${need} more bytes but only ${room} are free${others}`,
        false,
      );
    }
  }

  private get(url: string, from: number, signal: AbortSignal, track: (t: Destroyable) => void) {
    // identity: the size and hash are of the file itself, never of a compressed transfer.
    const headers: OutgoingHttpHeaders = { 'accept-encoding': 'identity', 'user-agent': USER_AGENT };
    if (from > 0) headers.range = `bytes=${from}-`;
    return httpGet(url, { headers, signal, ca: this.opts.ca, track });
  }

  /** One attempt: resume or start the part file, stream the rest of the body into it, verify, commit. */
  private async attempt(job: Job, signal: AbortSignal, log: Logger): Promise<void> {
    const { sha256, bytes, url } = job.spec;
    const part = this.partOf(sha256);
    let have = await sizeOf(part);
    if (have > bytes) {
      log.warn({ have }, 'part file is larger than the item; starting over');
      await unlinkIfPresent(part);
      have = 0;
    }
    // Bytes in a part file left by an earlier process were received before too.
    job.seen = Math.max(job.seen, have);
    job.done = have;
    let hash = createHash('sha256');
    if (have > 0) {
      // Hash objects cannot be saved, so a resumed download re-reads what it already has.
      for await (const chunk of createReadStream(part, {
        end: have - 1,
        highWaterMark: STREAM_HWM,
        signal,
      })) {
        hash.update(chunk as Buffer);
      }
    }
    if (have === bytes) {
      // Complete already: an earlier run stopped between the last byte and the rename.
      if (bytes === 0) await writeFile(part, '');
      await this.verifyAndCommit(job, part, hash, have);
      return;
    }

    let target: Destroyable | undefined;
    let stalled: DownloadError | undefined;
    const stall = new StallWatch(this.stallTimeoutMs, () => {
      stalled = new DownloadError(`no data for ${this.stallTimeoutMs} ms`, true);
      target?.destroy(stalled);
    });
    const track = (t: Destroyable): void => {
      target = t;
    };
    try {
      stall.kick();
      let { res, url: from } = await this.get(url, have, signal, track);
      if (res.statusCode === 416 && have > 0) {
        // The server's file ends before our part does: the part is not of this file.
        log.warn({ have }, 'server refused the range (416); starting over');
        res.destroy();
        await unlinkIfPresent(part);
        have = 0;
        job.done = 0;
        hash = createHash('sha256');
        ({ res, url: from } = await this.get(url, 0, signal, track));
      }
      const status = res.statusCode ?? 0;
      if (status === 206) {
        const range = parseContentRange(res.headers['content-range']);
        if (range === undefined || range.start !== have) {
          res.destroy();
          throw new DownloadError(
            `server sent a range starting at ${range?.start ?? '?'} when asked for byte ${have}`,
            true,
            { dropPart: true },
          );
        }
        if (range.total !== undefined && range.total !== bytes) {
          res.destroy();
          throw new DownloadError(`wrong size: expected ${bytes} bytes, server has ${range.total}`, false, {
            dropPart: true,
          });
        }
      } else if (status === 200) {
        if (have > 0) {
          // No range support (or the server chose not to): the body is the whole file, so take it from 0.
          log.info({ have }, 'server ignored the Range request; fetching the whole file');
          have = 0;
          job.done = 0;
          hash = createHash('sha256');
        }
      } else {
        res.destroy();
        throw statusError(res, from);
      }
      const declared = contentLength(res);
      if (declared !== undefined && have + declared !== bytes) {
        res.destroy();
        const what = have + declared > bytes ? 'refused' : 'wrong size';
        throw new DownloadError(
          `${what}: expected ${bytes} bytes, server announced ${have + declared}`,
          false,
          {
            dropPart: true,
          },
        );
      }
      // 'w' truncates a part that is not being resumed. The stream closes the handle when it ends.
      const handle = await open(part, have > 0 ? 'a' : 'w');
      const file = handle.createWriteStream({ highWaterMark: STREAM_HWM });
      const meter = new Meter(have, job, hash, stall, this.bucket, file, () => handle.datasync());
      await streamBody(res, meter, file, signal);
      stall.stop();
      const got = have + meter.received;
      if (got !== bytes) {
        // With a length or chunked framing the server says the file really ended here; without
        // either, the end of the body is just the connection closing, which a broken link does too.
        const framed = declared !== undefined || /chunked/i.test(res.headers['transfer-encoding'] ?? '');
        if (!framed) throw new DownloadError(`connection closed after ${got} of ${bytes} bytes`, true);
        throw new DownloadError(`wrong size: expected ${bytes} bytes, got ${got}`, false, { dropPart: true });
      }
      await this.verifyAndCommit(job, part, hash, have);
    } catch (err) {
      target?.destroy();
      const error = stalled ?? err;
      if (error instanceof DownloadError && error.dropPart && !signal.aborted) await unlinkIfPresent(part);
      throw error;
    } finally {
      stall.stop();
    }
  }

  /**
   * Retry policy for a wrong digest: a download that ran from byte 0 and came out wrong fails at
   * once, since the server would only send the same wrong bytes again. A resumed one gets a single
   * clean restart, because its old part may be what is wrong: a power cut can leave zeros at the
   * end of a file whose size was already extended, or the server's file changed between attempts.
   */
  private async verifyAndCommit(job: Job, part: string, hash: Hash, resumedFrom: number): Promise<void> {
    const { sha256 } = job.spec;
    job.update('verifying');
    const got = hash.digest('hex');
    if (got !== sha256) {
      await unlinkIfPresent(part);
      const message = `sha256 mismatch: expected ${sha256}, got ${got}`;
      if (resumedFrom > 0 && !job.restartedAfterMismatch) {
        job.restartedAfterMismatch = true;
        throw new DownloadError(`${message} (resumed at byte ${resumedFrom}; starting over)`, true, {
          immediate: true,
        });
      }
      throw new DownloadError(message, false);
    }
    // fsync the part, rename it to the final name, fsync the folder: survives a power cut either way.
    await commitTempFile(part, this.pathOf(sha256));
  }
}

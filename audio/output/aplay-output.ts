import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { type Clock, errnoCode, type Logger } from '../../core/index.js';
import { classifyAplayFailure, countUnderruns } from './aplay-faults.js';
import {
  describeProgram,
  type PcmProgram,
  partBytes,
  programBytes,
  programDurationMs,
  programFromWav,
} from './program.js';
import type { AudioFault, AudioOutput, PlayOptions, PlayResult } from './types.js';
import { pcm16WavHeader } from './wav-write.js';

export interface AplayOutputOptions {
  /** ALSA device name, e.g. `plughw:CARD=sndrpihifiberry` (names, not indexes: indexes shift between boots). */
  device: string;
  aplayPath?: string;
  clock: Clock;
  log: Logger;
  /** How long aplay gets to exit after SIGTERM before it is killed. */
  stopGraceMs?: number;
  /**
   * How long past the file's own length aplay may run before it counts as hung (a stuck
   * I2S clock blocks aplay forever, which would silence the pole unnoticed).
   */
  hangGraceMs?: number;
}

/** Keep only this much of stderr: enough to classify a failure, bounded if aplay chatters. */
const MAX_STDERR_LINES = 200;

const ZEROS = Buffer.alloc(64 * 1024);

/** Resolves when the pipe wants more, or false when it is gone (aplay died, or we stopped). */
function writeOrWait(out: Writable, chunk: Buffer): Promise<boolean> {
  if (out.destroyed || out.writableEnded) return Promise.resolve(false);
  if (out.write(chunk)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      resolve(ok);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    out.on('drain', onDrain);
    out.on('close', onClose);
  });
}

/** Feeds a program into aplay's stdin as one WAV stream: header, then each part in turn. */
async function pump(program: PcmProgram, out: Writable, stopped: () => boolean): Promise<void> {
  const { format } = program;
  const header = pcm16WavHeader(format.channels, format.sampleRate, programBytes(program));
  if (!(await writeOrWait(out, header))) return;
  for (const part of program.parts) {
    if (stopped()) return;
    if (part.kind === 'silence') {
      let left = partBytes(format, part);
      while (left > 0 && !stopped()) {
        const n = Math.min(left, ZEROS.length);
        if (!(await writeOrWait(out, ZEROS.subarray(0, n)))) return;
        left -= n;
      }
    } else if (part.dataBytes > 0) {
      const file = createReadStream(part.path, {
        start: part.dataOffset,
        end: part.dataOffset + part.dataBytes - 1,
      });
      try {
        for await (const chunk of file) {
          if (stopped() || !(await writeOrWait(out, chunk as Buffer))) return;
        }
      } finally {
        file.destroy();
      }
    }
  }
  out.end();
}

/**
 * Plays programs through `aplay -D <device> -q -t wav -`, spawned directly (no shell), the
 * samples streamed on stdin so pre-roll, chime, content and tail are one gapless stream.
 */
export class AplayOutput implements AudioOutput {
  readonly simulated = false;
  private readonly device: string;
  private readonly aplayPath: string;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly stopGraceMs: number;
  private readonly hangGraceMs: number;

  constructor(opts: AplayOutputOptions) {
    this.device = opts.device;
    this.aplayPath = opts.aplayPath ?? 'aplay';
    this.clock = opts.clock;
    this.log = opts.log;
    this.stopGraceMs = opts.stopGraceMs ?? 500;
    this.hangGraceMs = opts.hangGraceMs ?? 10_000;
  }

  async play(source: PcmProgram | string, opts: PlayOptions = {}): Promise<PlayResult> {
    const startedAt = this.clock.now();
    const signal = opts.signal;
    if (signal?.aborted) return { outcome: 'stopped', startedAt, endedAt: startedAt, underruns: 0 };
    let program: PcmProgram;
    try {
      // aplay plays any file it cannot parse as raw 8-bit noise; a street speaker must not.
      program = typeof source === 'string' ? await programFromWav(source) : source;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return this.failed(startedAt, { kind: 'bad-file', message, retryable: false }, 0);
    }
    if (signal?.aborted) return { outcome: 'stopped', startedAt, endedAt: this.clock.now(), underruns: 0 };
    try {
      return await this.run(program, signal, opts.onStart);
    } catch (err) {
      // play() never rejects: anything unexpected is still a result the player can log.
      const message = `aplay could not be run: ${err instanceof Error ? err.message : String(err)}`;
      return this.failed(startedAt, { kind: 'exit-status', message, retryable: false }, 0);
    }
  }

  private run(
    program: PcmProgram,
    signal: AbortSignal | undefined,
    onStart: ((at: number) => void) | undefined,
  ): Promise<PlayResult> {
    const durationMs = programDurationMs(program);
    const file = describeProgram(program);
    return new Promise((resolve) => {
      const startedAt = this.clock.now();
      const child = spawn(this.aplayPath, ['-D', this.device, '-q', '-t', 'wav', '-'], {
        stdio: ['pipe', 'ignore', 'pipe'],
      });
      const lines: string[] = [];
      let partial = '';
      let underruns = 0;
      let stoppedBy: 'abort' | 'hang' | undefined;
      let killTimer: NodeJS.Timeout | undefined;
      let settled = false;

      const addLines = (text: string): void => {
        const parts = (partial + text).split('\n');
        partial = parts.pop() ?? '';
        underruns += countUnderruns(parts);
        lines.push(...parts);
        if (lines.length > MAX_STDERR_LINES) lines.splice(0, lines.length - MAX_STDERR_LINES);
      };
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', addLines);

      const stop = (why: 'abort' | 'hang'): void => {
        if (stoppedBy || settled) return;
        stoppedBy = why;
        child.stdin.destroy();
        child.kill('SIGTERM');
        // aplay normally exits on SIGTERM at once; a process stuck in the driver may not.
        killTimer = setTimeout(() => child.kill('SIGKILL'), this.stopGraceMs);
      };
      const onAbort = (): void => stop('abort');
      signal?.addEventListener('abort', onAbort, { once: true });
      const hangTimer = setTimeout(() => stop('hang'), durationMs + this.hangGraceMs);

      const finish = (result: PlayResult): void => {
        if (settled) return;
        settled = true;
        clearTimeout(killTimer);
        clearTimeout(hangTimer);
        signal?.removeEventListener('abort', onAbort);
        resolve(result);
      };

      // A dead aplay closes the pipe under us (EPIPE); its exit status tells the story.
      child.stdin.on('error', () => {});
      child.once('spawn', () => {
        onStart?.(this.clock.now());
        void pump(program, child.stdin, () => stoppedBy !== undefined || settled).catch((err: unknown) => {
          this.log.warn({ err, file }, 'could not read audio for the stream');
          child.stdin.destroy();
          child.kill('SIGTERM');
        });
      });
      child.on('error', (err) => {
        const code = errnoCode(err);
        const fault: AudioFault =
          code === 'ENOENT' || code === 'EACCES'
            ? {
                kind: 'aplay-missing',
                message: `cannot run ${this.aplayPath} (${code}); install alsa-utils`,
                retryable: false,
              }
            : { kind: 'exit-status', message: `aplay failed: ${err.message}`, retryable: false };
        finish(this.failed(startedAt, fault, underruns));
      });

      child.on('close', (code, sig) => {
        if (partial) addLines('\n');
        const endedAt = this.clock.now();
        if (stoppedBy === 'abort') {
          finish({ outcome: 'stopped', startedAt, endedAt, underruns });
          return;
        }
        if (stoppedBy === 'hang') {
          const message = `aplay still running ${this.hangGraceMs} ms after the end of ${file} (${Math.round(durationMs)} ms long) on ${this.device}; killed it`;
          finish(this.failed(startedAt, { kind: 'exit-status', message, retryable: true }, underruns));
          return;
        }
        if (code === 0) {
          const result: PlayResult = { outcome: 'completed', startedAt, endedAt, underruns };
          if (underruns > 0) {
            const message = `${underruns} underrun(s) on ${this.device} while playing ${file}: ${lines.find((l) => l.includes('underrun!!!'))}`;
            result.fault = { kind: 'underrun', message, retryable: false };
            this.log.warn({ file, device: this.device, underruns }, 'audio underruns');
          }
          finish(result);
          return;
        }
        const fault = classifyAplayFailure(lines, { code, signal: sig }, { device: this.device, file });
        finish(this.failed(startedAt, fault, underruns));
      });
    });
  }

  private failed(startedAt: number, fault: AudioFault, underruns: number): PlayResult {
    this.log.warn({ device: this.device, fault }, 'audio playback failed');
    return { outcome: 'failed', startedAt, endedAt: this.clock.now(), fault, underruns };
  }
}

import { createHash } from 'node:crypto';
import { mkdir, readdir, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import {
  bi,
  type Clock,
  claimTempFile,
  commitTempFile,
  errnoCode,
  type Logger,
  releaseTempFile,
  removeAbandonedTemps,
  TiangError,
  unlinkIfPresent,
} from '../../core/index.js';
import { isCanonicalWav } from '../canonical-wav.js';
import { readWavInfo, type WavInfo } from '../output/index.js';
import { CANONICAL_FORMAT } from '../pcm.js';
import { installSoxFix, isSoxFailure, soxConvert } from '../sox.js';
import { ESPEAK_RATE_WPM, ESPEAK_VOICES, espeakToWav, type TtsLang } from './espeak.js';

export type { TtsLang } from './espeak.js';

export interface TtsRendererOptions {
  /** `<dataDir>/tts`: rendered announcements, `<key>.wav` in CANONICAL_FORMAT. */
  cacheDir: string;
  clock: Clock;
  log: Logger;
  espeakPath?: string;
  soxPath?: string;
}

export interface TtsRequest {
  text: string;
  lang: TtsLang;
}

export interface TtsResult {
  file: string;
  durationMs: number;
  /** True when the file was already rendered and espeak-ng did not run. */
  cached: boolean;
}

export const TTS_MAX_CHARS = 1000;
/** Part of the cache key: raise it when rendering changes, so older files are not reused. */
const RENDER_VERSION = 1;
/** Even 1000 characters take a few seconds on a Pi; longer means a stuck process. */
const TOOL_TIMEOUT_MS = 60_000;

const invalid = (message: string) =>
  new TiangError(
    'TTS_INVALID',
    message,
    bi(
      `Kirim teks 1–${TTS_MAX_CHARS} karakter dengan bahasa "id" atau "en".`,
      `Send 1 to ${TTS_MAX_CHARS} characters of text with language "id" or "en".`,
    ),
  );

/**
 * Text to speech for announcements: espeak-ng (Indonesian or English voice), converted to
 * CANONICAL_FORMAT, cached by what determines the sound, so a repeated announcement costs
 * no CPU and starts at once.
 */
export class TtsRenderer {
  readonly cacheDir: string;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly espeakPath: string;
  private readonly soxPath: string;
  /** One render per key at a time; a second caller waits for the first. */
  private readonly pending = new Map<string, Promise<TtsResult>>();

  constructor(opts: TtsRendererOptions) {
    this.cacheDir = opts.cacheDir;
    this.clock = opts.clock;
    this.log = opts.log;
    this.espeakPath = opts.espeakPath ?? 'espeak-ng';
    this.soxPath = opts.soxPath ?? 'sox';
  }

  async render(req: TtsRequest): Promise<TtsResult> {
    const text = typeof req.text === 'string' ? req.text.trim() : '';
    const chars = [...text].length;
    if (chars === 0) throw invalid('announcement text is empty');
    if (chars > TTS_MAX_CHARS) {
      throw invalid(`announcement text is ${chars} characters long; at most ${TTS_MAX_CHARS}`);
    }
    if (!Object.hasOwn(ESPEAK_VOICES, req.lang))
      throw invalid(`unknown language ${JSON.stringify(req.lang)}`);
    const voice = ESPEAK_VOICES[req.lang];
    const key = createHash('sha256')
      .update(JSON.stringify([RENDER_VERSION, voice, ESPEAK_RATE_WPM, req.lang, text]))
      .digest('hex');
    const file = path.join(this.cacheDir, `${key}.wav`);

    const running = this.pending.get(key);
    if (running) return running;
    const work = this.renderOnce(file, req.lang, text).finally(() => this.pending.delete(key));
    this.pending.set(key, work);
    return work;
  }

  /** Removes rendered files not used for `maxAgeMs`, and temp files of renders cut short. Returns the names removed. */
  async prune(maxAgeMs: number): Promise<string[]> {
    const now = this.clock.now();
    const removed = await removeAbandonedTemps(this.cacheDir, now);
    let names: string[];
    try {
      names = await readdir(this.cacheDir);
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return removed;
      throw err;
    }
    for (const name of names) {
      const key = /^([0-9a-f]{64})\.wav$/.exec(name)?.[1];
      if (!key || this.pending.has(key)) continue;
      const file = path.join(this.cacheDir, name);
      const mtimeMs = await stat(file).then(
        (s) => s.mtimeMs,
        () => now,
      );
      if (now - mtimeMs > maxAgeMs && (await unlinkIfPresent(file))) removed.push(name);
    }
    if (removed.length > 0) this.log.info({ removed: removed.length }, 'tts cache pruned');
    return removed;
  }

  private async renderOnce(file: string, lang: TtsLang, text: string): Promise<TtsResult> {
    const hit = await this.cachedInfo(file);
    if (hit) {
      // The modification time records the last use, so prune() keeps what is still announced.
      await this.touch(file);
      return { file, durationMs: Math.round(hit.durationMs), cached: true };
    }

    await mkdir(this.cacheDir, { recursive: true });
    const raw = claimTempFile(this.cacheDir, '.espeak.wav');
    const out = claimTempFile(this.cacheDir, '.wav');
    try {
      await this.speak(lang, text, raw);
      await this.toCanonical(raw, out);
      const info = await readWavInfo(out);
      if (!isCanonicalWav(info)) throw new Error(`${out}: sox did not write the canonical format`);
      await this.touch(out);
      await commitTempFile(out, file);
      const durationMs = Math.round(info.durationMs);
      this.log.info(
        { file, voice: ESPEAK_VOICES[lang], chars: [...text].length, durationMs },
        'announcement rendered',
      );
      return { file, durationMs, cached: false };
    } finally {
      await releaseTempFile(raw);
      await releaseTempFile(out);
    }
  }

  /** The cached file's header if it is there and sound; a damaged one is rendered again. */
  private async cachedInfo(file: string): Promise<WavInfo | undefined> {
    try {
      const info = await readWavInfo(file);
      return isCanonicalWav(info) ? info : undefined;
    } catch {
      return undefined;
    }
  }

  private touch(file: string): Promise<void> {
    const t = this.clock.now() / 1000;
    return utimes(file, t, t);
  }

  private speak(lang: TtsLang, text: string, output: string): Promise<void> {
    return espeakToWav(text, lang, output, { espeakPath: this.espeakPath, timeoutMs: TOOL_TIMEOUT_MS });
  }

  private async toCanonical(input: string, output: string): Promise<void> {
    try {
      await soxConvert(input, output, CANONICAL_FORMAT, {
        soxPath: this.soxPath,
        timeoutMs: TOOL_TIMEOUT_MS,
      });
    } catch (err) {
      if (!isSoxFailure(err)) throw err;
      throw err.missing
        ? new TiangError('TTS_UNAVAILABLE', `text to speech is unavailable: ${err.message}`, installSoxFix, {
            cause: err,
          })
        : new TiangError(
            'TTS_FAILED',
            `the spoken text could not be converted: ${err.message}`,
            bi(
              'Pasang ulang sox: apt-get install --reinstall sox',
              'Reinstall sox: apt-get install --reinstall sox',
            ),
            { cause: err },
          );
    }
  }
}

import { createHash } from 'node:crypto';
import { mkdir, readdir, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { espeakToWav, readWavInfo } from '../../audio/index.js';
import {
  bi,
  type Clock,
  claimTempFile,
  commitTempFile,
  type Logger,
  releaseTempFile,
  removeAbandonedTemps,
  TiangError,
  unlinkIfPresent,
} from '../../core/index.js';
import type { SpeechLang } from './kiosk-speech-text.js';

/**
 * Spoken kiosk pages, for the "listen" button: espeak-ng's own WAV (16-bit mono 22050 Hz,
 * a quarter of the speaker's canonical format; the kiosk's browser plays it on the screen's
 * own output, never through the pole speaker). Files are kept by what determines the sound,
 * so a page read twice costs espeak-ng nothing the second time.
 *
 * One synthesis runs at a time: a Pi's two spare cores belong to the kiosk and the speaker.
 * A second request for the same text waits for the first; others queue behind it.
 */

export interface KioskSpeechOptions {
  /** `<dataDir>/cache/kiosk-speech` */
  cacheDir: string;
  clock: Clock;
  log: Logger;
  espeakPath?: string;
  /** Spoken pages kept; the least recently read go first. */
  maxFiles?: number;
}

export interface SpeechFile {
  file: string;
  /** True when the file was already there and espeak-ng did not run. */
  cached: boolean;
}

const DEFAULT_MAX_FILES = 50;
/** Syntheses waiting at once; more means something is hammering the button or the API. */
const MAX_WAITING = 16;

export const speechBusy = () =>
  new TiangError(
    'TTS_BUSY',
    'too many pages are waiting to be read aloud; try again in a moment',
    bi('Coba lagi sebentar lagi.', 'Try again in a moment.'),
  );

export class KioskSpeech {
  private readonly maxFiles: number;
  private queue: Promise<unknown> = Promise.resolve();
  private waiting = 0;
  private readonly pending = new Map<string, Promise<SpeechFile>>();
  private tempsCleaned = false;

  constructor(private readonly opts: KioskSpeechOptions) {
    this.maxFiles = opts.maxFiles ?? DEFAULT_MAX_FILES;
  }

  /** The cache key: what determines the sound (the voice follows from the language). */
  static keyOf(lang: SpeechLang, text: string): string {
    return createHash('sha256').update(`${lang}\n${text}`).digest('hex');
  }

  fileOf(lang: SpeechLang, text: string): string {
    return path.join(this.opts.cacheDir, `${KioskSpeech.keyOf(lang, text)}.wav`);
  }

  /** The WAV of `text` read in `lang`, from the cache or made now. */
  async wav(text: string, lang: SpeechLang): Promise<SpeechFile> {
    const key = KioskSpeech.keyOf(lang, text);
    const running = this.pending.get(key);
    if (running) return running;
    const file = this.fileOf(lang, text);
    // A cached page does not queue behind another page being made.
    if (await this.usable(file)) return { file, cached: true };
    if (this.waiting >= MAX_WAITING) throw speechBusy();
    this.waiting++;
    const work = this.serial(() => this.make(file, text, lang)).finally(() => {
      this.waiting--;
      this.pending.delete(key);
    });
    this.pending.set(key, work);
    return work;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** There and a sound WAV (a file cut short by a power loss is made again); touched as used. */
  private async usable(file: string): Promise<boolean> {
    try {
      const info = await readWavInfo(file);
      if (info.dataBytes === 0) return false;
      const t = this.opts.clock.now() / 1000;
      await utimes(file, t, t);
      return true;
    } catch {
      return false;
    }
  }

  private async make(file: string, text: string, lang: SpeechLang): Promise<SpeechFile> {
    if (await this.usable(file)) return { file, cached: true };
    const dir = this.opts.cacheDir;
    await mkdir(dir, { recursive: true });
    if (!this.tempsCleaned) {
      this.tempsCleaned = true;
      await removeAbandonedTemps(dir, this.opts.clock.now());
    }
    const temp = claimTempFile(dir, '.wav');
    const started = performance.now();
    try {
      await espeakToWav(text, lang, temp, this.opts.espeakPath ? { espeakPath: this.opts.espeakPath } : {});
      const info = await readWavInfo(temp);
      const t = this.opts.clock.now() / 1000;
      await utimes(temp, t, t);
      await commitTempFile(temp, file);
      this.opts.log.info(
        {
          lang,
          chars: text.length,
          durationMs: Math.round(info.durationMs),
          ms: Math.round(performance.now() - started),
        },
        'kiosk page spoken',
      );
    } finally {
      await releaseTempFile(temp);
    }
    await this.evict(file);
    return { file, cached: false };
  }

  /** Keep the newest `maxFiles`: the least recently read pages go first. */
  private async evict(keep: string): Promise<void> {
    const dir = this.opts.cacheDir;
    const names = (await readdir(dir)).filter((n) => /^[0-9a-f]{64}\.wav$/.test(n));
    if (names.length <= this.maxFiles) return;
    const files = await Promise.all(
      names.map(async (name) => {
        const file = path.join(dir, name);
        const mtimeMs = await stat(file).then(
          (s) => s.mtimeMs,
          () => 0,
        );
        return { file, mtimeMs };
      }),
    );
    files.sort((a, b) => a.mtimeMs - b.mtimeMs || a.file.localeCompare(b.file));
    let excess = files.length - this.maxFiles;
    for (const f of files) {
      if (excess <= 0) break;
      if (f.file === keep) continue;
      await unlinkIfPresent(f.file);
      excess--;
    }
  }
}

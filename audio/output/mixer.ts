import { execFile } from 'node:child_process';
import { bi, errnoCode, TiangError } from '../../core/index.js';

/** Speaker volume in percent, on a perceptual scale (what a person hears as half is 50). */
export interface Mixer {
  getVolume(): Promise<number>;
  setVolume(percent: number): Promise<void>;
}

/** Checks a volume and rounds it to the whole percent amixer takes. */
export function validVolume(percent: number): number {
  if (typeof percent !== 'number' || !Number.isFinite(percent) || percent < 0 || percent > 100) {
    throw new RangeError(`volume must be a number from 0 to 100 percent, got ${String(percent)}`);
  }
  return Math.round(percent);
}

/**
 * The playback volume in amixer's sget/sset output, e.g. "Mono: Playback 200 [79%] [-5.00dB] [on]".
 * With several channels it takes the first one listed (sset sets them together);
 * capture volumes on the same control are ignored.
 */
export function parseAmixerPercent(output: string): number | undefined {
  const match = /Playback\s+-?\d+\s+\[(\d{1,3})%\]/.exec(output);
  return match ? Number(match[1]) : undefined;
}

/** In-memory volume for tests and the simulator. */
export class SimMixer implements Mixer {
  private percent: number;

  constructor(initialPercent = 70) {
    this.percent = validVolume(initialPercent);
  }

  async getVolume(): Promise<number> {
    return this.percent;
  }

  async setVolume(percent: number): Promise<void> {
    this.percent = validVolume(percent);
  }
}

export interface AmixerMixerOptions {
  /** Simple mixer control, e.g. `PCM`, `Digital`, or the name of a softvol control. */
  control: string;
  /** Card name (`-c`); names survive reboots, indexes do not. */
  card?: string;
  amixerPath?: string;
}

/** Volume through `amixer -M` (mapped, i.e. perceptual, percentages). */
export class AmixerMixer implements Mixer {
  private readonly control: string;
  private readonly card: string | undefined;
  private readonly amixerPath: string;

  constructor(opts: AmixerMixerOptions) {
    this.control = opts.control;
    this.card = opts.card;
    this.amixerPath = opts.amixerPath ?? 'amixer';
  }

  async getVolume(): Promise<number> {
    const out = await this.amixer(['sget', this.control]);
    const percent = parseAmixerPercent(out);
    if (percent === undefined) {
      throw new TiangError(
        'MIXER_NO_VOLUME',
        `amixer control "${this.control}" reports no playback volume`,
        bi(
          'Pilih kontrol yang punya volume (lihat `amixer scontrols`).',
          'Choose a control that has a volume (see `amixer scontrols`).',
        ),
      );
    }
    return percent;
  }

  async setVolume(percent: number): Promise<void> {
    const value = validVolume(percent);
    await this.amixer(['sset', this.control, `${value}%`]);
  }

  private amixer(args: string[]): Promise<string> {
    const full = [...(this.card ? ['-c', this.card] : []), '-M', ...args];
    return new Promise((resolve, reject) => {
      execFile(this.amixerPath, full, { timeout: 5_000 }, (err, stdout, stderr) => {
        if (!err) {
          resolve(stdout);
          return;
        }
        reject(this.failure(err, stderr));
      });
    });
  }

  private failure(err: Error, stderr: string): TiangError {
    const where = `amixer control "${this.control}"${this.card ? ` on card ${this.card}` : ''}`;
    if (errnoCode(err) === 'ENOENT') {
      return new TiangError(
        'MIXER_AMIXER_MISSING',
        `cannot run ${this.amixerPath} (ENOENT)`,
        bi(
          'Pasang alsa-utils (`sudo apt install alsa-utils`).',
          'Install alsa-utils (`sudo apt install alsa-utils`).',
        ),
        { cause: err },
      );
    }
    const reason = stderr.trim().split('\n').at(-1) || err.message;
    return new TiangError(
      'MIXER_FAILED',
      `${where}: ${reason}`,
      bi(
        'Periksa nama kartu dan kontrol (`amixer scontrols`). Kontrol softvol baru muncul setelah suara pertama kali diputar lewat PCM-nya.',
        'Check the card and control names (`amixer scontrols`). A softvol control appears only after sound first played through its PCM.',
      ),
      { cause: err },
    );
  }
}

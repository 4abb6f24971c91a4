import { bi, errnoCode, isTiangError, TiangError } from '../../core/index.js';
import { readWavInfo, type WavInfo } from '../output/index.js';

export const MIN_SAMPLE_RATE = 8_000;
export const MAX_SAMPLE_RATE = 192_000;
export const MAX_CHANNELS = 2;
/** Longer than any speech or song a pole plays; a longer file is almost always a mistake (a whole recording). */
export const MAX_DURATION_MS = 2 * 3600_000;

const reexportFix = bi(
  'Ekspor ulang berkas sebagai WAV PCM (misalnya `sox masukan.mp3 -b 16 keluaran.wav`).',
  'Export the file again as PCM WAV (e.g. `sox input.mp3 -b 16 output.wav`).',
);

function refuse(file: string, reason: string, fix = reexportFix): TiangError {
  return new TiangError('CONTENT_INVALID', `${file}: cannot be added to the content library: ${reason}`, fix);
}

const hms = (ms: number): string => {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

/**
 * Reads the WAV header and refuses, with a CONTENT_INVALID error naming the file and the
 * reason, anything the library will not keep: not PCM WAV, damaged, silent by construction,
 * or outside what a pole speaker plays.
 */
export async function checkImportable(file: string): Promise<WavInfo> {
  let info: WavInfo;
  try {
    info = await readWavInfo(file);
  } catch (err) {
    if (isTiangError(err)) throw new TiangError('CONTENT_INVALID', err.message, err.fix, { cause: err });
    // Opened but unreadable (a folder, an I/O error): still the file's problem, said plainly.
    throw refuse(file, `cannot read it (${errnoCode(err) ?? (err as Error).message})`);
  }
  if (info.dataBytes < info.blockAlign)
    throw refuse(file, 'the data chunk is empty: there is no sound in it');
  if (info.channels > MAX_CHANNELS) {
    throw refuse(
      file,
      `${info.channels} channels; only mono or stereo`,
      bi(
        'Campur ke stereo dulu: `sox masukan.wav -c 2 keluaran.wav`.',
        'Mix it down to stereo first: `sox input.wav -c 2 output.wav`.',
      ),
    );
  }
  if (info.sampleRate < MIN_SAMPLE_RATE || info.sampleRate > MAX_SAMPLE_RATE) {
    throw refuse(
      file,
      `sample rate ${info.sampleRate} Hz is outside ${MIN_SAMPLE_RATE}–${MAX_SAMPLE_RATE} Hz`,
    );
  }
  if (info.durationMs > MAX_DURATION_MS) {
    throw refuse(
      file,
      `it is ${hms(info.durationMs)} long; the limit is ${hms(MAX_DURATION_MS)}`,
      bi('Potong berkas menjadi bagian di bawah 2 jam.', 'Split it into parts shorter than 2 hours.'),
    );
  }
  return info;
}

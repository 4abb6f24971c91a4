import { bi, TiangError } from '../../core/index.js';
import { bytesForMs, msForBytes, type PcmFormat, sameFormat } from '../pcm.js';
import { readWavInfo } from './wav.js';

/** One piece of a program: silence we generate, or the samples of a WAV file. */
export type PcmPart =
  | { kind: 'silence'; ms: number; label?: string }
  | { kind: 'file'; path: string; dataOffset: number; dataBytes: number; label?: string };

/**
 * What one aplay stream plays, gaplessly: typically pre-roll silence, an optional chime,
 * the content, and tail silence. One stream per item keeps the I2S clock running from
 * before unmute until after mute, which is what stops the pops.
 */
export interface PcmProgram {
  format: PcmFormat;
  parts: PcmPart[];
}

export const partBytes = (format: PcmFormat, part: PcmPart): number =>
  part.kind === 'silence' ? bytesForMs(format, part.ms) : part.dataBytes;

export const programBytes = (p: PcmProgram): number =>
  p.parts.reduce((n, part) => n + partBytes(p.format, part), 0);

export const programDurationMs = (p: PcmProgram): number => msForBytes(p.format, programBytes(p));

/** Where part `index` starts, in ms from the first sample of the stream. */
export function partOffsetMs(p: PcmProgram, index: number): number {
  let bytes = 0;
  for (const part of p.parts.slice(0, index)) bytes += partBytes(p.format, part);
  return msForBytes(p.format, bytes);
}

/** A WAV file as a program part; refuses a file whose format differs from the program's. */
export async function wavPart(
  path: string,
  format?: PcmFormat,
  label?: string,
): Promise<{ part: PcmPart; format: PcmFormat }> {
  const info = await readWavInfo(path);
  if (info.bitsPerSample !== 16) {
    throw new TiangError(
      'WAV_FORMAT',
      `${path}: ${info.bitsPerSample}-bit samples; the speaker streams 16-bit PCM only`,
      bi(
        'Impor berkas lewat pustaka konten (tiang content add).',
        'Import the file through the content library (tiang content add).',
      ),
    );
  }
  const fileFormat: PcmFormat = { sampleRate: info.sampleRate, channels: info.channels, bitsPerSample: 16 };
  if (format && !sameFormat(format, fileFormat)) {
    throw new TiangError(
      'WAV_FORMAT',
      `${path}: ${info.sampleRate} Hz ${info.channels} ch does not match the stream (${format.sampleRate} Hz ${format.channels} ch)`,
      bi(
        'Impor berkas lewat pustaka konten (tiang content add).',
        'Import the file through the content library (tiang content add).',
      ),
    );
  }
  return {
    part: {
      kind: 'file',
      path,
      dataOffset: info.dataOffset,
      dataBytes: info.dataBytes,
      ...(label ? { label } : {}),
    },
    format: fileFormat,
  };
}

/** A program of one WAV file as it is. */
export async function programFromWav(path: string): Promise<PcmProgram> {
  const { part, format } = await wavPart(path);
  return { format, parts: [part] };
}

/** Short text naming a program in logs and results. */
export function describeProgram(p: PcmProgram): string {
  return p.parts
    .map((part) => (part.kind === 'file' ? (part.label ?? part.path) : `silence ${part.ms}ms`))
    .join(' + ');
}

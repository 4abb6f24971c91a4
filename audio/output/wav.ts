import { open } from 'node:fs/promises';
import { bi, TiangError } from '../../core/index.js';

/** What a WAV header says about the sound in it. */
export interface WavInfo {
  file: string;
  /** 1 = plain PCM, 0xfffe = WAVE_FORMAT_EXTENSIBLE carrying PCM. */
  formatTag: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  /** Bytes per frame (one sample of every channel). */
  blockAlign: number;
  /** Where the samples start in the file. */
  dataOffset: number;
  dataBytes: number;
  /** Exact duration of the samples in milliseconds (may have a fraction). */
  durationMs: number;
}

const FORMAT_PCM = 0x0001;
const FORMAT_EXTENSIBLE = 0xfffe;
/** The GUID tail shared by all KSDATAFORMAT_SUBTYPE_* GUIDs; the first two bytes are the format tag. */
const SUBFORMAT_TAIL = Buffer.from('000000001000800000aa00389b71', 'hex');
const SAMPLE_SIZES = new Set([8, 16, 24, 32]);

function invalid(file: string, what: string, cause?: unknown): TiangError {
  return new TiangError(
    'WAV_INVALID',
    `${file}: not a playable WAV file: ${what}`,
    bi(
      'Unggah ulang berkas sebagai WAV PCM (misalnya `sox masukan.mp3 -b 16 keluaran.wav`).',
      'Upload the file again as PCM WAV (e.g. `sox input.mp3 -b 16 output.wav`).',
    ),
    cause === undefined ? undefined : { cause },
  );
}

/**
 * Reads and checks the header of a WAV file, walking the RIFF chunks (fmt may come
 * after LIST or other chunks). Anything aplay would play as noise, or refuse, is
 * refused here with a WAV_INVALID TiangError naming the file and the problem.
 */
export async function readWavInfo(file: string): Promise<WavInfo> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    throw invalid(file, `cannot open it (${err instanceof Error ? err.message : String(err)})`, err);
  }
  try {
    const size = (await handle.stat()).size;
    const readAt = async (position: number, length: number): Promise<Buffer> => {
      const buf = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buf, 0, length, position);
      return buf.subarray(0, bytesRead);
    };

    const riff = await readAt(0, 12);
    if (riff.length < 12) throw invalid(file, `truncated: only ${size} bytes, no RIFF header`);
    const magic = riff.toString('latin1', 0, 4);
    if (magic === 'RIFX' || magic === 'RF64')
      throw invalid(file, `${magic} files are not supported, only RIFF`);
    if (magic !== 'RIFF') throw invalid(file, 'not a RIFF file (no "RIFF" at the start)');
    if (riff.toString('latin1', 8, 12) !== 'WAVE') throw invalid(file, 'a RIFF file but not WAVE');

    let fmt: Buffer | undefined;
    let data: { offset: number; bytes: number } | undefined;
    let position = 12;
    while (position + 8 <= size && !(fmt && data)) {
      const header = await readAt(position, 8);
      const id = header.toString('latin1', 0, 4);
      const chunkBytes = header.readUInt32LE(4);
      const body = position + 8;
      if (id === 'fmt ') {
        if (chunkBytes < 16) throw invalid(file, `fmt chunk too short (${chunkBytes} bytes, needs 16)`);
        fmt = await readAt(body, Math.min(chunkBytes, 40));
        if (fmt.length < Math.min(chunkBytes, 40)) throw invalid(file, 'truncated inside the fmt chunk');
      } else if (id === 'data') {
        if (body + chunkBytes > size) {
          throw invalid(
            file,
            `truncated: data chunk says ${chunkBytes} bytes, the file holds ${size - body}`,
          );
        }
        data = { offset: body, bytes: chunkBytes };
      }
      // Chunks are padded to an even length.
      position = body + chunkBytes + (chunkBytes % 2);
      if (position > size + 1 && !(fmt && data)) {
        throw invalid(file, `truncated: the "${id}" chunk runs past the end of the file`);
      }
    }
    if (!fmt) throw invalid(file, 'no fmt chunk');
    if (!data) throw invalid(file, 'no data chunk');
    return wavInfoFromFmt(file, fmt, data);
  } finally {
    await handle.close();
  }
}

function wavInfoFromFmt(file: string, fmt: Buffer, data: { offset: number; bytes: number }): WavInfo {
  const formatTag = fmt.readUInt16LE(0);
  const channels = fmt.readUInt16LE(2);
  const sampleRate = fmt.readUInt32LE(4);
  const blockAlign = fmt.readUInt16LE(12);
  const bitsPerSample = fmt.readUInt16LE(14);

  if (formatTag === FORMAT_EXTENSIBLE) {
    if (fmt.length < 40) throw invalid(file, 'WAVE_FORMAT_EXTENSIBLE fmt chunk shorter than 40 bytes');
    const subFormat = fmt.readUInt16LE(24);
    if (subFormat !== FORMAT_PCM || !fmt.subarray(26, 40).equals(SUBFORMAT_TAIL)) {
      throw invalid(file, `WAVE_FORMAT_EXTENSIBLE with sub-format 0x${subFormat.toString(16)}, not PCM`);
    }
  } else if (formatTag !== FORMAT_PCM) {
    const name = formatTag === 3 ? ' (IEEE float)' : formatTag === 0x55 ? ' (MP3)' : '';
    throw invalid(file, `format tag 0x${formatTag.toString(16)}${name} is not PCM`);
  }
  if (channels === 0) throw invalid(file, 'zero channels');
  if (sampleRate === 0) throw invalid(file, 'sample rate 0');
  if (!SAMPLE_SIZES.has(bitsPerSample))
    throw invalid(file, `${bitsPerSample} bits per sample (8, 16, 24 or 32)`);
  const expectedAlign = channels * (bitsPerSample / 8);
  if (blockAlign !== expectedAlign) {
    throw invalid(
      file,
      `block align ${blockAlign} does not match ${channels} channels of ${bitsPerSample} bits (${expectedAlign})`,
    );
  }
  const frames = Math.floor(data.bytes / blockAlign);
  return {
    file,
    formatTag,
    channels,
    sampleRate,
    bitsPerSample,
    blockAlign,
    dataOffset: data.offset,
    dataBytes: data.bytes,
    durationMs: (frames * 1000) / sampleRate,
  };
}

import { open } from 'node:fs/promises';

export interface WavWriteOptions {
  sampleRate?: number;
  channels?: number;
}

export interface ToneOptions extends WavWriteOptions {
  /** Peak level, 0..1 of full scale. */
  amplitude?: number;
  /** Length of the fade in and out; a tone that starts or stops at full level clicks. */
  fadeMs?: number;
}

const BITS = 16;
const FRAMES_PER_CHUNK = 48_000;

/** The canonical 44-byte header of a 16-bit PCM WAV file. */
export function pcm16WavHeader(channels: number, sampleRate: number, dataBytes: number): Buffer {
  const h = Buffer.alloc(44);
  const blockAlign = channels * (BITS / 8);
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVE', 8, 'latin1');
  h.write('fmt ', 12, 'latin1');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(channels, 22);
  h.writeUInt32LE(sampleRate, 24);
  h.writeUInt32LE(sampleRate * blockAlign, 28);
  h.writeUInt16LE(blockAlign, 32);
  h.writeUInt16LE(BITS, 34);
  h.write('data', 36, 'latin1');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

/**
 * Writes `ms` of 16-bit PCM whose sample for frame i is `sample(i, frames)` (-1..1),
 * in chunks so long files do not sit in memory.
 */
async function writePcm16(
  file: string,
  ms: number,
  opts: WavWriteOptions,
  sample: (frame: number, frames: number) => number,
): Promise<void> {
  const sampleRate = opts.sampleRate ?? 48_000;
  const channels = opts.channels ?? 2;
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`WAV length must be >= 0 ms, got ${ms}`);
  if (!Number.isInteger(sampleRate) || sampleRate <= 0) throw new RangeError(`bad sample rate ${sampleRate}`);
  if (!Number.isInteger(channels) || channels <= 0) throw new RangeError(`bad channel count ${channels}`);
  const frames = Math.round((ms * sampleRate) / 1000);
  const blockAlign = channels * (BITS / 8);
  const handle = await open(file, 'w');
  try {
    await handle.write(pcm16WavHeader(channels, sampleRate, frames * blockAlign));
    for (let start = 0; start < frames; start += FRAMES_PER_CHUNK) {
      const count = Math.min(FRAMES_PER_CHUNK, frames - start);
      const chunk = Buffer.alloc(count * blockAlign);
      for (let i = 0; i < count; i++) {
        const value = Math.round(Math.max(-1, Math.min(1, sample(start + i, frames))) * 32767);
        for (let c = 0; c < channels; c++) chunk.writeInt16LE(value, i * blockAlign + c * 2);
      }
      await handle.write(chunk);
    }
  } finally {
    await handle.close();
  }
}

/** A silent PCM WAV of the given length: a stand-in for content, and the pre-roll that keeps I2S amps from popping. */
export function writeSilenceWav(file: string, ms: number, opts: WavWriteOptions = {}): Promise<void> {
  return writePcm16(file, ms, opts, () => 0);
}

/** A sine tone with short fades, for the speaker test chime. */
export function writeToneWav(file: string, ms: number, hz: number, opts: ToneOptions = {}): Promise<void> {
  const sampleRate = opts.sampleRate ?? 48_000;
  const amplitude = opts.amplitude ?? 0.5;
  if (!Number.isFinite(hz) || hz <= 0 || hz >= sampleRate / 2) {
    throw new RangeError(`tone frequency must be between 0 and ${sampleRate / 2} Hz, got ${hz}`);
  }
  if (!(amplitude >= 0 && amplitude <= 1))
    throw new RangeError(`tone amplitude must be 0..1, got ${amplitude}`);
  const fadeFrames = Math.round(((opts.fadeMs ?? 10) * sampleRate) / 1000);
  return writePcm16(file, ms, opts, (i, frames) => {
    const fade = Math.min(fadeFrames, Math.floor(frames / 2));
    const gain = fade > 0 ? Math.min(1, i / fade, (frames - 1 - i) / fade) : 1;
    return amplitude * gain * Math.sin((2 * Math.PI * hz * i) / sampleRate);
  });
}

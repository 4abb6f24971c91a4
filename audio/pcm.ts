/** The one PCM format every cached sound is kept in, so items, chimes and silence join without a gap or a format switch. */
export interface PcmFormat {
  sampleRate: number;
  channels: number;
  bitsPerSample: 16;
}

/** 48 kHz is what I2S amplifier DACs run at natively; stereo so either channel can drive a mono amp. */
export const CANONICAL_FORMAT: PcmFormat = { sampleRate: 48_000, channels: 2, bitsPerSample: 16 };

export const bytesPerMs = (f: PcmFormat): number =>
  (f.sampleRate * f.channels * (f.bitsPerSample / 8)) / 1000;

/** Whole frames only: a cut mid-frame would swap the channels for the rest of the stream. */
export function bytesForMs(f: PcmFormat, ms: number): number {
  const frame = f.channels * (f.bitsPerSample / 8);
  return Math.round((ms * f.sampleRate) / 1000) * frame;
}

export const msForBytes = (f: PcmFormat, bytes: number): number => bytes / bytesPerMs(f);

export const sameFormat = (a: PcmFormat, b: PcmFormat): boolean =>
  a.sampleRate === b.sampleRate && a.channels === b.channels && a.bitsPerSample === b.bitsPerSample;

import { pcm16WavHeader } from '../../audio/index.js';

/**
 * The kiosk's touch feedback: a soft 1.2 kHz blip of 40 ms that dies away quickly. Made in
 * code (no sound file to license or ship) and only once: every button press asks for it.
 */

export const TAP_SAMPLE_RATE = 22_050;
export const TAP_MS = 40;
const FREQUENCY_HZ = 1200;
/** About -12 dBFS: audible over traffic, never startling through a small screen speaker. */
const PEAK = 0.25;
/** A 1 ms rise: a sine that starts at full level clicks harshly. */
const ATTACK_MS = 1;
/** Time constant of the decay: about -40 dB by the end. */
const DECAY_MS = 9;

let cached: Buffer | undefined;

/** 16-bit mono WAV of the tap, built on first use. */
export function tapWav(): Buffer {
  if (cached) return cached;
  const frames = Math.round((TAP_MS * TAP_SAMPLE_RATE) / 1000);
  const data = Buffer.alloc(frames * 2);
  for (let i = 0; i < frames; i++) {
    const ms = (i * 1000) / TAP_SAMPLE_RATE;
    const envelope = Math.min(1, ms / ATTACK_MS) * Math.exp(-ms / DECAY_MS);
    const sample = PEAK * envelope * Math.sin((2 * Math.PI * FREQUENCY_HZ * i) / TAP_SAMPLE_RATE);
    data.writeInt16LE(Math.round(sample * 32767), i * 2);
  }
  cached = Buffer.concat([pcm16WavHeader(1, TAP_SAMPLE_RATE, data.length), data]);
  return cached;
}

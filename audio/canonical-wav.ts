import type { WavInfo } from './output/index.js';
import { CANONICAL_FORMAT } from './pcm.js';

/**
 * Plain PCM (tag 1, not EXTENSIBLE) in CANONICAL_FORMAT with whole frames only: what the library
 * and the TTS cache keep. A trailing part frame would swap the channels of whatever the player
 * streams after it.
 */
export const isCanonicalWav = (i: WavInfo): boolean =>
  i.formatTag === 1 &&
  i.dataBytes % i.blockAlign === 0 &&
  i.sampleRate === CANONICAL_FORMAT.sampleRate &&
  i.channels === CANONICAL_FORMAT.channels &&
  i.bitsPerSample === CANONICAL_FORMAT.bitsPerSample;

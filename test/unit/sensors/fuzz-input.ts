// Line noise with SDS011 frames in it, for the framer's fuzz test and benchmark.
import { buildDataFrame, buildReply, seededRandom } from '../../../hardware/index.js';

export interface FuzzInput {
  bytes: Buffer;
  /** The valid frames put in, in order. */
  frames: Buffer[];
  /** Frames put in with a broken checksum or tail (these must not decode). */
  brokenChecksum: number;
  brokenTail: number;
}

/**
 * About `size` bytes: runs of random bytes (0–`maxGap` long), each followed by a valid
 * data frame or reply, or now and then by a frame with a broken checksum or tail.
 */
export function fuzzInput(size: number, seed: number, maxGap = 300): FuzzInput {
  const random = seededRandom(seed);
  const bytes = Buffer.alloc(size + maxGap + 10);
  const frames: Buffer[] = [];
  let brokenChecksum = 0;
  let brokenTail = 0;
  let n = 0;
  while (n < size) {
    const gap = Math.floor(random() * (maxGap + 1));
    for (let i = 0; i < gap; i++) bytes[n++] = (random() * 256) | 0;
    const id = (random() * 0x10000) | 0;
    const frame =
      random() < 0.8
        ? buildDataFrame(Math.round(random() * 9999) / 10, Math.round(random() * 9999) / 10, id)
        : buildReply(6, [1, random() < 0.5 ? 1 : 0, 0], id);
    const roll = random();
    if (roll < 0.05) {
      frame[8] = (frame[8]! + 1) & 0xff;
      brokenChecksum++;
    } else if (roll < 0.1) {
      frame[9] = 0xac;
      brokenTail++;
    } else {
      frames.push(frame);
    }
    frame.copy(bytes, n);
    n += frame.length;
  }
  return { bytes: bytes.subarray(0, n), frames, brokenChecksum, brokenTail };
}

/** Splits `bytes` into chunks of the sizes `sizeOf` picks. */
export function chunked(bytes: Buffer, sizeOf: () => number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; ) {
    const size = Math.max(1, sizeOf());
    out.push(bytes.subarray(i, i + size));
    i += size;
  }
  return out;
}

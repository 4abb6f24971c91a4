import {
  CMD_DATA,
  CMD_REPLY,
  CMD_REQUEST,
  checksum,
  HEAD,
  HOST_FRAME_LENGTH,
  SENSOR_FRAME_LENGTH,
  TAIL,
} from './sds011-protocol.js';
import type { FramerCounters } from './types.js';

/** Which side's frames to look for: the host reads the sensor's, the simulated sensor the host's. */
export type FramerSide = 'sensor' | 'host';

/**
 * Cuts a byte stream into SDS011 frames, whatever the chunking. After noise it finds its
 * way back: a candidate starts at 0xAA followed by a command byte of the expected side;
 * one with a wrong tail or checksum loses only its first byte and the rest is scanned
 * again, so a real frame right behind (or inside) the noise is never thrown away.
 *
 * Memory is bounded: between chunks at most one incomplete frame (< 19 bytes) is kept.
 */
export class Sds011Framer {
  readonly counters: FramerCounters = { frames: 0, checksumErrors: 0, garbageBytes: 0, badTail: 0 };
  private carry: Buffer = Buffer.alloc(0);
  private readonly lengths: Uint8Array;

  constructor(side: FramerSide = 'sensor') {
    // A table by command byte keeps the hot loop to one lookup; 0 = starts no frame.
    this.lengths = new Uint8Array(256);
    if (side === 'sensor') {
      this.lengths[CMD_DATA] = SENSOR_FRAME_LENGTH;
      this.lengths[CMD_REPLY] = SENSOR_FRAME_LENGTH;
    } else {
      this.lengths[CMD_REQUEST] = HOST_FRAME_LENGTH;
    }
  }

  /** Bytes held back as the start of a frame not complete yet. */
  get pending(): number {
    return this.carry.length;
  }

  /** Feeds one chunk; returns the complete frames in it (copies, safe to keep). */
  push(chunk: Uint8Array): Buffer[] {
    const frames: Buffer[] = [];
    this.scan(chunk, (buf, at, length) => {
      frames.push(Buffer.from(buf.subarray(at, at + length)));
    });
    return frames;
  }

  /**
   * Feeds one chunk and hands each frame to `onFrame` as a view into a buffer that is
   * reused: read it before returning. For the fast path (no allocation per frame).
   */
  scan(chunk: Uint8Array, onFrame: (buf: Buffer, at: number, length: number) => void): void {
    // Only the short carry is copied; a chunk without carry is scanned where it is.
    const buf =
      this.carry.length > 0
        ? Buffer.concat([this.carry, chunk])
        : Buffer.isBuffer(chunk)
          ? chunk
          : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const n = buf.length;
    const lengths = this.lengths;
    const c = this.counters;
    let i = 0;
    for (;;) {
      const head = buf.indexOf(HEAD, i);
      if (head < 0) {
        c.garbageBytes += n - i;
        i = n;
        break;
      }
      c.garbageBytes += head - i;
      i = head;
      if (i + 1 >= n) break; // the command byte has not arrived yet
      const length = lengths[buf[i + 1]!]!;
      if (length === 0) {
        c.garbageBytes++;
        i++;
        continue;
      }
      if (i + length > n) break; // incomplete: wait for the rest
      if (buf[i + length - 1] !== TAIL) {
        c.badTail++;
        c.garbageBytes++;
        i++;
        continue;
      }
      if (checksum(buf, i + 2, i + length - 2) !== buf[i + length - 2]) {
        c.checksumErrors++;
        c.garbageBytes++;
        i++;
        continue;
      }
      c.frames++;
      onFrame(buf, i, length);
      i += length;
    }
    // Copied, so a big chunk is not kept alive by the few bytes of its tail.
    this.carry = i === n ? Buffer.alloc(0) : Buffer.from(buf.subarray(i));
  }

  /** Forgets a half frame (after a reopen it belongs to nothing); its bytes count as garbage. */
  reset(): void {
    this.counters.garbageBytes += this.carry.length;
    this.carry = Buffer.alloc(0);
  }
}

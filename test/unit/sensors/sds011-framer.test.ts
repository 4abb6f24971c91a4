import { describe, expect, it } from 'vitest';
import {
  buildDataFrame,
  parseSensorFrame,
  Sds011Framer,
  seededRandom,
  sleepWorkCommand,
} from '../../../hardware/index.js';
import { chunked, fuzzInput } from './fuzz-input.js';

function feedAll(chunks: Buffer[], side: 'sensor' | 'host' = 'sensor') {
  const framer = new Sds011Framer(side);
  const frames: Buffer[] = [];
  for (const chunk of chunks) frames.push(...framer.push(chunk));
  return { frames, counters: { ...framer.counters }, pending: framer.pending };
}

/** Index of each expected frame in `got`, in order; -1 where one is missing. */
function findInOrder(expected: Buffer[], got: Buffer[]): number {
  let j = 0;
  let found = 0;
  for (const frame of expected) {
    while (j < got.length && !got[j]!.equals(frame)) j++;
    if (j === got.length) break;
    found++;
    j++;
  }
  return found;
}

describe('Sds011Framer', () => {
  it('cuts back-to-back frames and keeps a split frame until its rest arrives', () => {
    const a = buildDataFrame(12.3, 20.1, 0x60a1);
    const b = buildDataFrame(45.6, 70.2, 0x60a1);
    const framer = new Sds011Framer();
    expect(framer.push(Buffer.concat([a, b.subarray(0, 4)]))).toEqual([a]);
    expect(framer.pending).toBe(4);
    expect(framer.push(b.subarray(4))).toEqual([b]);
    expect(framer.pending).toBe(0);
    expect(framer.counters).toEqual({ frames: 2, checksumErrors: 0, garbageBytes: 0, badTail: 0 });
  });

  it('finds a frame right behind a bad candidate and inside noise that looks like frames', () => {
    const good = buildDataFrame(33.3, 44.4, 7);
    const badSum = Buffer.from(good);
    badSum[8] = badSum[8]! ^ 0xff;
    // A head and command byte with the good frame starting inside the would-be frame.
    const overlapping = Buffer.concat([Buffer.from([0xaa, 0xc0, 1, 2]), good]);
    const { frames, counters } = feedAll([
      Buffer.concat([Buffer.from([1, 0xaa, 0xaa]), badSum, overlapping]),
    ]);
    expect(frames).toEqual([good]);
    expect(counters.checksumErrors).toBe(1);
    expect(counters.badTail).toBe(1);
    // Everything but the good frame is garbage: 3 + 10 + 4 bytes.
    expect(counters.garbageBytes).toBe(17);
  });

  it('keeps at most one incomplete frame, whatever it is fed', () => {
    const framer = new Sds011Framer();
    const random = seededRandom(3);
    let maxPending = 0;
    for (let i = 0; i < 20_000; i++) {
      // Heads and command bytes over and over: the worst case for holding bytes back.
      framer.push(Buffer.from([0xaa, random() < 0.5 ? 0xc0 : 0xc5, (random() * 256) | 0]));
      maxPending = Math.max(maxPending, framer.pending);
    }
    expect(maxPending).toBeLessThan(10);
  });

  it('reads the host side (19-byte B4 commands) for the simulated sensor', () => {
    const cmd = sleepWorkCommand(false);
    const { frames } = feedAll([Buffer.from([0xaa, 0xc0]), cmd.subarray(0, 7), cmd.subarray(7)], 'host');
    expect(frames).toEqual([cmd]);
  });

  it('reset() drops a half frame and counts it as garbage', () => {
    const framer = new Sds011Framer();
    framer.push(buildDataFrame(1, 2, 3).subarray(0, 6));
    framer.reset();
    expect(framer.pending).toBe(0);
    expect(framer.counters.garbageBytes).toBe(6);
    expect(framer.push(buildDataFrame(1, 2, 3))).toHaveLength(1);
  });

  it('fuzz: 1.5 MB of noise with frames: every valid frame decoded, errors counted, no crash', () => {
    const input = fuzzInput(1_500_000, 42);
    expect(input.bytes.length).toBeGreaterThanOrEqual(1_500_000);
    const random = seededRandom(7);
    const { frames, counters, pending } = feedAll(chunked(input.bytes, () => Math.floor(random() * 4096)));

    expect(input.frames.length).toBeGreaterThan(8000);
    expect(findInOrder(input.frames, frames)).toBe(input.frames.length);
    // Noise that happens to be a valid frame (head, command, tail and checksum: ~2^-32 a byte).
    expect(frames.length - input.frames.length).toBeLessThanOrEqual(2);
    expect(counters.frames).toBe(frames.length);
    expect(counters.checksumErrors).toBeGreaterThanOrEqual(input.brokenChecksum);
    expect(counters.badTail).toBeGreaterThanOrEqual(input.brokenTail);
    // Every byte is in a frame, dropped as garbage, or waiting.
    expect(counters.frames * 10 + counters.garbageBytes + pending).toBe(input.bytes.length);
    for (const frame of frames) expect(() => parseSensorFrame(frame)).not.toThrow();
  });

  it('gives the same frames and counters whatever the chunk sizes', () => {
    const input = fuzzInput(300_000, 9);
    const whole = feedAll([input.bytes]);
    const random = seededRandom(11);
    const cases = {
      ones: chunked(input.bytes.subarray(0, 60_000), () => 1),
      sevens: chunked(input.bytes, () => 7),
      pages: chunked(input.bytes, () => 4096),
      random: chunked(input.bytes, () => Math.floor(random() * 64)),
    };
    const firstPart = feedAll([input.bytes.subarray(0, 60_000)]);
    expect(feedAll(cases.ones)).toEqual(firstPart);
    expect(feedAll(cases.sevens)).toEqual(whole);
    expect(feedAll(cases.pages)).toEqual(whole);
    expect(feedAll(cases.random)).toEqual(whole);
  });
});

import { inflateSync } from 'node:zlib';
import { imageSize } from 'image-size';
import { describe, expect, it } from 'vitest';
import { DEMO_IMAGE_HEIGHT, DEMO_IMAGE_WIDTH, demoImages } from '../../../agent/sim/demo-images.js';
import { crc32, encodePng } from '../../../agent/sim/png.js';

/** Reads the chunks of a PNG, checking each CRC. */
function chunks(png: Buffer): { type: string; data: Buffer }[] {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const out: { type: string; data: Buffer }[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    expect(png.readUInt32BE(at + 8 + length), `CRC of ${type}`).toBe(
      crc32(png.subarray(at + 4, at + 8 + length)),
    );
    out.push({ type, data });
    at += 12 + length;
  }
  return out;
}

/** Decodes an 8-bit RGB PNG back to pixels (undoing every filter type). */
function decodeRgb(png: Buffer): { width: number; height: number; pixels: Uint8Array } {
  const cs = chunks(png);
  const ihdr = cs.find((c) => c.type === 'IHDR')!.data;
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  expect([ihdr[8], ihdr[9], ihdr[10], ihdr[11], ihdr[12]]).toEqual([8, 2, 0, 0, 0]);
  const raw = inflateSync(Buffer.concat(cs.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  const stride = width * 3;
  const px = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let i = 0; i < stride; i++) {
      const v = raw[y * (stride + 1) + 1 + i]!;
      const a = i >= 3 ? px[y * stride + i - 3]! : 0;
      const b = y > 0 ? px[(y - 1) * stride + i]! : 0;
      const c = y > 0 && i >= 3 ? px[(y - 1) * stride + i - 3]! : 0;
      const p = a + b - c;
      const paeth =
        Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c)
          ? a
          : Math.abs(p - b) <= Math.abs(p - c)
            ? b
            : c;
      const pred = [0, a, b, (a + b) >> 1, paeth][filter]!;
      px[y * stride + i] = (v + pred) & 0xff;
    }
  }
  return { width, height, pixels: px };
}

describe('PNG encoder', () => {
  it('round-trips noisy pixels exactly, whichever filters it picks', () => {
    const width = 37;
    const height = 23;
    const rgb = new Uint8Array(width * height * 3);
    let seed = 7;
    for (let i = 0; i < rgb.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      // Half noise, half smooth ramps, so every filter type wins somewhere.
      rgb[i] = i % 6 < 3 ? seed >>> 24 : (i * 3) & 0xff;
    }
    const decoded = decodeRgb(encodePng(width, height, rgb));
    expect(decoded.width).toBe(width);
    expect(decoded.height).toBe(height);
    expect(Buffer.from(decoded.pixels).equals(Buffer.from(rgb))).toBe(true);
  });

  it('refuses a pixel buffer of the wrong size', () => {
    expect(() => encodePng(2, 2, new Uint8Array(11))).toThrow(/does not match/);
  });
});

describe('demo images', () => {
  const images = demoImages();

  it('are three small PNGs of 640 × 400 with ids usable in the content list', () => {
    expect(images.map((i) => i.id)).toEqual(['foto-penataran', 'foto-makam-bung-karno', 'foto-kebun-kopi']);
    for (const image of images) {
      expect(image.id).toMatch(/^[a-z0-9-]{1,64}$/);
      expect(imageSize(image.png)).toMatchObject({
        type: 'png',
        width: DEMO_IMAGE_WIDTH,
        height: DEMO_IMAGE_HEIGHT,
      });
      expect(image.png.length).toBeLessThan(60 * 1024);
      const { pixels } = decodeRgb(image.png);
      // A picture, not a blank: many colours in use.
      const colours = new Set<number>();
      for (let i = 0; i < pixels.length; i += 3)
        colours.add((pixels[i]! << 16) | (pixels[i + 1]! << 8) | pixels[i + 2]!);
      expect(colours.size).toBeGreaterThan(20);
    }
  });

  it('are the same bytes every time (their sha256 is part of the seeded desired state)', () => {
    const again = demoImages();
    expect(again.map((i) => i.png.toString('base64'))).toEqual(images.map((i) => i.png.toString('base64')));
  });
});

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KioskImages, MAX_IMAGE_BYTES } from '../../../agent/http/kiosk-images.js';
import { encodePng } from '../../../agent/sim/png.js';
import { tempDir } from '../../helpers/temp-dir.js';

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});

const sha = (n: number) => n.toString(16).padStart(64, '0');
const png = (w: number, h: number) => encodePng(w, h, new Uint8Array(w * h * 3).fill(200));

/** A baseline JPEG header of w × h, optionally after `exifBytes` of APP1 segments (as a camera writes). */
function jpeg(w: number, h: number, exifBytes = 0): Buffer {
  const app0 = Buffer.concat([
    Buffer.from([0xff, 0xe0, 0x00, 0x10]),
    Buffer.from('JFIF\0', 'latin1'),
    Buffer.alloc(9),
  ]);
  const parts = [Buffer.from([0xff, 0xd8]), app0];
  for (let left = exifBytes; left > 0; left -= 60_000) {
    const len = Math.min(60_000, left);
    const seg = Buffer.alloc(4 + len);
    seg.writeUInt16BE(0xffe1, 0);
    seg.writeUInt16BE(len + 2, 2);
    parts.push(seg);
  }
  const sof = Buffer.from([
    0xff, 0xc0, 0x00, 0x11, 0x08, 0, 0, 0, 0, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1,
  ]);
  sof.writeUInt16BE(h, 5);
  sof.writeUInt16BE(w, 7);
  parts.push(sof, Buffer.from([0xff, 0xd9]));
  return Buffer.concat(parts);
}

function setup() {
  const dir = tempDir('tiang-kiosk-images-');
  cleanup.push(dir.remove);
  const media = path.join(dir.path, 'media');
  mkdirSync(media);
  const images = new KioskImages(media);
  const put = (n: number, bytes: Buffer) => {
    writeFileSync(path.join(media, sha(n)), bytes);
    return sha(n);
  };
  return { images, media, put };
}

describe('KioskImages.probe', () => {
  it('measures PNG, JPEG and WebP from the file head and names the real type', async () => {
    const { images, put } = setup();
    expect(await images.probe(put(1, png(640, 400)))).toEqual({
      ok: true,
      mime: 'image/png',
      width: 640,
      height: 400,
      bytes: expect.any(Number),
    });
    expect(await images.probe(put(2, jpeg(800, 600)))).toMatchObject({
      ok: true,
      mime: 'image/jpeg',
      width: 800,
    });
    // VP8X WebP header: 24-bit width-1 and height-1.
    const webp = Buffer.alloc(30);
    webp.write('RIFF', 0, 'latin1');
    webp.writeUInt32LE(22, 4);
    webp.write('WEBPVP8X', 8, 'latin1');
    webp.writeUInt32LE(10, 16);
    webp.writeUIntLE(1023, 24, 3);
    webp.writeUIntLE(767, 27, 3);
    expect(await images.probe(put(3, webp))).toMatchObject({
      ok: true,
      mime: 'image/webp',
      width: 1024,
      height: 768,
    });
  });

  it('finds the size of a JPEG behind a large EXIF block (beyond the head it reads first)', async () => {
    const { images, put } = setup();
    expect(await images.probe(put(1, jpeg(1200, 900, 150_000)))).toMatchObject({
      ok: true,
      width: 1200,
      height: 900,
    });
  });

  it('refuses what a Pi should not decode or a browser should not be sent, saying why', async () => {
    const { images, put } = setup();
    const tooWide = await images.probe(put(1, png(5000, 10)));
    expect(tooWide).toEqual({
      ok: false,
      problem: 'The image is 5000 × 10 pixels; the kiosk shows images of at most 4096 pixels on a side.',
    });
    const big = Buffer.concat([png(10, 10), Buffer.alloc(MAX_IMAGE_BYTES)]);
    expect(await images.probe(put(2, big))).toEqual({
      ok: false,
      problem: 'The image file is 4.0 MB; the kiosk shows images of at most 4.0 MB.',
    });
    const gif = Buffer.concat([
      Buffer.from('GIF89a', 'latin1'),
      Buffer.from([10, 0, 10, 0]),
      Buffer.alloc(20),
    ]);
    expect(await images.probe(put(3, gif))).toEqual({
      ok: false,
      problem: 'The file is a GIF image; the kiosk shows only PNG, JPEG or WebP.',
    });
    expect(await images.probe(put(4, Buffer.from('<html>not a picture</html>')))).toEqual({
      ok: false,
      problem: 'The file is not a PNG, JPEG or WebP image.',
    });
    expect(await images.probe(put(5, jpeg(4097, 100)))).toMatchObject({ ok: false });
    expect(await images.probe(put(6, png(4096, 1)))).toMatchObject({ ok: true, width: 4096 });
  });

  it('says a missing file is not downloaded yet, and measures it once it arrives', async () => {
    const { images, put } = setup();
    expect(await images.probe(sha(9))).toEqual({ ok: false, problem: 'The image is not downloaded yet.' });
    put(9, png(20, 10));
    expect(await images.probe(sha(9))).toMatchObject({ ok: true, width: 20, height: 10 });
  });

  it('remembers a measured file (a sha256 never names other bytes) until told to forget it', async () => {
    const { images, put, media } = setup();
    const s = put(1, png(30, 20));
    await images.probe(s);
    rmSync(path.join(media, s));
    expect(await images.probe(s)).toMatchObject({ ok: true, width: 30 });
    images.forget(s);
    expect(await images.probe(s)).toMatchObject({ ok: false, problem: 'The image is not downloaded yet.' });
  });
});

describe('KioskImages.describe', () => {
  it('lists every image item of the content list by id, and nothing else', async () => {
    const { images, put } = setup();
    const good = put(1, png(64, 48));
    const wide = put(2, png(5000, 10));
    const content = [
      { id: 'foto', sha256: good, mime: 'image/png' },
      { id: 'lebar', sha256: wide, mime: 'image/jpeg' },
      { id: 'belum', sha256: sha(3), mime: 'image/webp' },
      { id: 'suara', sha256: sha(4), mime: 'audio/wav' },
      { id: 'rusak', sha256: 'nope', mime: 'image/png' },
      null,
    ];
    expect(await images.describe(content)).toEqual({
      foto: { src: `/api/kiosk/images/${good}`, width: 64, height: 48 },
      lebar: { problem: expect.stringContaining('5000 × 10 pixels') },
      belum: { problem: 'The image is not downloaded yet.' },
    });
    expect(await images.describe(undefined)).toEqual({});
  });
});

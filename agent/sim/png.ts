import { deflateSync } from 'node:zlib';

/**
 * A minimal PNG encoder (8-bit RGB, no interlace) for the simulator's demo pictures: the
 * images are drawn in code, so the repository carries no binary files and no third-party art.
 */

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))), 0);
  return Buffer.concat([head, data, crc]);
}

const paeth = (left: number, up: number, upLeft: number): number => {
  const p = left + up - upLeft;
  const pa = Math.abs(p - left);
  const pb = Math.abs(p - up);
  const pc = Math.abs(p - upLeft);
  return pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
};

/** Filtered byte `x - prediction` (mod 256) for the five PNG filters: None, Sub, Up, Average, Paeth. */
function filtered(filter: number, x: number, left: number, up: number, upLeft: number): number {
  const prediction =
    filter === 0
      ? 0
      : filter === 1
        ? left
        : filter === 2
          ? up
          : filter === 3
            ? (left + up) >> 1
            : paeth(left, up, upLeft);
  return (x - prediction) & 0xff;
}

/** How well a filtered byte will deflate: distance from zero, either way round. */
const cost = (v: number) => (v < 128 ? v : 256 - v);

/**
 * Encodes `rgb` (width × height × 3 bytes, rows top to bottom). Each row gets the filter with
 * the smallest sum of absolute differences (the usual heuristic): flat areas and sky gradients
 * then deflate to almost nothing. One pass scores all five filters, a second writes the best.
 */
export function encodePng(width: number, height: number, rgb: Uint8Array): Buffer {
  if (rgb.length !== width * height * 3) throw new RangeError('pixel buffer does not match the size');
  const stride = width * 3;
  const raw = Buffer.alloc((stride + 1) * height);
  const scores = new Float64Array(5);
  for (let y = 0; y < height; y++) {
    const row = y * stride;
    const prev = row - stride;
    scores.fill(0);
    for (let i = 0; i < stride; i++) {
      const x = rgb[row + i]!;
      const left = i >= 3 ? rgb[row + i - 3]! : 0;
      const up = y > 0 ? rgb[prev + i]! : 0;
      const upLeft = y > 0 && i >= 3 ? rgb[prev + i - 3]! : 0;
      scores[0]! += cost(x);
      scores[1]! += cost((x - left) & 0xff);
      scores[2]! += cost((x - up) & 0xff);
      scores[3]! += cost((x - ((left + up) >> 1)) & 0xff);
      scores[4]! += cost((x - paeth(left, up, upLeft)) & 0xff);
    }
    let best = 0;
    for (let f = 1; f < 5; f++) if (scores[f]! < scores[best]!) best = f;
    const out = y * (stride + 1);
    raw[out] = best;
    for (let i = 0; i < stride; i++) {
      const left = i >= 3 ? rgb[row + i - 3]! : 0;
      const up = y > 0 ? rgb[prev + i]! : 0;
      const upLeft = y > 0 && i >= 3 ? rgb[prev + i - 3]! : 0;
      raw[out + 1 + i] = filtered(best, rgb[row + i]!, left, up, upLeft);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', ihdr),
    // Level 6 (zlib's default): level 9 takes ten times as long here for files only 10 % smaller.
    chunk('IDAT', deflateSync(raw, { level: 6 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

import { encodePng } from './png.js';

export type Rgb = readonly [number, number, number];
export type Point = readonly [number, number];

/** '#rrggbb' → [r, g, b]. */
export function rgb(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

const mix = (a: Rgb, b: Rgb, t: number): Rgb => [
  Math.round(a[0] + (b[0] - a[0]) * t),
  Math.round(a[1] + (b[1] - a[1]) * t),
  Math.round(a[2] + (b[2] - a[2]) * t),
];

/**
 * A small RGB drawing surface for flat illustrations: rectangles, polygons, circles and
 * filled curves, no anti-aliasing (flat colours keep the PNGs a few kilobytes).
 * Coordinates are pixels; shapes are clipped to the picture.
 */
export class Raster {
  readonly pixels: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.pixels = new Uint8Array(width * height * 3);
  }

  private span(y: number, x0: number, x1: number, c: Rgb): void {
    if (y < 0 || y >= this.height) return;
    const from = Math.max(0, Math.ceil(x0 - 0.5));
    const to = Math.min(this.width, Math.ceil(x1 - 0.5));
    if (to <= from) return;
    const px = this.pixels;
    const start = (y * this.width + from) * 3;
    const end = (y * this.width + to) * 3;
    px[start] = c[0];
    px[start + 1] = c[1];
    px[start + 2] = c[2];
    // Double the filled part until the span is full: a few copies instead of a byte loop.
    for (let done = 3; start + done < end; done *= 2)
      px.copyWithin(start + done, start, Math.min(start + done, end - done));
  }

  rect(x0: number, y0: number, x1: number, y1: number, c: Rgb): this {
    for (let y = Math.max(0, Math.round(y0)); y < Math.min(this.height, Math.round(y1)); y++)
      this.span(y, x0, x1, c);
    return this;
  }

  /** Rows y0..y1 shade from `top` to `bottom`, one colour per row. */
  gradient(y0: number, y1: number, top: Rgb, bottom: Rgb): this {
    for (let y = Math.max(0, y0); y < Math.min(this.height, y1); y++)
      this.span(y, 0, this.width, mix(top, bottom, (y - y0) / Math.max(1, y1 - y0 - 1)));
    return this;
  }

  /** Filled polygon (even-odd rule), sampled at pixel centres. */
  polygon(points: readonly Point[], c: Rgb): this {
    for (let y = 0; y < this.height; y++) {
      const cy = y + 0.5;
      const xs: number[] = [];
      for (let i = 0; i < points.length; i++) {
        const [ax, ay] = points[i]!;
        const [bx, by] = points[(i + 1) % points.length]!;
        if (ay <= cy === by <= cy) continue;
        xs.push(ax + ((cy - ay) / (by - ay)) * (bx - ax));
      }
      xs.sort((a, b) => a - b);
      for (let i = 0; i + 1 < xs.length; i += 2) this.span(y, xs[i]!, xs[i + 1]!, c);
    }
    return this;
  }

  circle(cx: number, cy: number, r: number, c: Rgb): this {
    for (let y = Math.floor(cy - r); y <= Math.ceil(cy + r); y++) {
      const dy = y + 0.5 - cy;
      if (Math.abs(dy) > r) continue;
      const dx = Math.sqrt(r * r - dy * dy);
      this.span(y, cx - dx, cx + dx, c);
    }
    return this;
  }

  /** Everything below the curve y = top(x) down to `bottom` (hills, lawns, the sea). */
  below(top: (x: number) => number, c: Rgb, bottom = this.height): this {
    const tops = Array.from({ length: this.width }, (_, x) => Math.max(0, Math.round(top(x + 0.5))));
    for (let y = 0; y < Math.min(this.height, bottom); y++) {
      // Runs of columns whose curve is above this row, filled as spans.
      for (let x = 0; x < this.width; x++) {
        if (tops[x]! > y) continue;
        const from = x;
        while (x + 1 < this.width && tops[x + 1]! <= y) x++;
        this.span(y, from + 0.5, x + 1.5, c);
      }
    }
    return this;
  }

  png(): Buffer {
    return encodePng(this.width, this.height, this.pixels);
  }
}

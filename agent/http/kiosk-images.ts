import { open } from 'node:fs/promises';
import path from 'node:path';
import { imageSize } from 'image-size';
import { errnoCode } from '../../core/index.js';

/**
 * Pictures of the kiosk pages: content items downloaded into `<dataDir>/media/<sha256>`
 * (ContentDownloader.pathOf). Each file is measured once, from its head, before the kiosk
 * ever sees it: a Pi that starts decoding a 9000 × 9000 photograph freezes the screen for
 * seconds, and a file that is not what its declared mime says must not be served as one.
 */

/** A larger file takes too long to decode on a Pi; no kiosk picture needs more. */
export const MAX_IMAGE_BYTES = 4 * 1024 * 1024;
/** Wider or taller than the screen many times over: the decoded bitmap alone would be 64 MB. */
export const MAX_IMAGE_SIDE = 4096;
/** PNG and WebP say their size in the first bytes; JPEG after its EXIF block, usually within this. */
const HEAD_BYTES = 64 * 1024;
/** Probes kept in memory (files never change under a sha256, so a probe never goes stale). */
const MAX_CACHED = 2000;

const SHOWN_TYPES: Readonly<Record<string, ImageMime>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp',
};

export type ImageMime = 'image/png' | 'image/jpeg' | 'image/webp';
export type ImageProbe =
  | { ok: true; mime: ImageMime; width: number; height: number; bytes: number }
  | { ok: false; problem: string };

/** What /api/kiosk says about one picture. */
export type KioskImageInfo = { src: string; width: number; height: number } | { problem: string };

interface ContentLike {
  id?: unknown;
  sha256?: unknown;
  mime?: unknown;
}

const SHA256_RE = /^[0-9a-f]{64}$/;
const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

export const kioskImageSrc = (sha256: string): string => `/api/kiosk/images/${sha256}`;

/** Image items (mime image/*) of a desired `content` list, tolerating a malformed list. */
export function imageItems(content: unknown): { id: string; sha256: string }[] {
  if (!Array.isArray(content)) return [];
  return (content as ContentLike[]).filter(
    (c): c is { id: string; sha256: string; mime: string } =>
      !!c &&
      typeof c.id === 'string' &&
      typeof c.sha256 === 'string' &&
      SHA256_RE.test(c.sha256) &&
      typeof c.mime === 'string' &&
      c.mime.startsWith('image/'),
  );
}

export class KioskImages {
  private readonly probes = new Map<string, ImageProbe>();

  constructor(readonly mediaDir: string) {}

  pathOf(sha256: string): string {
    return path.join(this.mediaDir, sha256);
  }

  /** Measures the file (once per sha256). A missing file is not remembered: it may still arrive. */
  async probe(sha256: string): Promise<ImageProbe> {
    const known = this.probes.get(sha256);
    if (known) return known;
    const result = await this.measure(this.pathOf(sha256));
    if (result === 'missing') return { ok: false, problem: 'The image is not downloaded yet.' };
    if (this.probes.size >= MAX_CACHED) this.probes.delete(this.probes.keys().next().value!);
    this.probes.set(sha256, result);
    return result;
  }

  /** Forget a probe: the file went away behind our back (it is measured again when it returns). */
  forget(sha256: string): void {
    this.probes.delete(sha256);
  }

  /** The `images` map of /api/kiosk: every image item of the content list, by content id. */
  async describe(content: unknown): Promise<Record<string, KioskImageInfo>> {
    const items = imageItems(content);
    const probes = await Promise.all(items.map((item) => this.probe(item.sha256)));
    const out: Record<string, KioskImageInfo> = {};
    items.forEach((item, i) => {
      const p = probes[i]!;
      out[item.id] = p.ok
        ? { src: kioskImageSrc(item.sha256), width: p.width, height: p.height }
        : { problem: p.problem };
    });
    return out;
  }

  private async measure(file: string): Promise<ImageProbe | 'missing'> {
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(file, 'r');
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return 'missing';
      return { ok: false, problem: `The image file cannot be read (${errnoCode(err) ?? 'error'}).` };
    }
    try {
      const bytes = (await handle.stat()).size;
      if (bytes > MAX_IMAGE_BYTES) {
        return {
          ok: false,
          problem: `The image file is ${mb(bytes)}; the kiosk shows images of at most ${mb(MAX_IMAGE_BYTES)}.`,
        };
      }
      const head = Buffer.alloc(Math.min(bytes, HEAD_BYTES));
      await handle.read(head, 0, head.length, 0);
      let size = sizeOf(head);
      // A JPEG with a large EXIF block says its size further in: read it all (at most 4 MB).
      if (!size && bytes > head.length) {
        const all = Buffer.alloc(bytes);
        await handle.read(all, 0, bytes, 0);
        size = sizeOf(all);
      }
      return judge(size, bytes);
    } finally {
      await handle.close();
    }
  }
}

function sizeOf(buf: Buffer): ReturnType<typeof imageSize> | undefined {
  try {
    return imageSize(buf);
  } catch {
    return undefined;
  }
}

function judge(size: ReturnType<typeof imageSize> | undefined, bytes: number): ImageProbe {
  const notAnImage = 'The file is not a PNG, JPEG or WebP image.';
  if (!size?.type) return { ok: false, problem: notAnImage };
  const mime = SHOWN_TYPES[size.type];
  if (!mime) {
    return {
      ok: false,
      problem: `The file is a ${size.type.toUpperCase()} image; the kiosk shows only PNG, JPEG or WebP.`,
    };
  }
  // EXIF orientations 5 to 8 turn the picture a quarter: the browser shows it turned.
  const turned = (size.orientation ?? 1) >= 5;
  const width = turned ? size.height : size.width;
  const height = turned ? size.width : size.height;
  if (!(width > 0 && height > 0)) return { ok: false, problem: notAnImage };
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE) {
    return {
      ok: false,
      problem: `The image is ${width} × ${height} pixels; the kiosk shows images of at most ${MAX_IMAGE_SIDE} pixels on a side.`,
    };
  }
  return { ok: true, mime, width, height, bytes };
}

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWavInfo } from '../../audio/index.js';
import { type AgentProcess, startAgent } from '../helpers/agent-process.js';

/**
 * The kiosk's media routes on the real compiled agent (`tiang start --sim`), over the
 * simulator's seeded Blitar demo state: pictures, the Wi-Fi QR code, read-aloud, tap sound.
 */

let agent: AgentProcess;
beforeAll(async () => {
  agent = await startAgent();
});
afterAll(async () => {
  await agent?.dispose();
});

type Images = Record<string, { src: string; width: number; height: number } | { problem: string }>;

const get = (p: string, init?: RequestInit) => fetch(`${agent.baseUrl}${p}`, init);

async function demoImages(): Promise<Images> {
  const body = (await (await get('/api/kiosk')).json()) as { images: Images };
  return body.images;
}

describe('kiosk pictures', () => {
  it('/api/kiosk lists the demo pictures with their sizes', async () => {
    const images = await demoImages();
    expect(Object.keys(images).sort()).toEqual([
      'foto-kebun-kopi',
      'foto-makam-bung-karno',
      'foto-penataran',
    ]);
    for (const image of Object.values(images)) {
      expect(image).toEqual({
        src: expect.stringMatching(/^\/api\/kiosk\/images\/[0-9a-f]{64}$/),
        width: 640,
        height: 400,
      });
    }
  });

  it('serves a picture as PNG with immutable caching', async () => {
    const image = (await demoImages())['foto-penataran'] as { src: string };
    const res = await get(image.src);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(bytes.readUInt32BE(16)).toBe(640);
    expect(bytes.readUInt32BE(20)).toBe(400);
  });

  it('answers 400 for a malformed name and 404 for a sha256 that is not a listed picture', async () => {
    const bad = await get('/api/kiosk/images/not-a-sha');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain('sha256');
    const unknown = await get(`/api/kiosk/images/${'0'.repeat(64)}`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: string }).error).toContain('no image');
  });
});

describe('Wi-Fi QR code', () => {
  it('is an SVG for the demo hotspot', async () => {
    const res = await get('/api/kiosk/wifi-qr.svg');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toContain('<svg');
    const etag = res.headers.get('etag')!;
    expect((await get('/api/kiosk/wifi-qr.svg', { headers: { 'if-none-match': etag } })).status).toBe(304);
  });
});

describe('read-aloud', () => {
  async function speech(page: string, lang: string) {
    const t0 = performance.now();
    const res = await get(`/api/kiosk/speech?page=${page}&lang=${lang}`);
    const bytes = Buffer.from(await res.arrayBuffer());
    return { res, bytes, ms: performance.now() - t0 };
  }

  it('reads a page in Indonesian and in English as a WAV of plausible length', async () => {
    for (const lang of ['id', 'en']) {
      const { res, bytes } = await speech('wisata', lang);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('audio/wav');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      const file = path.join(agent.dataDir, `speech-test-${lang}.wav`);
      writeFileSync(file, bytes);
      const info = await readWavInfo(file);
      expect(info).toMatchObject({ formatTag: 1, channels: 1, bitsPerSample: 16 });
      // About 1100 characters at 150 words a minute: well over half a minute, under three.
      expect(info.durationMs).toBeGreaterThan(30_000);
      expect(info.durationMs).toBeLessThan(180_000);
    }
  });

  it('serves the second request from the cache: same bytes, faster', async () => {
    const first = await speech('layanan', 'id');
    expect(first.res.headers.get('x-speech-cache')).toBe('miss');
    const second = await speech('layanan', 'id');
    expect(second.res.headers.get('x-speech-cache')).toBe('hit');
    expect(second.bytes.equals(first.bytes)).toBe(true);
    expect(second.ms).toBeLessThan(first.ms);
  });

  it('answers 404 for an unknown page and 400 for a language it does not speak', async () => {
    const unknown = await get('/api/kiosk/speech?page=tidak-ada&lang=id');
    expect(unknown.status).toBe(404);
    const lang = await get('/api/kiosk/speech?page=wisata&lang=fr');
    expect(lang.status).toBe(400);
    expect(((await lang.json()) as { error: string }).error).toBe('lang must be one of: id, en');
  });
});

describe('tap sound', () => {
  it('is a short WAV', async () => {
    const res = await get('/api/kiosk/sounds/tap.wav');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/wav');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.toString('latin1', 8, 12)).toBe('WAVE');
    const ms = (bytes.readUInt32LE(40) / bytes.readUInt16LE(32) / bytes.readUInt32LE(24)) * 1000;
    expect(ms).toBeGreaterThanOrEqual(30);
    expect(ms).toBeLessThanOrEqual(50);
  });
});

describe('portal listener', () => {
  it('does not serve the kiosk media routes to the hotspot', async () => {
    const res = await fetch(`${agent.portalUrl}/api/kiosk/sounds/tap.wav`, { redirect: 'manual' });
    expect(res.headers.get('content-type') ?? '').not.toContain('audio/wav');
  });
});

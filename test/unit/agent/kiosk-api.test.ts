import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { simulatorConfig } from '../../../agent/cli/config-path.js';
import { loadConfig } from '../../../agent/config/index.js';
import { registerPublicApi } from '../../../agent/http/api.js';
import { createKioskServices, type KioskServices } from '../../../agent/http/kiosk-api.js';
import { KioskImages } from '../../../agent/http/kiosk-images.js';
import { KioskSpeech } from '../../../agent/http/kiosk-speech.js';
import { LiveHub } from '../../../agent/http/live.js';
import { createLocalServer } from '../../../agent/http/server.js';
import { encodePng } from '../../../agent/sim/png.js';
import { HealthModel, silentLogger } from '../../../core/index.js';
import { DesiredStateRepo, openDatabase } from '../../../store/index.js';
import { tempDir } from '../../helpers/temp-dir.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

const sha = (n: number) => n.toString(16).padStart(64, 'a');
const png = (w: number, h: number) => encodePng(w, h, new Uint8Array(w * h * 3).fill(90));
/** 2026-11-28 10:00 WIB. */
const NOW = Date.UTC(2026, 10, 28, 3, 0);

const kiosk = {
  pages: [
    {
      id: 'info',
      title: { id: 'Informasi', en: 'Information' },
      sections: [
        { heading: { id: 'Halo' }, body: { id: 'Selamat datang di Blitar.', en: 'Welcome to Blitar.' } },
      ],
    },
    { id: 'darurat', type: 'contacts', title: { id: 'Nomor Penting', en: 'Important Numbers' } },
  ],
  contacts: [{ name: { id: 'Darurat', en: 'Emergency' }, phone: '112' }],
};

async function setup(opts: { services?: (dataDir: string) => KioskServices } = {}) {
  const dir = tempDir('tiang-kiosk-api-');
  cleanup.push(dir.remove);
  const clock = { now: () => NOW };
  const log = silentLogger();
  const { config } = loadConfig(simulatorConfig(), { simulate: true, env: { TIANG_DATA_DIR: dir.path } });
  const db = openDatabase(path.join(dir.path, 'tiang.db'), { clock, log });
  cleanup.unshift(() => {
    db.close();
  });
  const desired = new DesiredStateRepo(db, clock);
  const media = path.join(dir.path, 'media');
  mkdirSync(media);
  const services = opts.services?.(dir.path) ?? createKioskServices(dir.path, clock, log);
  const app: FastifyInstance = await createLocalServer({
    log,
    bodyLimitBytes: 65536,
    routes: [
      (a) =>
        registerPublicApi(a, {
          config,
          version: 'test',
          startedAt: NOW,
          clock,
          health: new HealthModel(clock),
          live: new LiveHub(log),
          desired: () => desired,
          kiosk: services,
        }),
    ],
  });
  cleanup.unshift(() => app.close());
  let version = 0;
  const save = (body: Record<string, unknown>) => desired.save(++version, { version, ...body }, 'test');
  const put = (n: number, bytes: Buffer) => {
    writeFileSync(path.join(media, sha(n)), bytes);
    return sha(n);
  };
  return { app, save, put, dataDir: dir.path, services };
}

const content = (id: string, sha256: string, mime = 'image/png') => ({
  id,
  sha256,
  bytes: 1,
  url: `https://tiang.invalid/${id}`,
  mime,
  title: { id, en: id },
});

describe('GET /api/kiosk images', () => {
  it('lists every image of the content list with its size, or the reason it is left out', async () => {
    const t = await setup();
    const good = t.put(1, png(320, 200));
    const wide = t.put(2, png(5000, 10));
    t.save({
      content: [
        content('foto', good),
        content('lebar', wide),
        content('belum', sha(3)),
        content('suara', sha(4), 'audio/wav'),
      ],
      kiosk,
    });
    const res = await t.app.inject('/api/kiosk');
    expect(res.statusCode).toBe(200);
    expect(res.json().images).toEqual({
      foto: { src: `/api/kiosk/images/${good}`, width: 320, height: 200 },
      lebar: {
        problem: 'The image is 5000 × 10 pixels; the kiosk shows images of at most 4096 pixels on a side.',
      },
      belum: { problem: 'The image is not downloaded yet.' },
    });
  });

  it('answers an empty map before any desired state', async () => {
    const t = await setup();
    expect((await t.app.inject('/api/kiosk')).json()).toMatchObject({ kiosk: null, images: {} });
  });
});

describe('GET /api/kiosk/images/:sha256', () => {
  it('serves a listed picture with its sniffed type and immutable caching', async () => {
    const t = await setup();
    const bytes = png(64, 32);
    const good = t.put(1, bytes);
    // Declared as JPEG; the bytes are a PNG, and the browser is told so.
    t.save({ content: [content('foto', good, 'image/jpeg')] });
    const res = await t.app.inject(`/api/kiosk/images/${good}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-length']).toBe(String(bytes.length));
    expect(res.rawPayload.equals(bytes)).toBe(true);
  });

  it('refuses a malformed name with 400 and anything not servable with a JSON 404', async () => {
    const t = await setup();
    const wide = t.put(2, png(5000, 10));
    const stray = t.put(5, png(8, 8));
    const audio = t.put(6, png(8, 8));
    t.save({
      content: [content('lebar', wide), content('belum', sha(3)), content('suara', audio, 'audio/wav')],
    });
    for (const bad of ['abc', sha(1).toUpperCase(), `${sha(1)}0`, '..%2F..%2Ftiang.db']) {
      const res = await t.app.inject(`/api/kiosk/images/${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error).toContain('sha256');
    }
    const cases: [string, string][] = [
      [wide, '5000 × 10 pixels'],
      [sha(3), 'not downloaded yet'],
      [stray, 'no image with this sha256'],
      [audio, 'no image with this sha256'],
    ];
    for (const [s, why] of cases) {
      const res = await t.app.inject(`/api/kiosk/images/${s}`);
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/json');
      expect(res.json().error).toContain(why);
    }
  });
});

describe('GET /api/kiosk/wifi-qr.svg', () => {
  it('draws the hotspot code with an ETag, and 404s while the hotspot is off', async () => {
    const t = await setup();
    expect((await t.app.inject('/api/kiosk/wifi-qr.svg')).statusCode).toBe(404);
    t.save({ hotspot: { enabled: true, ssid: 'Blitar-WiFi-Gratis' } });
    const res = await t.app.inject('/api/kiosk/wifi-qr.svg');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/svg+xml');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toMatch(/^<svg /);
    const etag = res.headers.etag as string;
    expect(etag).toMatch(/^"[0-9a-f]{20}"$/);
    const again = await t.app.inject({ url: '/api/kiosk/wifi-qr.svg', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');

    t.save({ hotspot: { enabled: true, ssid: 'Alun-Alun' } });
    const renamed = await t.app.inject({ url: '/api/kiosk/wifi-qr.svg', headers: { 'if-none-match': etag } });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.headers.etag).not.toBe(etag);

    // Keyed by the SSID (as the kiosk asks): kept a day; a stale key is not.
    const keyed = await t.app.inject('/api/kiosk/wifi-qr.svg?ssid=Alun-Alun');
    expect(keyed.headers['cache-control']).toBe('public, max-age=86400');
    const stale = await t.app.inject('/api/kiosk/wifi-qr.svg?ssid=Blitar-WiFi-Gratis');
    expect(stale.headers['cache-control']).toBe('no-cache');

    t.save({ hotspot: { enabled: false, ssid: 'Alun-Alun' } });
    const off = await t.app.inject('/api/kiosk/wifi-qr.svg');
    expect(off.statusCode).toBe(404);
    expect(off.json().error).toContain('hotspot is off');
  });
});

describe('GET /api/kiosk/speech', () => {
  it('reads a page into a WAV, from the cache the second time', async () => {
    const t = await setup();
    t.save({ kiosk });
    const first = await t.app.inject('/api/kiosk/speech?page=info&lang=en');
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toBe('audio/wav');
    expect(first.headers['cache-control']).toBe('no-cache');
    expect(first.headers['x-speech-cache']).toBe('miss');
    expect(first.rawPayload.toString('latin1', 0, 4)).toBe('RIFF');
    expect(first.rawPayload.toString('latin1', 8, 12)).toBe('WAVE');
    const second = await t.app.inject('/api/kiosk/speech?page=info&lang=en');
    expect(second.headers['x-speech-cache']).toBe('hit');
    expect(second.rawPayload.equals(first.rawPayload)).toBe(true);
    const files = readdirSync(path.join(t.dataDir, 'cache', 'kiosk-speech'));
    expect(files).toEqual([`${KioskSpeech.keyOf('en', 'Information. Halo. Welcome to Blitar.')}.wav`]);
  });

  it('makes one file for simultaneous requests of the same page', async () => {
    const t = await setup();
    t.save({ kiosk });
    const answers = await Promise.all([
      t.app.inject('/api/kiosk/speech?page=darurat&lang=id'),
      t.app.inject('/api/kiosk/speech?page=darurat&lang=id'),
      t.app.inject('/api/kiosk/speech?page=info&lang=id'),
    ]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200]);
    expect(answers[0]!.rawPayload.equals(answers[1]!.rawPayload)).toBe(true);
    expect(
      readdirSync(path.join(t.dataDir, 'cache', 'kiosk-speech')).filter((f) => f.endsWith('.wav')),
    ).toHaveLength(2);
  });

  it('answers 400 for a bad language or no page, 404 for an unknown page', async () => {
    const t = await setup();
    t.save({ kiosk });
    const lang = await t.app.inject('/api/kiosk/speech?page=info&lang=jv');
    expect(lang.statusCode).toBe(400);
    expect(lang.json().error).toBe('lang must be one of: id, en');
    expect((await t.app.inject('/api/kiosk/speech?lang=id')).statusCode).toBe(400);
    const unknown = await t.app.inject('/api/kiosk/speech?page=nope&lang=id');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toBe('no kiosk page "nope"');
  });

  it('answers 503 with the fix when espeak-ng cannot run', async () => {
    const t = await setup({
      services: (dataDir) => ({
        images: new KioskImages(path.join(dataDir, 'media')),
        speech: new KioskSpeech({
          cacheDir: path.join(dataDir, 'cache', 'kiosk-speech'),
          clock: { now: () => NOW },
          log: silentLogger(),
          espeakPath: '/nonexistent/espeak-ng',
        }),
      }),
    });
    t.save({ kiosk });
    const res = await t.app.inject('/api/kiosk/speech?page=info&lang=id');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({
      error: expect.stringContaining('unavailable'),
      fix: { en: expect.any(String) },
    });
  });
});

describe('KioskSpeech cache', () => {
  it('keeps at most maxFiles, dropping the least recently read', async () => {
    const dir = tempDir('tiang-kiosk-speech-');
    cleanup.push(dir.remove);
    let now = NOW;
    const speech = new KioskSpeech({
      cacheDir: dir.path,
      clock: { now: () => now },
      log: silentLogger(),
      maxFiles: 2,
    });
    const say = async (text: string) => {
      now += 10_000;
      return speech.wav(text, 'id');
    };
    const a = await say('Satu.');
    await say('Dua.');
    expect((await say('Satu.')).cached).toBe(true); // read again: now the newest
    await say('Tiga.');
    expect(readdirSync(dir.path).sort()).toEqual(
      [path.basename(a.file), `${KioskSpeech.keyOf('id', 'Tiga.')}.wav`].sort(),
    );
  });
});

describe('GET /api/kiosk/sounds/tap.wav', () => {
  it('is a short 16-bit mono WAV at 22050 Hz, cached for a day', async () => {
    const t = await setup();
    const res = await t.app.inject('/api/kiosk/sounds/tap.wav');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('audio/wav');
    expect(res.headers['cache-control']).toBe('public, max-age=86400');
    const wav = res.rawPayload;
    expect(wav.toString('latin1', 0, 4)).toBe('RIFF');
    expect(wav.readUInt16LE(20)).toBe(1);
    expect(wav.readUInt16LE(22)).toBe(1);
    expect(wav.readUInt32LE(24)).toBe(22050);
    expect(wav.readUInt16LE(34)).toBe(16);
    const ms = (wav.readUInt32LE(40) / 2 / 22050) * 1000;
    expect(ms).toBeGreaterThanOrEqual(30);
    expect(ms).toBeLessThanOrEqual(50);
    let peak = 0;
    for (let i = 44; i < wav.length; i += 2) peak = Math.max(peak, Math.abs(wav.readInt16LE(i)));
    expect(peak / 32767).toBeGreaterThan(0.1);
    expect(peak / 32767).toBeLessThan(0.5);
    // Dies away: the last sample is near silence, so the click does not end in a pop.
    expect(Math.abs(wav.readInt16LE(wav.length - 2)) / 32767).toBeLessThan(0.01);
  });
});

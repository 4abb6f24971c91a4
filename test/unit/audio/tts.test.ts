import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CANONICAL_FORMAT,
  readWavInfo,
  TTS_MAX_CHARS,
  TtsRenderer,
  type TtsRendererOptions,
} from '../../../audio/index.js';
import { isTiangError, silentLogger, type TiangError } from '../../../core/index.js';
import { tempDir } from '../../helpers/temp-dir.js';

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});

const TEXT = 'Selamat pagi, warga Blitar. Pasar Legi hari ini buka sampai pukul lima sore.';

function setup() {
  const tmp = tempDir('tiang-tts-');
  cleanup.push(tmp.remove);
  let now = 1_764_288_000_000;
  const clock = { now: () => now };
  const cacheDir = path.join(tmp.path, 'tts');
  const renderer = (opts: Partial<TtsRendererOptions> = {}) =>
    new TtsRenderer({ cacheDir, clock, log: silentLogger(), ...opts });
  return {
    cacheDir,
    renderer,
    tick: (ms: number) => {
      now += ms;
    },
    files: () => (existsSync(cacheDir) ? readdirSync(cacheDir) : []),
  };
}

/** Renderers whose tools cannot run: any call that reaches espeak-ng or sox fails. */
const noTools = { espeakPath: '/nonexistent/espeak-ng', soxPath: '/nonexistent/sox' };

async function renderError(r: TtsRenderer, text: string, lang: 'id' | 'en' = 'id'): Promise<TiangError> {
  try {
    await r.render({ text, lang });
  } catch (err) {
    if (isTiangError(err)) return err;
    throw err;
  }
  throw new Error('expected render to fail');
}

describe('TtsRenderer', () => {
  it('renders Indonesian text to a canonical WAV of plausible length', async () => {
    const t = setup();
    const result = await t.renderer().render({ text: TEXT, lang: 'id' });
    expect(result.cached).toBe(false);
    expect(path.dirname(result.file)).toBe(t.cacheDir);
    const info = await readWavInfo(result.file);
    expect(info).toMatchObject({ formatTag: 1, ...CANONICAL_FORMAT });
    // 13 words at 150 per minute, plus pauses: about 5 to 7 s.
    expect(info.durationMs).toBeGreaterThan(3000);
    expect(info.durationMs).toBeLessThan(12_000);
    expect(Math.abs(result.durationMs - info.durationMs)).toBeLessThanOrEqual(1);
    // Only the finished file: no temp files left behind.
    expect(t.files()).toEqual([path.basename(result.file)]);
  });

  it('serves a second call from the cache without running espeak-ng or sox', async () => {
    const t = setup();
    const first = await t.renderer().render({ text: TEXT, lang: 'id' });
    const offline = t.renderer(noTools);
    expect(await offline.render({ text: TEXT, lang: 'id' })).toEqual({ ...first, cached: true });
    // Leading and trailing spaces do not change what is said.
    expect(await offline.render({ text: `  ${TEXT}\n`, lang: 'id' })).toEqual({ ...first, cached: true });
    // The language is part of the key: English needs a render of its own.
    expect((await renderError(offline, TEXT, 'en')).code).toBe('TTS_UNAVAILABLE');
  });

  it('renders English, and text starting with "-" is spoken, not read as an option', async () => {
    const t = setup();
    const en = await t.renderer().render({ text: 'Road closed ahead.', lang: 'en' });
    expect(en.durationMs).toBeGreaterThan(500);
    const dash = await t.renderer().render({ text: '--help', lang: 'id' });
    expect((await readWavInfo(dash.file)).durationMs).toBeGreaterThan(300);
  });

  it('refuses empty and over-long text, and an unknown language', async () => {
    const r = setup().renderer(noTools);
    for (const text of ['', '   \n\t ']) {
      const err = await renderError(r, text);
      expect(err.code).toBe('TTS_INVALID');
      expect(err.message).toBe('announcement text is empty');
    }
    const long = await renderError(r, 'a'.repeat(TTS_MAX_CHARS + 1));
    expect(long.code).toBe('TTS_INVALID');
    expect(long.message).toContain(`${TTS_MAX_CHARS + 1} characters long; at most ${TTS_MAX_CHARS}`);
    expect(long.fix.en).toContain('1 to 1000 characters');
    // Exactly the limit passes the check and reaches espeak-ng (missing here).
    expect((await renderError(r, 'a'.repeat(TTS_MAX_CHARS))).code).toBe('TTS_UNAVAILABLE');
    // Characters, not UTF-16 units: 1000 emoji are 2000 units.
    expect((await renderError(r, '🔊'.repeat(TTS_MAX_CHARS))).code).toBe('TTS_UNAVAILABLE');
    const lang = await renderError(r, 'halo', 'jv' as 'id');
    expect(lang.code).toBe('TTS_INVALID');
    expect(lang.message).toContain('unknown language "jv"');
  });

  it('says how to install espeak-ng when it is missing, and leaves nothing behind', async () => {
    const t = setup();
    const err = await renderError(t.renderer({ espeakPath: '/nonexistent/espeak-ng' }), TEXT);
    expect(err.code).toBe('TTS_UNAVAILABLE');
    expect(err.message).toContain('/nonexistent/espeak-ng cannot be run (ENOENT)');
    expect(err.fix.en).toContain('apt-get install espeak-ng');
    expect(err.fix.id).toContain('apt-get install espeak-ng');
    expect(t.files()).toEqual([]);
  });

  it('says how to install sox when it is missing', async () => {
    const t = setup();
    const err = await renderError(t.renderer({ soxPath: '/nonexistent/sox' }), TEXT);
    expect(err.code).toBe('TTS_UNAVAILABLE');
    expect(err.fix.en).toContain('apt-get install sox');
    expect(t.files()).toEqual([]);
  });

  it('prune removes files not used within the age, keeping the recently used', async () => {
    const t = setup();
    const r = t.renderer();
    const old = await r.render({ text: 'Pengumuman lama.', lang: 'id' });
    t.tick(3600_000);
    const used = await r.render({ text: TEXT, lang: 'id' });
    t.tick(3600_000);
    // Using the old one again counts as a use.
    await r.render({ text: 'Pengumuman lama.', lang: 'id' });
    t.tick(3600_000);
    expect(await r.prune(2 * 3600_000 + 1000)).toEqual([]);
    t.tick(30 * 60_000);
    expect(await r.prune(2 * 3600_000 + 1000)).toEqual([path.basename(used.file)]);
    expect(t.files()).toEqual([path.basename(old.file)]);
  });
});

import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { unlink } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CANONICAL_FORMAT,
  ContentLibrary,
  type ContentLibraryOptions,
  pcm16WavHeader,
  readWavInfo,
  writeToneWav,
} from '../../../audio/index.js';
import { isTiangError, silentLogger, type TiangError } from '../../../core/index.js';
import { type Db, openDatabase } from '../../../store/index.js';
import { tempDir } from '../../helpers/temp-dir.js';

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.splice(0).reverse()) c();
});

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
/** Bytes of a canonical file of `ms` (44-byte header, 4 bytes a frame at 48 kHz). */
const canonicalBytes = (ms: number) => 44 + (ms * 48_000 * 4) / 1000;

function setup(opts: Partial<ContentLibraryOptions> = {}) {
  const tmp = tempDir('tiang-library-');
  let now = 1_764_288_000_000;
  const clock = { now: () => now };
  const db: Db = openDatabase(path.join(tmp.path, 'tiang.db'), { clock, log: silentLogger() });
  cleanup.push(tmp.remove, () => db.close());
  const dir = path.join(tmp.path, 'content');
  const library = new ContentLibrary({ dir, db, clock, log: silentLogger(), quotaBytes: 1024 ** 3, ...opts });
  return {
    library,
    db,
    dir,
    /** A source file outside the content folder. */
    src: (name: string) => path.join(tmp.path, name),
    tick: (ms = 1000) => {
      now += ms;
    },
    contentFiles: () => (existsSync(dir) ? readdirSync(dir) : []),
    rows: () => (db.prepare('SELECT count(*) AS n FROM content').get() as { n: number }).n,
  };
}

/** A WAV header with any format tag and data size, followed by `bodyBytes` of zeros. */
function rawWav(f: {
  tag?: number;
  channels?: number;
  rate?: number;
  bits?: number;
  dataBytes: number;
}): Buffer {
  const channels = f.channels ?? 2;
  const bits = f.bits ?? 16;
  const rate = f.rate ?? 48_000;
  const h = pcm16WavHeader(channels, rate, f.dataBytes);
  h.writeUInt16LE(f.tag ?? 1, 20);
  h.writeUInt32LE((rate * channels * bits) / 8, 28);
  h.writeUInt16LE((channels * bits) / 8, 32);
  h.writeUInt16LE(bits, 34);
  return Buffer.concat([h, Buffer.alloc(f.dataBytes)]);
}

async function importError(library: ContentLibrary, file: string): Promise<TiangError> {
  try {
    await library.import(file, { source: 'local' });
  } catch (err) {
    if (isTiangError(err)) return err;
    throw err;
  }
  throw new Error(`expected the import of ${file} to fail`);
}

describe('ContentLibrary.import', () => {
  it('stores a canonical file as it is, named by its sha256, and indexes it', async () => {
    const t = setup();
    const src = t.src('azan-maghrib.wav');
    await writeToneWav(src, 1500, 440);
    const item = await t.library.import(src, {
      source: 'control-room',
      title: { id: 'Azan', en: 'Call to prayer' },
    });

    expect(item).toEqual({
      sha256: sha(src),
      kind: 'audio',
      title: { id: 'Azan', en: 'Call to prayer' },
      originalName: 'azan-maghrib.wav',
      bytes: canonicalBytes(1500),
      durationMs: 1500,
      source: 'control-room',
      addedAt: 1_764_288_000_000,
      lastPlayedAt: null,
    });
    const stored = t.library.pathOf(item.sha256);
    expect(stored).toBe(path.join(t.dir, `${item.sha256}.wav`));
    expect(sha(stored)).toBe(item.sha256);
    const info = await readWavInfo(stored);
    expect(info).toMatchObject({ formatTag: 1, ...CANONICAL_FORMAT });
    expect(Math.abs(info.durationMs - 1500)).toBeLessThanOrEqual(5);
    expect(t.contentFiles()).toEqual([`${item.sha256}.wav`]);
    expect(t.library.has(item.sha256)).toBe(true);
    expect(t.library.get(item.sha256)).toEqual(item);
    expect(t.library.list()).toEqual([item]);
    expect(t.library.usage()).toEqual({ items: 1, bytes: item.bytes, quotaBytes: 1024 ** 3 });
  });

  it('converts 22.05 kHz mono to 48 kHz stereo with the sound on both channels, keeping the original sha256', async () => {
    const t = setup();
    const src = t.src('Pengumuman Pasar.wav');
    await writeToneWav(src, 2000, 440, { sampleRate: 22_050, channels: 1 });
    const item = await t.library.import(src, { source: 'local' });

    expect(item.sha256).toBe(sha(src));
    expect(item.title).toEqual({ id: 'Pengumuman Pasar', en: 'Pengumuman Pasar' });
    const stored = t.library.pathOf(item.sha256);
    expect(sha(stored)).not.toBe(item.sha256);
    const info = await readWavInfo(stored);
    expect(info).toMatchObject({ formatTag: 1, ...CANONICAL_FORMAT });
    expect(Math.abs(info.durationMs - 2000)).toBeLessThanOrEqual(5);
    expect(Math.abs(item.durationMs - 2000)).toBeLessThanOrEqual(5);
    expect(item.bytes).toBe(readFileSync(stored).length);

    const pcm = readFileSync(stored).subarray(info.dataOffset);
    let peak = 0;
    let channelDiff = 0;
    for (let frame = 0; frame < 48_000; frame++) {
      const left = pcm.readInt16LE(frame * 4);
      channelDiff = Math.max(channelDiff, Math.abs(pcm.readInt16LE(frame * 4 + 2) - left));
      peak = Math.max(peak, Math.abs(left));
    }
    expect(peak).toBeGreaterThan(10_000);
    // The same sound on both channels, but for sox's dither (independent per channel, a bit or two).
    expect(channelDiff).toBeLessThanOrEqual(2);
    expect(t.contentFiles()).toEqual([`${item.sha256}.wav`]);
  });

  it('is idempotent: the same bytes again, under any name, return the existing item', async () => {
    const t = setup();
    const src = t.src('lagu.wav');
    await writeToneWav(src, 500, 660, { sampleRate: 44_100 });
    const first = await t.library.import(src, { source: 'local', title: { id: 'Lagu', en: 'Song' } });
    t.tick(60_000);
    const copy = t.src('lagu-copy.wav');
    copyFileSync(src, copy);
    expect(await t.library.import(src, { source: 'local' })).toEqual(first);
    expect(await t.library.import(copy, { source: 'control-room', title: { id: 'X', en: 'Y' } })).toEqual(
      first,
    );
    expect(t.rows()).toBe(1);
    expect(t.contentFiles()).toEqual([`${first.sha256}.wav`]);
  });

  it('imports one at a time: the same file twice at once gives one item', async () => {
    const t = setup();
    const src = t.src('bersamaan.wav');
    await writeToneWav(src, 400, 440, { channels: 1 });
    const [x, y] = await Promise.all([
      t.library.import(src, { source: 'local' }),
      t.library.import(src, { source: 'local' }),
    ]);
    expect(y).toEqual(x);
    expect(t.rows()).toBe(1);
    expect(t.contentFiles()).toEqual([`${x.sha256}.wav`]);
  });

  it('converts a canonical-format file whose data ends in a part frame, so it holds whole frames only', async () => {
    const t = setup();
    const src = t.src('ganjil.wav');
    const pcm = Buffer.alloc(4 * 4800 + 2, 0x11);
    writeFileSync(src, Buffer.concat([pcm16WavHeader(2, 48_000, pcm.length), pcm]));
    const item = await t.library.import(src, { source: 'local' });
    const info = await readWavInfo(t.library.pathOf(item.sha256));
    expect(info.dataBytes % info.blockAlign).toBe(0);
    expect(Math.abs(info.durationMs - 100)).toBeLessThanOrEqual(5);
  });

  it('stores the file again when the same bytes come back after the file was lost', async () => {
    const t = setup();
    const src = t.src('hilang.wav');
    await writeToneWav(src, 300, 500);
    const item = await t.library.import(src, { source: 'local' });
    await unlink(t.library.pathOf(item.sha256));
    expect((await t.library.verify()).missing.map((i) => i.sha256)).toEqual([item.sha256]);
    expect(await t.library.import(src, { source: 'local' })).toEqual(item);
    expect(sha(t.library.pathOf(item.sha256))).toBe(item.sha256);
    expect((await t.library.verify()).missing).toEqual([]);
  });

  const bad: [string, () => Buffer | string, RegExp][] = [
    [
      'float samples (format tag 3)',
      () => rawWav({ tag: 3, bits: 32, dataBytes: 800 }),
      /format tag 0x3 \(IEEE float\) is not PCM/,
    ],
    [
      'MP3 in a WAV (format tag 0x55)',
      () => rawWav({ tag: 0x55, dataBytes: 800 }),
      /format tag 0x55 \(MP3\) is not PCM/,
    ],
    [
      'a truncated file',
      () => rawWav({ dataBytes: 48_000 }).subarray(0, 10_000),
      /truncated: data chunk says 48000 bytes/,
    ],
    ['a text file renamed .wav', () => 'Jadwal: 06.00 azan, 07.00 lagu daerah\n', /not a RIFF file/],
    ['an empty data chunk', () => rawWav({ dataBytes: 0 }), /data chunk is empty: there is no sound in it/],
    ['three channels', () => rawWav({ channels: 3, dataBytes: 600 }), /3 channels; only mono or stereo/],
    [
      'a 4 kHz sample rate',
      () => rawWav({ rate: 4000, dataBytes: 400 }),
      /sample rate 4000 Hz is outside 8000–192000 Hz/,
    ],
    ['an empty file', () => '', /truncated: only 0 bytes/],
  ];
  for (const [what, bytes, reason] of bad) {
    it(`refuses ${what}, naming the file and the reason, and keeps nothing`, async () => {
      const t = setup();
      const src = t.src('kiriman.wav');
      writeFileSync(src, bytes());
      const err = await importError(t.library, src);
      expect(err.code).toBe('CONTENT_INVALID');
      expect(err.message).toContain(src);
      expect(err.message).toMatch(reason);
      expect(err.fix.en).toBeTruthy();
      expect(t.contentFiles()).toEqual([]);
      expect(t.rows()).toBe(0);
    });
  }

  it('refuses a file longer than 2 hours before reading its samples', async () => {
    const t = setup();
    const src = t.src('rekaman-rapat.wav');
    // 2 h 0 min 2 s of 8 kHz mono 8-bit; the samples are a sparse hole, only the header is read.
    const dataBytes = 8000 * 7202;
    writeFileSync(src, rawWav({ channels: 1, rate: 8000, bits: 8, dataBytes: 0 }));
    const header = readFileSync(src);
    header.writeUInt32LE(36 + dataBytes, 4);
    header.writeUInt32LE(dataBytes, 40);
    writeFileSync(src, header);
    truncateSync(src, 44 + dataBytes);
    const err = await importError(t.library, src);
    expect(err.code).toBe('CONTENT_INVALID');
    expect(err.message).toContain(
      `${src}: cannot be added to the content library: it is 2:00:02 long; the limit is 2:00:00`,
    );
    expect(t.contentFiles()).toEqual([]);
    expect(t.rows()).toBe(0);
  });

  it('refuses a folder named like a WAV file', async () => {
    const t = setup();
    const src = t.src('folder.wav');
    mkdirSync(src);
    const err = await importError(t.library, src);
    expect(err.code).toBe('CONTENT_INVALID');
    expect(err.message).toBe(`${src}: cannot be added to the content library: cannot read it (EISDIR)`);
    expect(t.rows()).toBe(0);
  });

  it('says to install sox when a file needs converting and sox is missing, and keeps nothing', async () => {
    const t = setup({ soxPath: '/nonexistent/sox' });
    const src = t.src('mono.wav');
    await writeToneWav(src, 200, 440, { channels: 1 });
    const err = await importError(t.library, src);
    expect(err.code).toBe('CONTENT_CONVERT');
    expect(err.message).toContain(src);
    expect(err.message).toMatch(/\/nonexistent\/sox cannot be run \(ENOENT\)/);
    expect(err.fix.en).toContain('apt-get install sox');
    expect(t.contentFiles()).toEqual([]);
    expect(t.rows()).toBe(0);
  });
});

describe('ContentLibrary quota and pruning', () => {
  const size = canonicalBytes(1000);

  async function three(t: ReturnType<typeof setup>) {
    const items = [];
    for (const [i, hz] of [300, 400, 500].entries()) {
      const src = t.src(`item-${i}.wav`);
      await writeToneWav(src, 1000, hz);
      items.push(await t.library.import(src, { source: 'local' }));
      t.tick();
    }
    return items as [(typeof items)[0], (typeof items)[0], (typeof items)[0]];
  }

  it('prune removes only unreferenced items, least recently played or added first', async () => {
    const t = setup();
    const [a, b, c] = await three(t);
    expect(t.library.markPlayed(a.sha256)).toBe(true);
    expect(t.library.get(a.sha256)?.lastPlayedAt).toBe(1_764_288_003_000);

    // a was played after c was added, so c goes first; b is referenced.
    expect((await t.library.prune(new Set([b.sha256]), 2 * size)).map((i) => i.sha256)).toEqual([c.sha256]);
    // A target nothing can reach: every unreferenced item goes, the referenced one stays.
    expect((await t.library.prune(new Set([b.sha256]), 0)).map((i) => i.sha256)).toEqual([a.sha256]);
    expect(t.library.list().map((i) => i.sha256)).toEqual([b.sha256]);
    expect(t.contentFiles()).toEqual([`${b.sha256}.wav`]);
    expect(t.library.usage()).toMatchObject({ items: 1, bytes: size });
    expect(await t.library.prune(new Set(), size)).toEqual([]);
  });

  it('import refuses with CONTENT_QUOTA when referenced items fill the quota, and keeps nothing new', async () => {
    // No referenced() given: every item counts as referenced.
    const t = setup({ quotaBytes: 3 * size });
    const items = await three(t);
    const src = t.src('satu-lagi.wav');
    await writeToneWav(src, 1000, 600);
    const err = await importError(t.library, src);
    expect(err.code).toBe('CONTENT_QUOTA');
    expect(err.message).toMatch(/satu-lagi\.wav: no room in the content library: it needs 0\.2 MiB/);
    expect(err.message).toContain('would free only 0.0 MiB');
    expect(err.fix.en).toMatch(/Remove content/);
    expect(
      t.library
        .list()
        .map((i) => i.sha256)
        .sort(),
    ).toEqual(items.map((i) => i.sha256).sort());
    expect(t.contentFiles().sort()).toEqual(items.map((i) => `${i.sha256}.wav`).sort());
  });

  it('import makes room by pruning unreferenced items when that is enough', async () => {
    let referenced = new Set<string>();
    const t = setup({ quotaBytes: 3 * size, referenced: () => referenced });
    const [a, b, c] = await three(t);
    referenced = new Set([a.sha256, c.sha256]);
    const src = t.src('baru.wav');
    await writeToneWav(src, 1000, 700);
    const d = await t.library.import(src, { source: 'control-room' });
    expect(t.library.list().map((i) => i.sha256)).toEqual([d.sha256, c.sha256, a.sha256]);
    expect(t.library.has(b.sha256)).toBe(false);
    expect(existsSync(path.join(t.dir, `${b.sha256}.wav`))).toBe(false);
    expect(t.library.usage().bytes).toBe(3 * size);
  });

  it('remove deletes the row and the file; pathOf refuses anything but a sha256', async () => {
    const t = setup();
    const [a] = await three(t);
    expect(await t.library.remove(a.sha256)).toBe(true);
    expect(await t.library.remove(a.sha256)).toBe(false);
    expect(t.library.has(a.sha256)).toBe(false);
    expect(existsSync(path.join(t.dir, `${a.sha256}.wav`))).toBe(false);
    expect(() => t.library.pathOf('../tiang.db')).toThrow(/not a sha256/);
    expect(t.library.has('../tiang.db')).toBe(false);
    expect(t.library.markPlayed('f'.repeat(64))).toBe(false);
  });
});

describe('ContentLibrary.verify', () => {
  it('reports missing and resized files, deletes abandoned temp files and old orphans', async () => {
    const t = setup();
    const [a, b, c] = await (async () => {
      const out = [];
      for (const hz of [300, 400, 500]) {
        const src = t.src(`v-${hz}.wav`);
        await writeToneWav(src, 200, hz);
        out.push(await t.library.import(src, { source: 'local' }));
      }
      return out;
    })();
    await unlink(t.library.pathOf(a!.sha256));
    truncateSync(t.library.pathOf(b!.sha256), 100);

    // A power cut mid-import (pid long gone), a crash of this process, and another live
    // process's import in progress (our parent stands in for it).
    const dead = '.tmp-999999999-0a1b2c3d4e5f.wav';
    const ours = `.tmp-${process.pid}-abcdefabcdef.wav`;
    const live = `.tmp-${process.ppid}-123456123456.wav`;
    for (const name of [dead, ours, live]) writeFileSync(path.join(t.dir, name), 'half a file');
    // A renamed file whose row never got written, long ago; and one from a moment ago.
    const oldOrphan = `${'a'.repeat(64)}.wav`;
    const newOrphan = `${'b'.repeat(64)}.wav`;
    writeFileSync(path.join(t.dir, oldOrphan), 'x');
    writeFileSync(path.join(t.dir, newOrphan), 'x');
    const clockNow = 1_764_288_000_000;
    utimesSync(path.join(t.dir, oldOrphan), (clockNow - 3600_000) / 1000, (clockNow - 3600_000) / 1000);
    utimesSync(path.join(t.dir, newOrphan), clockNow / 1000, clockNow / 1000);

    const report = await t.library.verify();
    expect(report.checked).toBe(3);
    expect(report.missing.map((i) => i.sha256)).toEqual([a!.sha256]);
    expect(report.wrongSize).toEqual([{ item: b, actualBytes: 100 }]);
    expect(report.tempFilesRemoved.sort()).toEqual([dead, ours].sort());
    expect(report.orphanFilesRemoved).toEqual([oldOrphan]);
    expect(t.contentFiles().sort()).toEqual([`${b!.sha256}.wav`, `${c!.sha256}.wav`, live, newOrphan].sort());
    // verify reports; it does not drop rows (the health model decides what to say).
    expect(t.rows()).toBe(3);
  });

  it('is quiet on a library that does not exist on disk yet', async () => {
    const t = setup();
    expect(await t.library.verify()).toEqual({
      checked: 0,
      missing: [],
      wrongSize: [],
      tempFilesRemoved: [],
      orphanFilesRemoved: [],
    });
  });
});

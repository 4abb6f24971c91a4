import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeToneWav } from '../../audio/index.js';
import { silentLogger, systemClock } from '../../core/index.js';
import { openDatabase } from '../../store/index.js';
import { cliBuilt, cliPath, runCli } from '../helpers/agent-process.js';
import { tempDir } from '../helpers/temp-dir.js';

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});

beforeAll(() => {
  if (!cliBuilt()) throw new Error(`${cliPath} is missing: run npx tsc -p tsconfig.build.json first`);
});

/** A data folder with the pole's database in it, as after the agent's first start. */
function dataDir(withDatabase = true): string {
  const d = tempDir('tiang-content-cli-');
  cleanup.push(d.remove);
  if (withDatabase)
    openDatabase(path.join(d.path, 'tiang.db'), { clock: systemClock, log: silentLogger() }).close();
  return d.path;
}

function tiang(args: string[], data: string) {
  return runCli([...args, '--sim'], { TIANG_DATA_DIR: data });
}

describe('tiang content', () => {
  it('adds a WAV (converting it) and lists it', async () => {
    const data = dataDir();
    const file = path.join(data, 'pengumuman.wav');
    await writeToneWav(file, 1500, 440, { sampleRate: 22_050, channels: 1 });
    const sha = createHash('sha256').update(readFileSync(file)).digest('hex');

    const add = await tiang(
      ['content', 'add', file, '--title-id', 'Pengumuman', '--title-en', 'Announcement'],
      data,
    );
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    expect(add.stdout).toBe(`${sha}  0:01.5  Pengumuman / Announcement\n`);
    expect(readdirSync(path.join(data, 'content'))).toEqual([`${sha}.wav`]);

    // Adding it again changes nothing and says so.
    const again = await tiang(['content', 'add', file], data);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(add.stdout);
    expect(again.stderr).toContain('already in the library');

    const list = await tiang(['content', 'list'], data);
    expect(list.code).toBe(0);
    expect(list.stdout).toBe(add.stdout);
    expect(list.stderr).toContain('1 item(s)');
  });

  it('refuses a bad file with exit 1, naming the file, the reason and the fix', async () => {
    const data = dataDir();
    const file = path.join(data, 'jadwal.wav');
    writeFileSync(file, 'Senin 06.00 azan subuh\n');
    const r = await tiang(['content', 'add', file], data);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      `tiang: cannot add the content: ${file}: not a playable WAV file: not a RIFF file`,
    );
    expect(r.stderr).toContain('Perbaikan:');
    expect(r.stderr).toContain('Fix:');
    expect(existsSync(path.join(data, 'content')) ? readdirSync(path.join(data, 'content')) : []).toEqual([]);
    expect((await tiang(['content', 'list'], data)).stdout).toBe('');
  });

  it('refuses to run before the agent created the database, and creates none', async () => {
    const data = dataDir(false);
    const file = path.join(data, 'a.wav');
    await writeToneWav(file, 100, 440);
    const r = await tiang(['content', 'add', file], data);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('tiang.db does not exist yet');
    expect(readdirSync(data)).toEqual(['a.wav']);
  });

  it('shows the usage for a missing FILE or an unknown flag', async () => {
    const data = dataDir();
    for (const args of [
      ['content', 'add'],
      ['content', 'add', 'x.wav', '--title', 'T'],
    ]) {
      const r = await tiang(args, data);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('tiang content add FILE');
    }
  });
});

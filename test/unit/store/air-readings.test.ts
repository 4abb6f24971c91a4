import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../core/index.js';
import { AirReadingsRepo, type Db, openDatabase } from '../../../store/index.js';
import { tempDir } from '../../helpers/temp-dir.js';

let db: Db | undefined;
let dir: ReturnType<typeof tempDir> | undefined;
afterEach(() => {
  db?.close();
  dir?.remove();
});

function open(): Db {
  dir = tempDir();
  return openDatabase(path.join(dir.path, 'tiang.db'), { clock: { now: () => T0 }, log: silentLogger() });
}

const T0 = Date.UTC(2026, 10, 27, 1, 0, 0); // 08:00 WIB, on a 15-minute boundary

describe('air readings', () => {
  it('folds readings into 1-minute and 15-minute buckets with average and maximum', () => {
    db = open();
    const repo = new AirReadingsRepo(db);
    repo.add('sds011', T0 + 1_000, 10, 20);
    repo.add('sds011', T0 + 30_000, 30, 40);
    repo.add('sds011', T0 + 61_000, 50, 70);
    repo.add('other', T0 + 2_000, 500, 500);
    const minutes = repo.series('sds011', 60, T0, T0 + 900_000);
    expect(minutes).toEqual([
      { bucket: T0, samples: 2, pm25Avg: 20, pm25Max: 30, pm10Avg: 30, pm10Max: 40 },
      { bucket: T0 + 60_000, samples: 1, pm25Avg: 50, pm25Max: 50, pm10Avg: 70, pm10Max: 70 },
    ]);
    const quarter = repo.series('sds011', 900, T0, T0 + 900_000);
    expect(quarter).toEqual([
      { bucket: T0, samples: 3, pm25Avg: 30, pm25Max: 50, pm10Avg: (20 + 40 + 70) / 3, pm10Max: 70 },
    ]);
  });

  it('keeps each resolution for its own retention period', () => {
    db = open();
    const repo = new AirReadingsRepo(db);
    const day = 86_400_000;
    repo.add('s', T0 - 10 * day, 1, 1);
    repo.add('s', T0 - 1000, 2, 2);
    const removed = repo.prune(T0, { 60: 7 * day, 900: 365 * day });
    expect(removed).toBe(1);
    expect(repo.series('s', 60, 0, T0 + day).map((b) => b.pm25Avg)).toEqual([2]);
    expect(repo.series('s', 900, 0, T0 + day).map((b) => b.pm25Avg)).toEqual([1, 2]);
  });
});

describe('play log retention', () => {
  it('drops lines that ended before the cut-off and keeps the rest', async () => {
    const { PlayLogRepo } = await import('../../../store/index.js');
    db = open();
    const log = new PlayLogRepo(db);
    const base = { itemId: 'x', title: 't', priority: 'program', source: 'schedule', result: 'played' };
    log.add({ ...base, endedAt: T0 - 500 * 86_400_000 });
    log.add({ ...base, scheduledAt: T0 - 450 * 86_400_000, result: 'missed' });
    log.add({ ...base, endedAt: T0 - 1000 });
    expect(log.prune(T0 - 400 * 86_400_000)).toBe(2);
    expect(log.list().map((r) => r.endedAt)).toEqual([T0 - 1000]);
  });
});

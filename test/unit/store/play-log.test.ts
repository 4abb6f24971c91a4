import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../core/index.js';
import { openDatabase, PlayLogRepo } from '../../../store/index.js';
import { tempDir } from '../../helpers/temp-dir.js';

const HOUR = 3_600_000;
const dirs: { remove: () => void }[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.remove();
});

function repo(): PlayLogRepo {
  const d = tempDir();
  dirs.push(d);
  const db = openDatabase(path.join(d.path, 'tiang.db'), { clock: { now: () => 0 }, log: silentLogger() });
  return new PlayLogRepo(db);
}

describe('PlayLogRepo.countsByHour', () => {
  it('counts lines per hour and result, by end (or due) time, inside the range only', () => {
    const log = repo();
    const t0 = Date.UTC(2026, 11, 21, 5); // 12:00 WIB
    const line = (result: string, endedAt: number | undefined, scheduledAt?: number) =>
      log.add({
        itemId: `i${Math.random()}`,
        title: 't',
        priority: 'program',
        source: 'schedule',
        result,
        endedAt,
        scheduledAt,
      });
    line('played', t0 + 10);
    line('played', t0 + HOUR - 1);
    line('failed', t0 + 5 * 60_000);
    line('missed', undefined, t0 + HOUR + 1);
    line('cut', t0 + HOUR + 2);
    line('stopped', t0 + 2 * HOUR);
    line('expired', t0 + 2 * HOUR + 1);
    line('played', t0 - 1); // before the range
    line('played', t0 + 3 * HOUR); // at its end: excluded
    expect(log.countsByHour(t0, t0 + 3 * HOUR)).toEqual([
      { at: t0, played: 2, failed: 1, cut: 0, stopped: 0, expired: 0, missed: 0 },
      { at: t0 + HOUR, played: 0, failed: 0, cut: 1, stopped: 0, expired: 0, missed: 1 },
      { at: t0 + 2 * HOUR, played: 0, failed: 0, cut: 0, stopped: 1, expired: 1, missed: 0 },
    ]);
  });
});

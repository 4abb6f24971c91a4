import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../core/index.js';
import { type Db, HotspotSessionsRepo, openDatabase } from '../../../store/index.js';
import { tempDir } from '../../helpers/temp-dir.js';

const MIN = 60_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 27, 1, 0, 0); // 08:00 WIB

let db: Db | undefined;
let dir: ReturnType<typeof tempDir> | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
  dir?.remove();
});

function repo(): HotspotSessionsRepo {
  dir = tempDir();
  db = openDatabase(path.join(dir.path, 'tiang.db'), { clock: { now: () => T0 }, log: silentLogger() });
  return new HotspotSessionsRepo(db);
}

describe('HotspotSessionsRepo', () => {
  it('creates a STRICT table with the two indexes', () => {
    repo();
    const sql = (
      db!.prepare("SELECT sql FROM sqlite_master WHERE name = 'hotspot_sessions'").get() as { sql: string }
    ).sql;
    expect(sql).toMatch(/STRICT/);
    const indexes = db!
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'hotspot_sessions'")
      .all()
      .map((r) => (r as { name: string }).name);
    expect(indexes.sort()).toEqual(['hotspot_sessions_client_day', 'hotspot_sessions_started']);
  });

  it('opens, updates and closes a session once', () => {
    const r = repo();
    const id = r.start({ clientHash: 'h1', day: '2026-11-27', startedAt: T0, endsAt: T0 + 120 * MIN });
    expect(r.open().map((s) => s.id)).toEqual([id]);
    r.traffic(id, 100, 2000, T0 + 5 * MIN);
    expect(r.get(id)).toMatchObject({ bytesUp: 100, bytesDown: 2000, lastActiveAt: T0 + 5 * MIN });
    expect(r.end(id, { endedAt: T0 + 30 * MIN, reason: 'idle', bytesUp: 150 })).toBe(true);
    expect(r.end(id, { endedAt: T0 + 40 * MIN, reason: 'revoked' })).toBe(false);
    expect(r.get(id)).toMatchObject({
      endedAt: T0 + 30 * MIN,
      endReason: 'idle',
      bytesUp: 150,
      bytesDown: 2000,
    });
    expect(r.open()).toEqual([]);
  });

  it('counts a client day with the open session until now, and only that client and day', () => {
    const r = repo();
    const a = r.start({ clientHash: 'h1', day: '2026-11-27', startedAt: T0, endsAt: T0 + 120 * MIN });
    r.end(a, { endedAt: T0 + 50 * MIN, reason: 'idle' });
    r.start({ clientHash: 'h1', day: '2026-11-27', startedAt: T0 + 60 * MIN, endsAt: T0 + 180 * MIN });
    r.start({ clientHash: 'h2', day: '2026-11-27', startedAt: T0, endsAt: T0 + 120 * MIN });
    r.start({ clientHash: 'h1', day: '2026-11-26', startedAt: T0 - DAY, endsAt: T0 - DAY + 10 * MIN });
    expect(r.usedMs('h1', '2026-11-27', T0 + 70 * MIN)).toBe(60 * MIN);
    expect(r.usedMs('h3', '2026-11-27', T0)).toBe(0);
    expect(r.closedMsByClient('2026-11-27')).toEqual(new Map([['h1', 50 * MIN]]));
  });

  it('prunes closed rows that ended before the cut, never open ones', () => {
    const r = repo();
    const old = r.start({
      clientHash: 'h1',
      day: '2026-10-01',
      startedAt: T0 - 60 * DAY,
      endsAt: T0 - 60 * DAY + MIN,
    });
    r.end(old, { endedAt: T0 - 60 * DAY + MIN, reason: 'session-limit' });
    const stale = r.start({ clientHash: 'h2', day: '2026-10-01', startedAt: T0 - 60 * DAY, endsAt: T0 });
    const recent = r.start({ clientHash: 'h3', day: '2026-11-27', startedAt: T0 - MIN, endsAt: T0 });
    r.end(recent, { endedAt: T0, reason: 'idle' });
    expect(r.prune(T0 - 30 * DAY)).toBe(1);
    expect(r.get(old)).toBeUndefined();
    expect(r.get(stale)).toBeDefined();
    expect(r.get(recent)).toBeDefined();
  });

  it('counts daily-limit refusals by the hour, keeps nothing about the client, and prunes old hours', () => {
    const r = repo();
    r.refusedDaily(T0 + 5 * MIN);
    r.refusedDaily(T0 + 59 * MIN);
    r.refusedDaily(T0 + 60 * MIN);
    r.refusedDaily(T0 - 40 * DAY);
    expect(r.refusedDailyBetween(T0, T0 + 60 * MIN)).toBe(2);
    expect(r.refusedDailyBetween(T0 + 60 * MIN, T0 + 120 * MIN)).toBe(1);
    expect(r.refusedDailyBetween(T0, T0 + DAY)).toBe(3);
    // Hours that start in the period: the hour before T0 + 30 min is not in [T0 + 30 min, ...).
    expect(r.refusedDailyBetween(T0 + 30 * MIN, T0 + 60 * MIN)).toBe(0);
    const columns = db!
      .prepare('SELECT name FROM pragma_table_info(?)')
      .all('hotspot_refusals')
      .map((c) => (c as { name: string }).name);
    expect(columns).toEqual(['hour_start', 'daily_limit']);
    r.prune(T0 - 30 * DAY);
    expect(r.refusedDailyBetween(0, T0 + DAY)).toBe(3);
    expect(db!.prepare('SELECT COUNT(*) AS n FROM hotspot_refusals').get()).toEqual({ n: 2 });
  });

  it('finds sessions overlapping a period and sums bytes by the period they ended in', () => {
    const r = repo();
    const a = r.start({ clientHash: 'h1', day: 'd', startedAt: T0, endsAt: T0 + 60 * MIN });
    r.end(a, { endedAt: T0 + 60 * MIN, reason: 'session-limit', bytesUp: 10, bytesDown: 20 });
    const b = r.start({ clientHash: 'h2', day: 'd', startedAt: T0 + 90 * MIN, endsAt: T0 + 200 * MIN });
    r.start({ clientHash: 'h3', day: 'd', startedAt: T0 + 30 * MIN, endsAt: T0 + 200 * MIN });
    expect(r.overlapping(T0 + 60 * MIN, T0 + 90 * MIN).map((s) => s.clientHash)).toEqual(['h3']);
    expect(r.overlapping(T0, T0 + 91 * MIN).map((s) => s.id)).toContain(b);
    expect(r.startedBetween(T0, T0 + 90 * MIN)).toBe(2);
    expect(r.bytesEndedBetween(T0, T0 + 61 * MIN)).toEqual({ bytesUp: 10, bytesDown: 20 });
    expect(r.bytesEndedBetween(T0 + 61 * MIN, T0 + 200 * MIN)).toEqual({ bytesUp: 0, bytesDown: 0 });
    expect(r.dayTotals('d')).toEqual({ sessions: 3, clients: 3, bytesUp: 10, bytesDown: 20 });
  });
});

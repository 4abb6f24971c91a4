import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRootLogger, type Logger, silentLogger } from '../../../core/index.js';
import {
  clientHash,
  type Firewall,
  type HotspotPolicy,
  HotspotSessions,
  hotspotPolicy,
  loadSessionSecret,
  SimFirewall,
} from '../../../hotspot/index.js';
import { type Db, type HotspotSessionRow, HotspotSessionsRepo, openDatabase } from '../../../store/index.js';
import { eventDataSchemas } from '../../../sync/contract/outbound.js';
import { tempDir } from '../../helpers/temp-dir.js';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** 08:00 WIB on 27 November 2026. */
const T0 = Date.UTC(2026, 10, 27, 1, 0, 0);
/** Midnight WIB at the start of 28 November. */
const NEXT_MIDNIGHT = Date.UTC(2026, 10, 27, 17, 0, 0);

const A = { mac: 'da:bb:cc:00:00:01', ip: '10.42.0.17' };
const B = { mac: 'da:bb:cc:00:00:02', ip: '10.42.0.18' };
const C = { mac: 'da:bb:cc:00:00:03', ip: '10.42.0.19' };

function manualClock(start: number) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms), set: (ms: number) => (t = ms) };
}

interface Rig {
  dir: string;
  dbFile: string;
  clock: ReturnType<typeof manualClock>;
  db: Db;
  repo: HotspotSessionsRepo;
  fw: SimFirewall;
  secret: Buffer;
  policy: HotspotPolicy;
  sessions: HotspotSessions;
  /** A new HotspotSessions over the same database, firewall (or another) and secret: an agent restart. */
  restart(firewall?: Firewall): Promise<HotspotSessions>;
  rows(): HotspotSessionRow[];
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

async function rig(
  section: Parameters<typeof hotspotPolicy>[0] = {},
  log: Logger = silentLogger(),
): Promise<Rig> {
  const d = tempDir();
  cleanups.push(d.remove);
  const clock = manualClock(T0);
  const dbFile = path.join(d.path, 'tiang.db');
  const db = openDatabase(dbFile, { clock, log: silentLogger() });
  cleanups.push(() => db.open && db.close());
  const repo = new HotspotSessionsRepo(db);
  const fw = new SimFirewall(clock);
  await fw.init();
  const secret = loadSessionSecret(path.join(d.path, 'hotspot-secret'));
  const r: Rig = {
    dir: d.path,
    dbFile,
    clock,
    db,
    repo,
    fw,
    secret,
    policy: hotspotPolicy(section),
    sessions: undefined as unknown as HotspotSessions,
    async restart(firewall = fw) {
      const s = new HotspotSessions({ firewall, repo, clock, policy: () => r.policy, secret, log });
      await s.start();
      return s;
    },
    rows: () =>
      db
        .prepare('SELECT id FROM hotspot_sessions ORDER BY id')
        .all()
        .map((x) => repo.get((x as { id: number }).id)!),
  };
  r.sessions = await r.restart();
  return r;
}

/** Moves time in steps, ticking like the agent does, with traffic for the given clients at each step. */
async function run(
  r: Rig,
  ms: number,
  busy: { mac: string; ip: string }[] = [],
  step = 10 * MIN,
): Promise<void> {
  for (let left = ms; left > 0; left -= step) {
    r.clock.advance(Math.min(step, left));
    for (const c of busy) r.fw.addTraffic(c, 1000, 10_000);
    await r.sessions.tick();
  }
}

describe('hotspotPolicy', () => {
  it('fills in the defaults and keeps what the control room set', () => {
    expect(hotspotPolicy(undefined)).toEqual({
      sessionMinutes: 120,
      idleMinutes: 20,
      dailyMinutes: 360,
      maxClients: 20,
      downKbps: undefined,
      upKbps: undefined,
      retentionDays: 30,
    });
    expect(
      hotspotPolicy({ sessionMinutes: 30, maxClients: 8, downKbps: 2048, retentionDays: 7 }),
    ).toMatchObject({
      sessionMinutes: 30,
      idleMinutes: 20,
      maxClients: 8,
      downKbps: 2048,
      retentionDays: 7,
    });
  });
});

describe('client hashing', () => {
  it('makes a 32-byte secret file with mode 0600 once and reads it back', () => {
    const d = tempDir();
    cleanups.push(d.remove);
    const file = path.join(d.path, 'hotspot-secret');
    const first = loadSessionSecret(file);
    expect(first.length).toBe(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadSessionSecret(file).equals(first)).toBe(true);
    writeFileSync(file, 'short');
    const replaced = loadSessionSecret(file);
    expect(replaced.length).toBe(32);
    expect(replaced.equals(first)).toBe(false);
    expect(readdirSync(d.path)).toEqual(['hotspot-secret']);
  });

  it('names the same phone differently on each day and under each secret', () => {
    const s1 = Buffer.alloc(32, 1);
    const h = clientHash(s1, '2026-11-27', A.mac);
    expect(h).toMatch(/^[0-9a-f]{32}$/);
    expect(clientHash(s1, '2026-11-27', A.mac)).toBe(h);
    expect(clientHash(s1, '2026-11-28', A.mac)).not.toBe(h);
    expect(clientHash(Buffer.alloc(32, 2), '2026-11-27', A.mac)).not.toBe(h);
  });
});

describe('HotspotSessions', () => {
  it('accepts a client: allowed in the firewall and in state(), one open row under a hash', async () => {
    const r = await rig();
    expect(r.sessions.state(A)).toEqual({ allowed: false, canExtend: true });
    const res = await r.sessions.accept({ mac: 'DA:BB:CC:00:00:01', ip: A.ip });
    expect(res).toEqual({ ok: true, endsAt: T0 + 120 * MIN });
    expect(await r.fw.list()).toEqual([{ ...A, expiresAt: T0 + 120 * MIN, bytesUp: 0, bytesDown: 0 }]);
    expect(r.sessions.state(A)).toEqual({ allowed: true, endsAt: T0 + 120 * MIN, canExtend: false });
    expect(r.sessions.state(B).allowed).toBe(false);
    expect(r.sessions.clientCount()).toBe(1);
    const [row] = r.rows();
    expect(row).toMatchObject({
      clientHash: clientHash(r.secret, '2026-11-27', A.mac),
      day: '2026-11-27',
      startedAt: T0,
      endsAt: T0 + 120 * MIN,
      endedAt: undefined,
    });
    // An hour in, pressing Connect again would give an hour more.
    r.fw.addTraffic(A, 1, 1);
    await run(r, 60 * MIN, [A]);
    expect(r.sessions.state(A)).toEqual({ allowed: true, endsAt: T0 + 120 * MIN, canExtend: true });
  });

  it('answers state() from memory, without the firewall or the database', async () => {
    const r = await rig();
    await r.sessions.accept(A);
    const list = vi.spyOn(r.fw, 'list');
    const prepare = vi.spyOn(r.db, 'prepare');
    const started = performance.now();
    for (let i = 0; i < 20_000; i++) {
      r.sessions.state(A);
      r.sessions.state({
        mac: `da:bb:cc:00:${(i % 200).toString(16).padStart(2, '0')}:09`,
        ip: '10.42.0.50',
      });
    }
    const elapsed = performance.now() - started;
    expect(list).not.toHaveBeenCalled();
    expect(prepare).not.toHaveBeenCalled();
    expect(elapsed).toBeLessThan(2000); // 40k calls: some microseconds each, far below the portal's budget
  });

  it('ends a session when its time lapses in the firewall, and renewing is one call', async () => {
    const r = await rig();
    await r.sessions.accept(A);
    await run(r, 120 * MIN - 1, [A]);
    expect(r.sessions.state(A).allowed).toBe(true);
    r.clock.advance(1);
    expect(r.sessions.state(A)).toMatchObject({ allowed: false, canExtend: true });
    expect((await r.sessions.tick()).ended).toBe(1);
    const [row] = r.rows();
    expect(row).toMatchObject({ endReason: 'session-limit', endedAt: T0 + 120 * MIN, bytesUp: 12_000 });
    expect(r.sessions.clientCount()).toBe(0);

    r.clock.advance(5 * MIN);
    expect(await r.sessions.accept(A)).toEqual({ ok: true, endsAt: r.clock.now() + 120 * MIN });
    expect(r.sessions.state(A).allowed).toBe(true);
    expect(r.rows().map((x) => x.endedAt === undefined)).toEqual([false, true]);
  });

  it('ends an idle session, and not one whose counters move', async () => {
    const r = await rig();
    await r.sessions.accept(A);
    await r.sessions.accept(B);
    await run(r, 19 * MIN, [B], MIN);
    expect(r.sessions.clientCount()).toBe(2);
    await run(r, MIN, [B], MIN);
    expect(r.sessions.state(A).allowed).toBe(false);
    expect(r.sessions.state(B).allowed).toBe(true);
    expect((await r.fw.list()).map((c) => c.mac)).toEqual([B.mac]);
    const [a, b] = r.rows();
    expect(a).toMatchObject({ endReason: 'idle', endedAt: T0 + 20 * MIN, bytesUp: 0 });
    expect(b).toMatchObject({
      endedAt: undefined,
      bytesUp: 20_000,
      bytesDown: 200_000,
      lastActiveAt: T0 + 20 * MIN,
    });
    // B falls silent: it goes 20 minutes after its last traffic.
    await run(r, 19 * MIN, [], MIN);
    expect(r.sessions.state(B).allowed).toBe(true);
    await run(r, MIN, [], MIN);
    expect(r.rows()[1]).toMatchObject({ endReason: 'idle', endedAt: T0 + 40 * MIN });
  });

  it('refuses a client whose day is used up until the next local midnight', async () => {
    const r = await rig({ sessionMinutes: 120, dailyMinutes: 150 });
    await r.sessions.accept(A);
    await run(r, 120 * MIN, [A]);
    expect(r.rows()[0]!.endReason).toBe('session-limit');
    // What is left of the day bounds the second session.
    expect(await r.sessions.accept(A)).toEqual({ ok: true, endsAt: r.clock.now() + 30 * MIN });
    expect(r.sessions.state(A).canExtend).toBe(false);
    await run(r, 30 * MIN, [A]);
    expect(r.rows()[1]).toMatchObject({ endReason: 'daily-limit', endedAt: T0 + 150 * MIN });
    expect(r.sessions.state(A)).toEqual({ allowed: false, canExtend: false });

    const refused = await r.sessions.accept(A);
    expect(refused).toMatchObject({ ok: false, reason: 'daily-limit', retryAt: NEXT_MIDNIGHT });
    if (refused.ok) throw new Error('unreachable');
    expect(refused.message.id).toMatch(/habis/);
    expect(refused.message.en).toMatch(/today/);
    expect(await r.fw.list()).toEqual([]);
    expect(r.sessions.state(B).canExtend).toBe(true); // others are not affected

    r.clock.set(NEXT_MIDNIGHT - 1);
    expect((await r.sessions.accept(A)).ok).toBe(false);
    r.clock.set(NEXT_MIDNIGHT);
    expect(r.sessions.state(A)).toEqual({ allowed: false, canExtend: true });
    expect(await r.sessions.accept(A)).toEqual({ ok: true, endsAt: NEXT_MIDNIGHT + 120 * MIN });
    // The new day's row is under a different hash: one day cannot be joined to the next.
    const rows = r.rows();
    expect(rows[2]).toMatchObject({
      day: '2026-11-28',
      clientHash: clientHash(r.secret, '2026-11-28', A.mac),
    });
    expect(rows[2]!.clientHash).not.toBe(rows[0]!.clientHash);
    expect(r.sessions.usageSince(T0, NEXT_MIDNIGHT).refusedDaily).toBe(2);
    // Kept in the database: an agent restart forgets none of them.
    await r.sessions.stop();
    const again = await r.restart();
    expect(again.usageSince(T0, NEXT_MIDNIGHT).refusedDaily).toBe(2);
    expect(again.usageSince(NEXT_MIDNIGHT - HOUR, NEXT_MIDNIGHT).refusedDaily).toBe(1);
  });

  it('counts a session still running against the daily limit', async () => {
    const r = await rig({ sessionMinutes: 120, dailyMinutes: 100 });
    expect(await r.sessions.accept(A)).toEqual({ ok: true, endsAt: T0 + 100 * MIN });
    await run(r, 60 * MIN, [A]);
    // Renewing while online: the first 60 minutes count, 40 are left.
    expect(await r.sessions.accept(A)).toEqual({ ok: true, endsAt: r.clock.now() + 40 * MIN });
    expect(r.rows()[0]).toMatchObject({ endReason: 'renewed', endedAt: T0 + 60 * MIN, bytesUp: 6000 });
    expect(r.sessions.clientCount()).toBe(1);
    await run(r, 40 * MIN, [A]);
    expect((await r.sessions.accept(A)).ok).toBe(false);
  });

  it('refuses a new client when maxClients are online, but not one already online', async () => {
    const r = await rig({ maxClients: 2 });
    expect((await r.sessions.accept(A)).ok).toBe(true);
    expect((await r.sessions.accept(B)).ok).toBe(true);
    const full = await r.sessions.accept(C);
    expect(full).toMatchObject({ ok: false, reason: 'full' });
    if (full.ok) throw new Error('unreachable');
    expect(full.retryAt).toBeUndefined();
    expect(full.message.id).toMatch(/penuh/);
    expect(r.sessions.state(C).allowed).toBe(false);
    // A pressing Connect again, even from a new IP after a new lease, is not one more client.
    expect((await r.sessions.accept(A)).ok).toBe(true);
    expect((await r.sessions.accept({ mac: A.mac, ip: '10.42.0.77' })).ok).toBe(true);
    expect(r.sessions.state(A).allowed).toBe(false);
    expect((await r.fw.list()).map((c) => c.ip).sort()).toEqual(['10.42.0.18', '10.42.0.77']);
    // B goes idle: C gets in.
    await run(r, 20 * MIN, [{ mac: A.mac, ip: '10.42.0.77' }]);
    expect((await r.sessions.accept(C)).ok).toBe(true);
    expect(r.rows().map((x) => x.endReason)).toEqual(['renewed', 'idle', 'renewed', undefined, undefined]);
  });

  it('treats a new MAC on the same IP as a new client, and a spoofed IP as nobody', async () => {
    const r = await rig();
    await r.sessions.accept(A);
    const randomised = { mac: 'da:bb:cc:99:99:99', ip: A.ip };
    expect(r.sessions.state(randomised).allowed).toBe(false);
    // Another phone claiming A's IP with its own MAC is not let through by A's acceptance.
    const spoofer = { mac: 'de:ad:be:ef:00:01', ip: A.ip };
    expect(r.sessions.state(spoofer).allowed).toBe(false);
    expect((await r.fw.list()).some((c) => c.mac === spoofer.mac)).toBe(false);
    // The randomised MAC connects as a client of its own, with its own day.
    expect((await r.sessions.accept(randomised)).ok).toBe(true);
    const hashes = r.rows().map((x) => x.clientHash);
    expect(new Set(hashes).size).toBe(2);
    expect(r.sessions.state(A).allowed).toBe(true);
  });

  it('after an agent restart adopts the live clients and closes rows the firewall lost', async () => {
    const r = await rig();
    await r.sessions.accept(A);
    await r.sessions.accept(B);
    await run(r, 10 * MIN, [A, B]);
    // The agent stops (no goodbye: it may have crashed) while the kernel keeps the elements.
    r.fw.addTraffic(A, 500, 500);
    await r.fw.revoke(B); // and B's element is gone, say by hand
    await r.fw.allow({ mac: C.mac, ip: C.ip, timeoutS: 600 }); // an element no record knows
    r.clock.advance(MIN);
    const again = await r.restart();
    expect(again.state(A)).toEqual({ allowed: true, endsAt: T0 + 120 * MIN, canExtend: true });
    expect(again.state(B).allowed).toBe(false);
    expect(again.state(C).allowed).toBe(false);
    expect((await r.fw.list()).map((c) => c.mac)).toEqual([A.mac]);
    const [a, b] = r.rows();
    expect(a).toMatchObject({ endedAt: undefined, bytesUp: 1500, lastActiveAt: T0 + 11 * MIN });
    expect(b).toMatchObject({ endReason: 'restart', endedAt: T0 + 10 * MIN });

    // The adopted session carries on as before: its time lapses and is recorded.
    r.sessions = again;
    await run(r, 110 * MIN - MIN, [A]);
    expect(r.rows()[0]).toMatchObject({ endReason: 'session-limit', endedAt: T0 + 120 * MIN });
  });

  it('after a power cut (empty firewall) closes every open row as lost to the restart', async () => {
    const r = await rig();
    await r.sessions.accept(A);
    await r.sessions.accept(B);
    await run(r, 15 * MIN, [A], 5 * MIN);
    r.clock.advance(3 * HOUR);
    const fresh = new SimFirewall(r.clock);
    await fresh.init();
    const again = await r.restart(fresh);
    expect(again.clientCount()).toBe(0);
    expect(r.rows().map((x) => [x.endReason, x.endedAt])).toEqual([
      ['restart', T0 + 15 * MIN], // the last time its counters moved
      ['restart', T0], // never sent anything
    ]);
    expect(again.state(A)).toEqual({ allowed: false, canExtend: true });
  });

  it('stores and logs no MAC or IP, only hashes', async () => {
    const lines: string[] = [];
    const log = createRootLogger('debug', { write: (s: string) => void lines.push(s) });
    const r = await rig({ maxClients: 2, dailyMinutes: 60 }, log);
    const clients = [A, B, C, { mac: 'da:bb:cc:00:00:04', ip: A.ip }];
    for (const c of clients) await r.sessions.accept(c);
    await run(r, 60 * MIN, [A]);
    await r.sessions.accept(A);
    await r.sessions.accept(C);
    await r.sessions.tick();
    expect(r.rows().length).toBeGreaterThanOrEqual(3);
    expect(lines.length).toBeGreaterThan(3);

    const needles = clients.flatMap((c) => [
      c.mac,
      c.mac.toUpperCase(),
      c.mac.replaceAll(':', ''),
      c.mac.replaceAll(':', '-'),
      c.ip,
    ]);
    const scan = (bytes: Buffer, where: string) => {
      for (const n of needles) expect(bytes.includes(n), `${n} in ${where}`).toBe(false);
      for (const c of clients) {
        const raw = Buffer.from(c.mac.replaceAll(':', ''), 'hex');
        expect(bytes.includes(raw), `raw ${c.mac} in ${where}`).toBe(false);
      }
    };
    // The logs do name clients, by the start of their hash.
    expect(lines.join('')).toContain(clientHash(r.secret, '2026-11-27', A.mac).slice(0, 8));
    scan(Buffer.from(lines.join('')), 'the log');
    for (const f of readdirSync(r.dir).filter((n) => n.startsWith('tiang.db'))) {
      scan(readFileSync(path.join(r.dir, f)), f);
    }
    r.db.close();
    expect(existsSync(r.dbFile)).toBe(true);
    scan(readFileSync(r.dbFile), 'the closed database');
  });

  it('prunes rows past the retention period, at most hourly from tick', async () => {
    const r = await rig({ retentionDays: 7 });
    await r.sessions.accept(A);
    await run(r, 30 * MIN); // A idles out
    const prune = vi.spyOn(r.repo, 'prune');
    await r.sessions.tick();
    expect(prune).not.toHaveBeenCalled(); // start pruned less than an hour ago
    r.clock.advance(7 * DAY - 20 * MIN);
    await r.sessions.accept(B);
    expect((await r.sessions.tick()).pruned).toBe(0); // A ended 7 days ago less 10 minutes
    r.clock.advance(HOUR);
    expect((await r.sessions.tick()).pruned).toBe(1);
    expect(r.rows().map((x) => x.clientHash)).toEqual([clientHash(r.secret, '2026-12-04', B.mac)]);
  });

  it('reports a scripted day as a valid portal usage event, and per hour for the chart', async () => {
    const dayStart = Date.UTC(2026, 10, 26, 17, 0, 0); // 27 November 00:00 WIB
    const r = await rig({ sessionMinutes: 60, dailyMinutes: 60 });
    r.clock.set(dayStart + 8 * HOUR);
    await r.sessions.accept(A); // 08:00, busy for its whole hour
    await run(r, 30 * MIN, [A]);
    await r.sessions.accept(B); // 08:30, silent: idle at 08:50
    await run(r, 30 * MIN, [A]);
    expect((await r.sessions.accept(A)).ok).toBe(false); // 09:00, day used up
    expect(r.sessions.summary()).toEqual({
      online: 0,
      maxClients: 20,
      sessionsToday: 2,
      clientsToday: 2,
      bytesUpToday: 5000,
      bytesDownToday: 50_000,
    });
    r.clock.set(dayStart + 23 * HOUR + 30 * MIN);
    await r.sessions.accept(C); // 23:30, still online past midnight
    await run(r, 40 * MIN, [C]);

    const usage = r.sessions.usageSince(dayStart, dayStart + DAY);
    expect(usage).toEqual({
      sessions: 3,
      clients: 3,
      periodS: 86_400,
      from: dayStart,
      bytesUp: 5000, // A's counters at its last tick; C has not ended, B sent nothing
      bytesDown: 50_000,
      minutes: 60 + 20 + 30,
      refusedDaily: 1,
    });
    expect(eventDataSchemas.portal.parse(usage)).toEqual(usage);
    // The next day gets C's first 10 minutes so far.
    expect(r.sessions.usageSince(dayStart + DAY, r.clock.now())).toMatchObject({
      sessions: 0,
      clients: 1,
      minutes: 10,
    });

    const hours = r.sessions.clientsPerHour(dayStart, dayStart + DAY);
    expect(hours).toHaveLength(24);
    expect(hours[0]!.hour).toBe(dayStart);
    expect(hours.filter((h) => h.clients > 0)).toEqual([
      { hour: dayStart + 8 * HOUR, clients: 2 },
      { hour: dayStart + 23 * HOUR, clients: 1 },
    ]);
    // A new day: C is online, but nothing started today yet.
    expect(r.sessions.summary()).toMatchObject({ online: 1, sessionsToday: 0, bytesUpToday: 0 });
  });

  it('leaves no open row when the firewall refuses, and lets the error through', async () => {
    const r = await rig();
    vi.spyOn(r.fw, 'allow').mockRejectedValueOnce(new Error('nft: Operation not permitted'));
    await expect(r.sessions.accept(A)).rejects.toThrow('Operation not permitted');
    expect(r.rows()).toEqual([]);
    expect(r.sessions.state(A).allowed).toBe(false);
    expect(r.sessions.clientCount()).toBe(0);
    // Nothing is stuck: the next press works.
    expect((await r.sessions.accept(A)).ok).toBe(true);
  });

  it('takes the permission back when the record cannot be written', async () => {
    const r = await rig();
    vi.spyOn(r.repo, 'start').mockImplementationOnce(() => {
      throw new Error('SQLITE_FULL: database or disk is full');
    });
    await expect(r.sessions.accept(A)).rejects.toThrow('SQLITE_FULL');
    expect(await r.fw.list()).toEqual([]);
    expect(r.rows()).toEqual([]);
    expect(r.sessions.state(A).allowed).toBe(false);
  });

  it('refuses an address that is not one before touching anything', async () => {
    const r = await rig();
    await expect(r.sessions.accept({ mac: 'ff:ff:ff:ff:ff:ff', ip: A.ip })).rejects.toThrow(/multicast/);
    await expect(r.sessions.accept({ mac: A.mac, ip: '10.42.0.300' })).rejects.toThrow(/not an IPv4/);
    expect(r.sessions.state({ mac: 'nonsense', ip: 'x' })).toEqual({ allowed: false, canExtend: true });
    expect(r.rows()).toEqual([]);
  });

  it('runs overlapping ticks once and keeps accepts in line with them', async () => {
    const r = await rig();
    const list = vi.spyOn(r.fw, 'list');
    const [t1, t2] = [r.sessions.tick(), r.sessions.tick()];
    expect(t1).toBe(t2);
    await t1;
    expect(list).toHaveBeenCalledTimes(1);
    // Two presses at once from the same phone: one session stays open.
    const [x, y] = await Promise.all([r.sessions.accept(A), r.sessions.accept(A)]);
    expect(x.ok && y.ok).toBe(true);
    expect(r.rows().filter((row) => row.endedAt === undefined)).toHaveLength(1);
    await r.sessions.stop();
    expect(await r.sessions.tick()).toEqual({ ended: 0, adopted: 0, revokedUnknown: 0, pruned: 0 });
    await expect(r.sessions.accept(B)).rejects.toThrow(/stopped/);
  });
});

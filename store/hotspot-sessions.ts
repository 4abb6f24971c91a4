import type { Db } from './database.js';

/** Why a Wi-Fi session ended. */
export type HotspotEndReason =
  /** The session's time ran out (the firewall's timeout lapsed). */
  | 'session-limit'
  /** What was left of the client's day ran out. */
  | 'daily-limit'
  /** No traffic for the idle time. */
  | 'idle'
  /** The client pressed Connect again: a new session row follows. */
  | 'renewed'
  /** Taken back on purpose (the admin, or a firewall element the records did not know). */
  | 'revoked'
  /** The permission vanished from the firewall before its time, for no reason the pole knows. */
  | 'expired'
  /** The firewall lost it across a restart or power cut (nft sets do not survive a reboot). */
  | 'restart';

/**
 * One Wi-Fi session. There is deliberately no MAC or IP here: `clientHash` is a keyed hash
 * of the local date and the MAC (see hotspot/sessions/client-hash.ts).
 */
export interface HotspotSessionRow {
  id: number;
  clientHash: string;
  /** Local date (WIB) the session started, YYYY-MM-DD. */
  day: string;
  startedAt: number;
  /** The planned end (UTC ms): the session limit or what was left of the day. */
  endsAt: number;
  endedAt?: number | undefined;
  endReason?: HotspotEndReason | undefined;
  bytesUp: number;
  bytesDown: number;
  /** Last time its counters moved (UTC ms); the start until then. */
  lastActiveAt: number;
}

interface Raw {
  id: number;
  client_hash: string;
  day: string;
  started_at: number;
  ends_at: number;
  ended_at: number | null;
  end_reason: string | null;
  bytes_up: number;
  bytes_down: number;
  last_active_at: number;
}

const fromRaw = (r: Raw): HotspotSessionRow => ({
  id: r.id,
  clientHash: r.client_hash,
  day: r.day,
  startedAt: r.started_at,
  endsAt: r.ends_at,
  endedAt: r.ended_at ?? undefined,
  endReason: (r.end_reason ?? undefined) as HotspotEndReason | undefined,
  bytesUp: r.bytes_up,
  bytesDown: r.bytes_down,
  lastActiveAt: r.last_active_at,
});

const ms = (n: number) => Math.round(n);
const HOUR_MS = 3_600_000;
const count = (n: number) => Math.max(0, Math.round(n));

/** Hotspot session records in SQLite (hashed clients, times, byte counts). */
export class HotspotSessionsRepo {
  constructor(private readonly db: Db) {}

  /** Runs `fn` in one transaction (all or nothing). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Opens a session row; returns its id. */
  start(s: { clientHash: string; day: string; startedAt: number; endsAt: number }): number {
    const info = this.db
      .prepare(
        `INSERT INTO hotspot_sessions (client_hash, day, started_at, ends_at, last_active_at)
         VALUES (?, ?, ?, ?, ?)`,
      )
      .run(s.clientHash, s.day, ms(s.startedAt), ms(s.endsAt), ms(s.startedAt));
    return Number(info.lastInsertRowid);
  }

  /** Closes an open row; false if it was not open (already closed or gone). */
  end(
    id: number,
    e: {
      endedAt: number;
      reason: HotspotEndReason;
      bytesUp?: number;
      bytesDown?: number;
      lastActiveAt?: number;
    },
  ): boolean {
    return (
      this.db
        .prepare(
          `UPDATE hotspot_sessions SET ended_at = MAX(started_at, ?), end_reason = ?,
             bytes_up = COALESCE(?, bytes_up), bytes_down = COALESCE(?, bytes_down),
             last_active_at = COALESCE(?, last_active_at)
           WHERE id = ? AND ended_at IS NULL`,
        )
        .run(
          ms(e.endedAt),
          e.reason,
          e.bytesUp === undefined ? null : count(e.bytesUp),
          e.bytesDown === undefined ? null : count(e.bytesDown),
          e.lastActiveAt === undefined ? null : ms(e.lastActiveAt),
          id,
        ).changes > 0
    );
  }

  /** Records an open session's counters and when they last moved. */
  traffic(id: number, bytesUp: number, bytesDown: number, lastActiveAt: number): void {
    this.db
      .prepare(
        'UPDATE hotspot_sessions SET bytes_up = ?, bytes_down = ?, last_active_at = ? WHERE id = ? AND ended_at IS NULL',
      )
      .run(count(bytesUp), count(bytesDown), ms(lastActiveAt), id);
  }

  get(id: number): HotspotSessionRow | undefined {
    const r = this.db.prepare('SELECT * FROM hotspot_sessions WHERE id = ?').get(id) as Raw | undefined;
    return r && fromRaw(r);
  }

  /** Sessions not yet closed, oldest first. */
  open(): HotspotSessionRow[] {
    return (
      this.db
        .prepare('SELECT * FROM hotspot_sessions WHERE ended_at IS NULL ORDER BY started_at, id')
        .all() as Raw[]
    ).map(fromRaw);
  }

  /** Time the client was online on `day` up to `now` (ms), an open session counting until now. */
  usedMs(clientHash: string, day: string, now: number): number {
    const r = this.db
      .prepare(
        `SELECT COALESCE(SUM(MAX(0, MIN(COALESCE(ended_at, ?), ?) - started_at)), 0) AS used
         FROM hotspot_sessions WHERE client_hash = ? AND day = ?`,
      )
      .get(ms(now), ms(now), clientHash, day) as { used: number };
    return r.used;
  }

  /** Closed time per client on `day` (ms): what the daily limit already holds against each. */
  closedMsByClient(day: string): Map<string, number> {
    const rows = this.db
      .prepare(
        `SELECT client_hash AS hash, SUM(ended_at - started_at) AS used FROM hotspot_sessions
         WHERE day = ? AND ended_at IS NOT NULL GROUP BY client_hash`,
      )
      .all(day) as { hash: string; used: number }[];
    return new Map(rows.map((r) => [r.hash, r.used]));
  }

  /** Sessions online at some moment of [from, to): started before `to`, not ended by `from`. */
  overlapping(from: number, to: number): HotspotSessionRow[] {
    return (
      this.db
        .prepare(
          `SELECT * FROM hotspot_sessions WHERE started_at < ? AND (ended_at IS NULL OR ended_at > ?)
           ORDER BY started_at, id`,
        )
        .all(ms(to), ms(from)) as Raw[]
    ).map(fromRaw);
  }

  /** Sessions started in [from, to). */
  startedBetween(from: number, to: number): number {
    const r = this.db
      .prepare('SELECT COUNT(*) AS n FROM hotspot_sessions WHERE started_at >= ? AND started_at < ?')
      .get(ms(from), ms(to)) as { n: number };
    return r.n;
  }

  /** Bytes of sessions that ended in [from, to): their counters are final then. */
  bytesEndedBetween(from: number, to: number): { bytesUp: number; bytesDown: number } {
    return this.db
      .prepare(
        `SELECT COALESCE(SUM(bytes_up), 0) AS bytesUp, COALESCE(SUM(bytes_down), 0) AS bytesDown
         FROM hotspot_sessions WHERE ended_at >= ? AND ended_at < ?`,
      )
      .get(ms(from), ms(to)) as { bytesUp: number; bytesDown: number };
  }

  /** Sessions that started on a local date, and their bytes so far (open ones as of the last tick). */
  dayTotals(day: string): { sessions: number; clients: number; bytesUp: number; bytesDown: number } {
    return this.db
      .prepare(
        `SELECT COUNT(*) AS sessions, COUNT(DISTINCT client_hash) AS clients,
           COALESCE(SUM(bytes_up), 0) AS bytesUp, COALESCE(SUM(bytes_down), 0) AS bytesDown
         FROM hotspot_sessions WHERE day = ?`,
      )
      .get(day) as { sessions: number; clients: number; bytesUp: number; bytesDown: number };
  }

  /** Counts one Connect refused for the daily limit, in the hour of `at`. */
  refusedDaily(at: number): void {
    this.db
      .prepare(
        `INSERT INTO hotspot_refusals (hour_start, daily_limit) VALUES (?, 1)
         ON CONFLICT (hour_start) DO UPDATE SET daily_limit = daily_limit + 1`,
      )
      .run(Math.floor(at / HOUR_MS) * HOUR_MS);
  }

  /** Daily-limit refusals in the hours that start in [from, to). */
  refusedDailyBetween(from: number, to: number): number {
    return (
      this.db
        .prepare(
          'SELECT COALESCE(SUM(daily_limit), 0) AS n FROM hotspot_refusals WHERE hour_start >= ? AND hour_start < ?',
        )
        .get(ms(from), ms(to)) as { n: number }
    ).n;
  }

  /**
   * Drops closed sessions that ended before `before` (retention), and refusal counts of hours
   * before it; returns how many sessions went.
   */
  prune(before: number): number {
    return this.transaction(() => {
      this.db.prepare('DELETE FROM hotspot_refusals WHERE hour_start < ?').run(ms(before));
      return this.db
        .prepare('DELETE FROM hotspot_sessions WHERE ended_at IS NOT NULL AND ended_at < ?')
        .run(ms(before)).changes;
    });
  }
}

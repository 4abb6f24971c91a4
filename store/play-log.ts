import type { Db } from './database.js';

export interface PlayLogRow {
  id?: number;
  itemId: string;
  title: string;
  priority: string;
  source: string;
  ruleId?: string | undefined;
  occurrenceKey?: string | undefined;
  scheduledAt?: number | undefined;
  startedAt?: number | undefined;
  endedAt?: number | undefined;
  result: string;
  cause?: string | undefined;
  volume?: number | undefined;
}

export interface PlayLogQuery {
  from?: number;
  to?: number;
  results?: string[];
  limit?: number;
}

interface Raw {
  id: number;
  item_id: string;
  title: string;
  priority: string;
  source: string;
  rule_id: string | null;
  occurrence_key: string | null;
  scheduled_at: number | null;
  started_at: number | null;
  ended_at: number | null;
  result: string;
  cause: string | null;
  volume: number | null;
}

/** What became of items in one hour, by result. */
export interface HourCounts {
  /** Start of the hour, UTC epoch ms. */
  at: number;
  played: number;
  failed: number;
  cut: number;
  stopped: number;
  expired: number;
  missed: number;
}

const HOUR_MS = 3_600_000;

const orUndef = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

/** Proof of play, kept in SQLite: the speaker's as-run log. */
export class PlayLogRepo {
  constructor(private readonly db: Db) {}

  add(r: PlayLogRow): number {
    const info = this.db
      .prepare(
        `INSERT INTO play_log (item_id, title, priority, source, rule_id, occurrence_key, scheduled_at,
           started_at, ended_at, result, cause, volume) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        r.itemId,
        r.title,
        r.priority,
        r.source,
        r.ruleId ?? null,
        r.occurrenceKey ?? null,
        r.scheduledAt ?? null,
        r.startedAt === undefined ? null : Math.round(r.startedAt),
        r.endedAt === undefined ? null : Math.round(r.endedAt),
        r.result,
        r.cause ?? null,
        r.volume ?? null,
      );
    return Number(info.lastInsertRowid);
  }

  /** Newest first, by when the item ended (or was due). */
  list(q: PlayLogQuery = {}): PlayLogRow[] {
    const where: string[] = [];
    const args: (number | string)[] = [];
    if (q.from !== undefined) {
      where.push('COALESCE(ended_at, scheduled_at) >= ?');
      args.push(q.from);
    }
    if (q.to !== undefined) {
      where.push('COALESCE(ended_at, scheduled_at) < ?');
      args.push(q.to);
    }
    if (q.results?.length) {
      where.push(`result IN (${q.results.map(() => '?').join(',')})`);
      args.push(...q.results);
    }
    const sql = `SELECT * FROM play_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY COALESCE(ended_at, scheduled_at) DESC, id DESC LIMIT ?`;
    const rows = this.db.prepare(sql).all(...args, Math.min(q.limit ?? 500, 5000)) as Raw[];
    return rows.map((r) => ({
      id: r.id,
      itemId: r.item_id,
      title: r.title,
      priority: r.priority,
      source: r.source,
      ruleId: orUndef(r.rule_id),
      occurrenceKey: orUndef(r.occurrence_key),
      scheduledAt: orUndef(r.scheduled_at),
      startedAt: orUndef(r.started_at),
      endedAt: orUndef(r.ended_at),
      result: r.result,
      cause: orUndef(r.cause),
      volume: orUndef(r.volume),
    }));
  }

  /**
   * Lines per hour and result, by when the item ended (or was due), for [from, to). Only
   * hours with lines come back, oldest first; one query whatever the range.
   */
  countsByHour(from: number, to: number): HourCounts[] {
    return this.db
      .prepare(
        `SELECT (CAST(t AS INTEGER) / ${HOUR_MS}) * ${HOUR_MS} AS at,
           SUM(result = 'played') AS played, SUM(result = 'failed') AS failed, SUM(result = 'cut') AS cut,
           SUM(result = 'stopped') AS stopped, SUM(result = 'expired') AS expired, SUM(result = 'missed') AS missed
         FROM (SELECT COALESCE(ended_at, scheduled_at) AS t, result FROM play_log) WHERE t >= ? AND t < ?
         GROUP BY 1 ORDER BY 1`,
      )
      .all(from, to) as HourCounts[];
  }

  /** Drop lines that ended before `before` (retention); returns how many went. */
  prune(before: number): number {
    return this.db.prepare('DELETE FROM play_log WHERE COALESCE(ended_at, scheduled_at) < ?').run(before)
      .changes;
  }

  /** Whether an occurrence already has a line: a restart must not play or log it twice. */
  hasOccurrence(key: string): boolean {
    return this.db.prepare('SELECT 1 FROM play_log WHERE occurrence_key = ? LIMIT 1').get(key) !== undefined;
  }
}

import type { Bilingual, Clock } from '../core/index.js';
import type { Db } from './database.js';

export type ContentKind = 'audio';
export type ContentSource = 'local' | 'control-room' | 'simulator';

/** One item of the content library, as the database keeps it. */
export interface ContentRecord {
  /** sha256 (lowercase hex) of the original file's bytes: the identity the control room uses. */
  sha256: string;
  kind: ContentKind;
  title: Bilingual;
  originalName: string;
  /** Size of the stored (canonical) file. */
  bytes: number;
  durationMs: number;
  source: ContentSource;
  addedAt: number;
  lastPlayedAt: number | null;
}

interface Row {
  sha256: string;
  kind: string;
  title_id: string;
  title_en: string;
  original_name: string;
  bytes: number;
  duration_ms: number;
  source: string;
  added_at: number;
  last_played_at: number | null;
}

const fromRow = (r: Row): ContentRecord => ({
  sha256: r.sha256,
  kind: r.kind as ContentKind,
  title: { id: r.title_id, en: r.title_en },
  originalName: r.original_name,
  bytes: r.bytes,
  durationMs: r.duration_ms,
  source: r.source as ContentSource,
  addedAt: r.added_at,
  lastPlayedAt: r.last_played_at,
});

/** Rows of the `content` table. Files are the content library's business, not this class's. */
export class ContentRepo {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  get(sha256: string): ContentRecord | undefined {
    const row = this.db.prepare('SELECT * FROM content WHERE sha256 = ?').get(sha256) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  /** Newest first. */
  list(): ContentRecord[] {
    const rows = this.db.prepare('SELECT * FROM content ORDER BY added_at DESC, sha256').all() as Row[];
    return rows.map(fromRow);
  }

  /** Least recently used first (never played counts from when it was added): the order prune removes in. */
  leastRecentlyUsed(): ContentRecord[] {
    const rows = this.db
      .prepare('SELECT * FROM content ORDER BY coalesce(last_played_at, added_at), added_at, sha256')
      .all() as Row[];
    return rows.map(fromRow);
  }

  /** Adds the item; false if a row with this sha256 is already there (another import won the race). */
  insert(item: ContentRecord): boolean {
    const info = this.db
      .prepare(
        `INSERT INTO content (sha256, kind, title_id, title_en, original_name, bytes, duration_ms,
                              source, added_at, last_played_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(sha256) DO NOTHING`,
      )
      .run(
        item.sha256,
        item.kind,
        item.title.id,
        item.title.en,
        item.originalName,
        item.bytes,
        item.durationMs,
        item.source,
        item.addedAt,
        item.lastPlayedAt,
      );
    return info.changes === 1;
  }

  /** After a damaged file was stored again. */
  updateFile(sha256: string, bytes: number, durationMs: number): void {
    this.db
      .prepare('UPDATE content SET bytes = ?, duration_ms = ? WHERE sha256 = ?')
      .run(bytes, durationMs, sha256);
  }

  delete(sha256: string): boolean {
    return this.db.prepare('DELETE FROM content WHERE sha256 = ?').run(sha256).changes === 1;
  }

  markPlayed(sha256: string): boolean {
    return (
      this.db.prepare('UPDATE content SET last_played_at = ? WHERE sha256 = ?').run(this.clock.now(), sha256)
        .changes === 1
    );
  }

  totals(): { items: number; bytes: number } {
    return this.db
      .prepare('SELECT count(*) AS items, coalesce(sum(bytes), 0) AS bytes FROM content')
      .get() as {
      items: number;
      bytes: number;
    };
  }

  /** Runs `fn` in one transaction (BEGIN IMMEDIATE, so a second process waits instead of failing). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }
}

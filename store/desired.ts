import type { Clock } from '../core/index.js';
import type { Db } from './database.js';

export interface AppliedDesired<T = unknown> {
  version: number;
  body: T;
  source: string;
  appliedAt: number;
}

/** The desired documents that were applied; the control room's sync (and the simulator seed) write here. */
export class DesiredStateRepo {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  current<T = unknown>(): AppliedDesired<T> | undefined {
    const row = this.db
      .prepare('SELECT version, body, source, applied_at FROM desired_state ORDER BY version DESC LIMIT 1')
      .get() as { version: number; body: string; source: string; applied_at: number } | undefined;
    return row
      ? {
          version: row.version,
          body: JSON.parse(row.body) as T,
          source: row.source,
          appliedAt: row.applied_at,
        }
      : undefined;
  }

  /** The applied version alone, without reading the document (which may be megabytes). */
  currentVersion(): number {
    const row = this.db.prepare('SELECT MAX(version) AS v FROM desired_state').get() as { v: number | null };
    return row.v ?? 0;
  }

  /** Record an applied document; refuses a version that is not above the current one. */
  save(version: number, body: unknown, source: string): void {
    const tx = this.db.transaction(() => {
      const cur = this.db.prepare('SELECT MAX(version) AS v FROM desired_state').get() as {
        v: number | null;
      };
      if (cur.v !== null && version <= cur.v) {
        throw new Error(`desired version ${version} is not above the applied version ${cur.v}`);
      }
      this.db
        .prepare('INSERT INTO desired_state (version, body, source, applied_at) VALUES (?, ?, ?, ?)')
        .run(version, JSON.stringify(body), source, this.clock.now());
    });
    tx();
  }

  /**
   * Replace the body of the applied version in place: a section that was pending (content
   * still downloading) has gone live. The version stays; the row is the same document.
   */
  replaceCurrent(version: number, body: unknown): void {
    const res = this.db
      .prepare('UPDATE desired_state SET body = ?, applied_at = ? WHERE version = ?')
      .run(JSON.stringify(body), this.clock.now(), version);
    if (res.changes !== 1) throw new Error(`desired version ${version} is not stored`);
  }
}

import type { Clock } from '../core/index.js';
import type { Db } from './database.js';

export interface AuditEntry {
  id: number;
  at: number;
  actor: string;
  action: string;
  detail: unknown;
}

/** Who did what and when: admin actions, control-room changes, simulator fault injections. */
export class AuditLog {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  append(actor: string, action: string, detail?: unknown): void {
    this.db
      .prepare('INSERT INTO audit_log (at, actor, action, detail) VALUES (?, ?, ?, ?)')
      .run(this.clock.now(), actor, action, detail === undefined ? null : JSON.stringify(detail));
  }

  recent(limit = 100): AuditEntry[] {
    const rows = this.db
      .prepare('SELECT id, at, actor, action, detail FROM audit_log ORDER BY id DESC LIMIT ?')
      .all(limit) as (Omit<AuditEntry, 'detail'> & { detail: string | null })[];
    return rows.map((r) => ({ ...r, detail: r.detail === null ? undefined : JSON.parse(r.detail) }));
  }
}

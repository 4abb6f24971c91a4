import type { Db } from './database.js';

/** Ids of signed control-room messages already acted on, kept until they expire (replay protection). */
export class ProcessedMessagesRepo {
  constructor(private readonly db: Db) {}

  seen(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM processed_messages WHERE id = ?').get(id) !== undefined;
  }

  remember(id: string, expiresAt: number): void {
    this.db
      .prepare('INSERT OR IGNORE INTO processed_messages (id, expires_at) VALUES (?, ?)')
      .run(id, expiresAt);
  }

  /** Expired ids can go: an expired message is refused for its expiry before replay is checked. */
  prune(now: number): number {
    return this.db.prepare('DELETE FROM processed_messages WHERE expires_at < ?').run(now).changes;
  }
}

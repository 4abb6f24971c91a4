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

  /**
   * Expired ids can go: an expired message is refused for its expiry before replay is
   * checked. A week's margin covers a clock that is set back (a Pi has no RTC).
   */
  prune(now: number, marginMs = 7 * 86_400_000): number {
    return this.db.prepare('DELETE FROM processed_messages WHERE expires_at < ?').run(now - marginMs).changes;
  }
}

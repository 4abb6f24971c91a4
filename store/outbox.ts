import { monotonicFactory } from 'ulid';
import type { Clock } from '../core/index.js';
import type { Db } from './database.js';
import type { SettingsRepo } from './settings.js';

export type OutboxTopic = 'events' | 'ack' | 'telemetry';

export interface OutboxRow {
  seq: number;
  id: string;
  topic: OutboxTopic;
  type: string;
  ts: number;
  /** JSON text, published as is. */
  data: string;
}

export interface OutboxDrops {
  event: number;
  telemetry: number;
}

const DROPS_KEY = 'outbox.dropped';

/**
 * The durable queue of messages for the control room. `enqueue` is synchronous on the
 * shared connection, so a caller puts it in the same transaction as the fact it reports
 * (a play-log row, an audit entry): both are kept or neither is.
 *
 * Bounded: when full, the oldest periodic telemetry goes first; only when there is none
 * left does the oldest event go, and every drop is counted (the count is reported).
 */
export class OutboxRepo {
  private readonly ulid = monotonicFactory();
  private rows: number;
  private dirty = false;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly db: Db,
    private readonly settings: SettingsRepo,
    private readonly clock: Clock,
    readonly capacity = 50_000,
  ) {
    this.rows = this.countNow();
  }

  private countNow(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n;
  }

  /** Rows queued. Recounted after a write made inside a caller's transaction, which may yet roll back. */
  get size(): number {
    if (this.dirty && !this.db.inTransaction) {
      this.rows = this.countNow();
      this.dirty = false;
    }
    return this.rows;
  }

  /** Called after each enqueue (outside any transaction the caller may still be in: on the next tick). */
  onEnqueue(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Queue a message; returns its id. Returns undefined only for droppable telemetry that
   * meets a queue full of events (counted as dropped): an event is never refused.
   */
  enqueue(
    topic: OutboxTopic,
    type: string,
    data: unknown,
    opts: { droppable?: boolean } = {},
  ): string | undefined {
    const now = this.clock.now();
    const droppable = opts.droppable ?? topic === 'telemetry';
    const id = this.ulid(now);
    let inserted = false;
    this.db.transaction(() => {
      if (this.dirty) this.rows = this.countNow();
      if (this.rows >= this.capacity && !this.makeRoom(droppable)) return;
      this.db
        .prepare('INSERT INTO outbox (id, topic, type, ts, data, droppable) VALUES (?, ?, ?, ?, ?, ?)')
        .run(id, topic, type, now, JSON.stringify(data), droppable ? 1 : 0);
      inserted = true;
    })();
    if (!inserted) return undefined;
    this.rows += 1;
    if (this.db.inTransaction) this.dirty = true;
    if (this.listeners.size > 0) queueMicrotask(() => this.notify());
    return id;
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }

  /**
   * Make room for one row: the oldest telemetry goes first; an event goes only for another
   * event. Returns false when the incoming telemetry itself is the thing to drop.
   */
  private makeRoom(incomingDroppable: boolean): boolean {
    const oldestTelemetry = this.db
      .prepare('SELECT seq FROM outbox WHERE droppable = 1 ORDER BY seq LIMIT 1')
      .get() as { seq: number } | undefined;
    const drops = this.drops();
    let room = true;
    if (oldestTelemetry) {
      this.db.prepare('DELETE FROM outbox WHERE seq = ?').run(oldestTelemetry.seq);
      drops.telemetry += 1;
      this.rows -= 1;
    } else if (incomingDroppable) {
      drops.telemetry += 1;
      room = false;
    } else {
      this.db.prepare('DELETE FROM outbox WHERE seq = (SELECT MIN(seq) FROM outbox)').run();
      drops.event += 1;
      this.rows -= 1;
    }
    this.settings.set(DROPS_KEY, drops);
    return room;
  }

  drops(): OutboxDrops {
    return this.settings.get<OutboxDrops>(DROPS_KEY) ?? { event: 0, telemetry: 0 };
  }

  /** Rows after `afterSeq`, oldest first. */
  peek(afterSeq: number, limit: number): OutboxRow[] {
    return this.db
      .prepare('SELECT seq, id, topic, type, ts, data FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?')
      .all(afterSeq, limit) as OutboxRow[];
  }

  /** Delete what the broker acknowledged, in one transaction. */
  remove(seqs: readonly number[]): void {
    if (seqs.length === 0) return;
    const del = this.db.prepare('DELETE FROM outbox WHERE seq = ?');
    let removed = 0;
    this.db.transaction(() => {
      for (const s of seqs) removed += del.run(s).changes;
    })();
    this.rows = Math.max(0, this.rows - removed);
    if (this.rows === 0 || removed < seqs.length) this.rows = this.countNow();
  }
}

/** Periodic telemetry: queued as droppable; a queue full of events refuses it (counted). */
export function enqueueTelemetry(outbox: OutboxRepo, type: string, data: unknown): string | undefined {
  return outbox.enqueue('telemetry', type, data, { droppable: true });
}

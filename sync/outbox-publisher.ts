import type { Logger } from '../core/index.js';

export interface QueuedMessage {
  seq: number;
  id: string;
  topic: 'events' | 'ack' | 'telemetry';
  type: string;
  ts: number;
  data: string;
}

/** The durable queue as the publisher needs it (store/OutboxRepo is one). */
export interface OutboxQueue {
  peek(afterSeq: number, limit: number): QueuedMessage[];
  remove(seqs: readonly number[]): void;
  onEnqueue(listener: () => void): () => void;
}

/** Sends one queued message; resolves on the broker's PUBACK (or, for QoS 0, once written). */
export type SendQueued = (msg: QueuedMessage) => Promise<void>;

export interface OutboxPublisherOptions {
  queue: OutboxQueue;
  send: SendQueued;
  log: Logger;
  /** Messages sent and not yet acknowledged at most (MQTT pipelining). */
  window?: number;
  /** Acknowledged rows are deleted in batches this often: a delete per PUBACK would fsync 20,000 times. */
  deleteEveryMs?: number;
}

/**
 * Drains the outbox in order: reads rows from SQLite, publishes them with up to `window`
 * in flight, deletes a row only after its PUBACK. After a disconnect it starts again from
 * the oldest row still there, so a message whose PUBACK was lost is sent twice (receivers
 * drop it by id) and never lost. A crash between PUBACK and delete has the same effect.
 */
export class OutboxPublisher {
  private readonly window: number;
  private readonly deleteEveryMs: number;
  private connected = false;
  /** Bumped on each (re)connect: answers from an older connection only count as acks. */
  private generation = 0;
  private cursor = 0;
  private inFlight = 0;
  private acked: number[] = [];
  private deleteTimer: NodeJS.Timeout | undefined;
  private pumping = false;
  private readonly unsubscribe: () => void;
  private idleWaiters: (() => void)[] = [];
  published = 0;

  constructor(private readonly opts: OutboxPublisherOptions) {
    this.window = opts.window ?? 1024;
    this.deleteEveryMs = opts.deleteEveryMs ?? 25;
    this.unsubscribe = opts.queue.onEnqueue(() => this.pump());
  }

  onConnected(): void {
    this.connected = true;
    this.generation += 1;
    this.flushDeletes();
    this.cursor = 0;
    this.inFlight = 0;
    this.pump();
  }

  onDisconnected(): void {
    this.connected = false;
  }

  private pump(): void {
    if (this.pumping || !this.connected) return;
    this.pumping = true;
    try {
      while (this.connected && this.inFlight < this.window) {
        const rows = this.opts.queue.peek(this.cursor, Math.min(512, this.window - this.inFlight));
        if (rows.length === 0) break;
        for (const row of rows) this.sendOne(row);
        this.cursor = rows[rows.length - 1]!.seq;
      }
    } finally {
      this.pumping = false;
    }
    this.checkIdle();
  }

  private sendOne(row: QueuedMessage): void {
    const gen = this.generation;
    this.inFlight += 1;
    this.opts.send(row).then(
      () => {
        this.published += 1;
        this.acked.push(row.seq);
        this.scheduleDeletes();
        if (gen !== this.generation) return;
        this.inFlight -= 1;
        // Refill in batches once half the window is free: a query per PUBACK would cost more than the publish.
        if (this.inFlight <= this.window / 2) this.pump();
      },
      (err: unknown) => {
        if (gen !== this.generation) return;
        this.inFlight -= 1;
        // Still connected but refused (should not happen with QoS 1): retry from this row after a pause.
        if (this.connected) {
          this.opts.log.warn({ err: (err as Error).message, seq: row.seq }, 'outbox publish failed');
          this.cursor = Math.min(this.cursor, row.seq - 1);
          setTimeout(() => this.pump(), 1000).unref();
        }
      },
    );
  }

  private scheduleDeletes(): void {
    if (this.deleteTimer) return;
    this.deleteTimer = setTimeout(() => this.flushDeletes(), this.deleteEveryMs);
  }

  private flushDeletes(): void {
    clearTimeout(this.deleteTimer);
    this.deleteTimer = undefined;
    if (this.acked.length === 0) return;
    const batch = this.acked;
    this.acked = [];
    try {
      this.opts.queue.remove(batch);
    } catch (err) {
      // Kept rows are sent again later: a duplicate, never a loss.
      this.opts.log.error({ err: (err as Error).message }, 'outbox delete failed');
    }
    this.checkIdle();
  }

  private checkIdle(): void {
    if (this.idleWaiters.length === 0 || this.inFlight > 0 || this.acked.length > 0) return;
    if (this.opts.queue.peek(0, 1).length > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  /** Resolves when the queue is empty and nothing is in flight (tests, benchmarks, shutdown). */
  drained(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.checkIdle();
    });
  }

  stop(): void {
    this.connected = false;
    this.unsubscribe();
    this.flushDeletes();
  }
}

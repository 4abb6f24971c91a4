import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../core/index.js';
import { type Db, OutboxRepo, openDatabase, SettingsRepo } from '../../../store/index.js';
import { enqueueTelemetry } from '../../../store/outbox.js';
import { OutboxPublisher, type QueuedMessage } from '../../../sync/index.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { until } from '../../helpers/until.js';

const clock = { now: () => Date.now() };

// A fresh SQLite file per test, shared by both suites below.
let dir: ReturnType<typeof tempDir>;
let db: Db;
const repo = (capacity = 10) => new OutboxRepo(db, new SettingsRepo(db, clock), clock, capacity);
beforeEach(() => {
  dir = tempDir();
  db = openDatabase(`${dir.path}/t.db`, { clock, log: silentLogger() });
});
afterEach(() => {
  db.close();
  dir.remove();
});

describe('OutboxRepo', () => {
  it('keeps order and unique ids, and survives reopening the database', () => {
    const o = repo();
    const ids = [1, 2, 3].map((i) => o.enqueue('events', 'play', { i }));
    expect(new Set(ids).size).toBe(3);
    db.close();
    db = openDatabase(`${dir.path}/t.db`, { clock, log: silentLogger() });
    const again = repo();
    expect(again.size).toBe(3);
    expect(again.peek(0, 10).map((r) => [r.id, JSON.parse(r.data).i])).toEqual(
      ids.map((id, i) => [id, i + 1]),
    );
  });

  it('is written in the same transaction as the fact: a rollback loses both', () => {
    const o = repo();
    const settings = new SettingsRepo(db, clock);
    expect(() =>
      db.transaction(() => {
        settings.set('fact', 1);
        o.enqueue('events', 'tamper', { door: 'opened' });
        throw new Error('power cut');
      })(),
    ).toThrow('power cut');
    expect(settings.get('fact')).toBeUndefined();
    expect(o.peek(0, 10)).toEqual([]);
    expect(o.size).toBe(0);
  });

  it('when full drops telemetry first, then the oldest event, and counts every drop', () => {
    const o = repo(4);
    enqueueTelemetry(o, 'telemetry', { t: 1 });
    o.enqueue('events', 'e', { n: 1 });
    enqueueTelemetry(o, 'telemetry', { t: 2 });
    o.enqueue('events', 'e', { n: 2 });
    o.enqueue('events', 'e', { n: 3 }); // drops telemetry t1
    o.enqueue('events', 'e', { n: 4 }); // drops telemetry t2
    expect(o.drops()).toEqual({ event: 0, telemetry: 2 });
    expect(enqueueTelemetry(o, 'telemetry', { t: 3 })).toBeUndefined(); // full of events: telemetry refused
    o.enqueue('events', 'e', { n: 5 }); // drops event n1
    expect(o.drops()).toEqual({ event: 1, telemetry: 3 });
    expect(o.peek(0, 10).map((r) => JSON.parse(r.data).n)).toEqual([2, 3, 4, 5]);
    expect(o.size).toBe(4);
  });
});

describe('OutboxPublisher', () => {
  it('publishes in order, deletes only acknowledged rows, and resends the rest after a reconnect', async () => {
    const o = repo(1000);
    for (let i = 0; i < 50; i++) o.enqueue('events', 'n', { i });
    const sent: number[] = [];
    const pending: { msg: QueuedMessage; ack: () => void; fail: (e: Error) => void }[] = [];
    const pub = new OutboxPublisher({
      queue: o,
      window: 10,
      deleteEveryMs: 1,
      log: silentLogger(),
      send: (msg) =>
        new Promise<void>((ack, fail) => {
          sent.push(JSON.parse(msg.data).i);
          pending.push({ msg, ack, fail });
        }),
    });
    pub.onConnected();
    expect(sent).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]); // window of 10
    for (const p of pending.splice(0, 5)) p.ack();
    await until(() => o.size === 45);
    expect(sent.slice(10)).toEqual([10, 11, 12, 13, 14]);
    // Connection lost: the 10 in flight were never acknowledged.
    pub.onDisconnected();
    for (const p of pending.splice(0)) p.fail(new Error('Connection closed'));
    sent.length = 0;
    pub.onConnected();
    expect(sent.slice(0, 10)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    const ackAll = async () => {
      while (pending.length > 0) {
        for (const p of pending.splice(0)) p.ack();
        await new Promise((r) => setTimeout(r, 2));
      }
    };
    await ackAll();
    await pub.drained();
    expect(o.size).toBe(0);
    expect([...new Set(sent)].sort((a, b) => a - b)).toEqual(Array.from({ length: 45 }, (_, i) => i + 5));
    pub.stop();
  });

  it('sends what is queued while connected as soon as it is written', async () => {
    const o = repo(1000);
    const got: string[] = [];
    const pub = new OutboxPublisher({
      queue: o,
      log: silentLogger(),
      send: async (m) => void got.push(m.type),
    });
    pub.onConnected();
    o.enqueue('events', 'first', {});
    o.enqueue('ack', 'second', {});
    await until(() => got.length === 2);
    await pub.drained();
    expect(got).toEqual(['first', 'second']);
    pub.stop();
  });
});

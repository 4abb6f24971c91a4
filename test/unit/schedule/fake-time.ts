import type { TimerApi } from '../../../audio/schedule/index.js';
import type { Clock } from '../../../core/index.js';

interface FakeTimer {
  id: number;
  due: number;
  fn: () => void;
}

/**
 * A wall clock and a monotonic clock that move together, and timers that run on the
 * monotonic one, as Node's do. `jump()` moves only the wall clock (NTP, a technician
 * with `date -s`); `stall()` moves both without running timers (a blocked event loop).
 */
export class FakeTime {
  private mono = 1_000;
  private readonly pending: FakeTimer[] = [];
  private nextId = 1;
  /** Every delay the code under test asked for. */
  readonly delays: number[] = [];

  constructor(private wall: number) {}

  readonly clock: Clock = { now: () => this.wall };
  readonly monotonic = (): number => this.mono;
  readonly timers: TimerApi = {
    setTimeout: (fn, ms) => {
      this.delays.push(ms);
      const timer = { id: this.nextId++, due: this.mono + Math.max(0, ms), fn };
      this.pending.push(timer);
      return timer.id;
    },
    clearTimeout: (handle) => {
      const i = this.pending.findIndex((t) => t.id === handle);
      if (i >= 0) this.pending.splice(i, 1);
    },
  };

  now(): number {
    return this.wall;
  }

  get timerCount(): number {
    return this.pending.length;
  }

  /** Let `ms` pass, running timers in order as they come due. */
  advance(ms: number): void {
    const end = this.mono + ms;
    for (;;) {
      const next = this.pending.filter((t) => t.due <= end).sort((a, b) => a.due - b.due || a.id - b.id)[0];
      if (!next) break;
      this.pending.splice(this.pending.indexOf(next), 1);
      // A timer overdue after stall() runs now, without moving time back.
      if (next.due > this.mono) {
        this.wall += next.due - this.mono;
        this.mono = next.due;
      }
      next.fn();
    }
    this.wall += end - this.mono;
    this.mono = end;
  }

  /** Advance until the wall clock shows `at`. */
  advanceTo(at: number): void {
    if (at < this.wall) throw new Error('advanceTo into the past: use jump()');
    this.advance(at - this.wall);
  }

  jump(ms: number): void {
    this.wall += ms;
  }

  /** Time passes but no timer runs until the next advance(). */
  stall(ms: number): void {
    this.wall += ms;
    this.mono += ms;
  }
}

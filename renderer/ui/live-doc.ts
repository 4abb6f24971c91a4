import { requestJson } from './http.ts';
import type { LiveChannel } from './live-channel.ts';

/**
 * One document the agent both serves (GET url) and pushes (a live event with the same
 * JSON), e.g. /api/air and `air`. The page reads it on every (re)connect, in case the
 * event was never sent yet, and then follows the event. A fetch that answers after a
 * newer event arrived is dropped, so the screen never steps back to an older state.
 * While offline the last document stays.
 */
export class LiveDoc<T> {
  private last: T | null = null;
  private lastJson = '';
  private events = 0;
  private readonly listeners = new Set<(doc: T) => void>();
  private readonly detach: (() => void)[] = [];

  constructor(
    live: LiveChannel,
    event: string,
    private readonly url: string,
  ) {
    this.detach.push(
      live.on<T>(event, (doc) => {
        this.events += 1;
        this.accept(doc);
      }),
      live.onStatus((status) => {
        if (status === 'online') void this.refresh();
      }),
    );
  }

  /** Stop following the channel (a screen that goes away, e.g. the admin dashboard on logout). */
  destroy(): void {
    for (const fn of this.detach.splice(0)) fn();
    this.listeners.clear();
  }

  get current(): T | null {
    return this.last;
  }

  /** Called on every change (not now); returns a function that stops it. */
  onChange(fn: (doc: T) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  async refresh(): Promise<void> {
    const eventsBefore = this.events;
    try {
      const doc = await requestJson<T>(this.url);
      if (this.events === eventsBefore) this.accept(doc);
    } catch {
      // Offline or an older agent without this API: the live event still counts.
    }
  }

  private accept(doc: T): void {
    const json = JSON.stringify(doc);
    if (json === this.lastJson) return;
    this.last = doc;
    this.lastJson = json;
    for (const fn of this.listeners) fn(doc);
  }
}

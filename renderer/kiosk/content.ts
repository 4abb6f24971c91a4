import type { KioskDoc } from '../ui/api-types.ts';
import type { Watchable } from '../ui/hooks.ts';
import { requestJson } from '../ui/http.ts';

const RETRY_MS = 5000;

/**
 * Fetches /api/kiosk and keeps the last good answer. A failed fetch never clears
 * what the screen shows: it retries until the agent answers.
 */
export class KioskContentSource implements Watchable<KioskDoc | null> {
  private last: KioskDoc | null = null;
  private lastJson = '';
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private inFlight = false;
  private readonly listeners = new Set<(doc: KioskDoc | null) => void>();

  get current(): KioskDoc | null {
    return this.last;
  }

  onChange(fn: (doc: KioskDoc | null) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  async refresh(): Promise<void> {
    if (this.inFlight) return;
    this.inFlight = true;
    clearTimeout(this.retryTimer);
    try {
      this.accept(await requestJson<KioskDoc>('/api/kiosk'));
    } catch {
      this.retryTimer = setTimeout(() => void this.refresh(), RETRY_MS);
    } finally {
      this.inFlight = false;
    }
  }

  private accept(doc: KioskDoc): void {
    const json = JSON.stringify(doc);
    if (json === this.lastJson) return;
    this.last = doc;
    this.lastJson = json;
    for (const fn of this.listeners) fn(doc);
  }
}

import type { KioskDoc } from '../ui/api-types.ts';
import { requestJson } from '../ui/http.ts';

const RETRY_MS = 5000;

/**
 * Fetches /api/kiosk and keeps the last good answer. A failed fetch never clears
 * what the screen shows: it retries until the agent answers.
 */
export class KioskContentSource {
  private last: KioskDoc | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private inFlight = false;

  constructor(private readonly onChange: (doc: KioskDoc) => void) {}

  get current(): KioskDoc | null {
    return this.last;
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

  /** Also the entry point for content pushed over the live channel. */
  accept(doc: KioskDoc): void {
    if (this.last && JSON.stringify(this.last) === JSON.stringify(doc)) return;
    this.last = doc;
    this.onChange(doc);
  }
}

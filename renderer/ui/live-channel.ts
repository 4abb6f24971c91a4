export type LiveStatus = 'connecting' | 'online' | 'offline';

export interface LiveChannelOptions {
  url?: string;
  /**
   * How long a broken connection may last before the page calls itself offline.
   * The agent asks browsers to retry after 2 s, so a quick restart never flashes the mark.
   */
  offlineAfterMs?: number;
  /** Longest wait between our own reconnects when the browser gave up (see connect()). */
  maxBackoffMs?: number;
}

/**
 * The client of /api/live (Server-Sent Events). Each event name gets its handler with
 * one line: `live.on('health', (doc) => ...)`. The channel keeps itself connected:
 * EventSource retries network errors by itself, and when the browser gives up for
 * good (a non-200 answer, e.g. while the agent restarts) we open a new one, backing off.
 */
export class LiveChannel {
  private readonly handlers = new Map<string, Set<(data: unknown) => void>>();
  private readonly statusListeners = new Set<(status: LiveStatus) => void>();
  private source: EventSource | undefined;
  private status: LiveStatus = 'connecting';
  private offlineTimer: ReturnType<typeof setTimeout> | undefined;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private backoffMs = 2000;
  private readonly url: string;
  private readonly offlineAfterMs: number;
  private readonly maxBackoffMs: number;

  constructor(opts: LiveChannelOptions = {}) {
    this.url = opts.url ?? '/api/live';
    this.offlineAfterMs = opts.offlineAfterMs ?? 1500;
    this.maxBackoffMs = opts.maxBackoffMs ?? 30_000;
  }

  /** Handle a named event; data arrives parsed from JSON. Returns a function that removes the handler. */
  on<T>(event: string, handler: (data: T) => void): () => void {
    let set = this.handlers.get(event);
    if (!set) {
      set = new Set();
      this.handlers.set(event, set);
      this.source?.addEventListener(event, this.dispatch);
    }
    const h = handler as (data: unknown) => void;
    set.add(h);
    return () => set.delete(h);
  }

  /** Called now with the current status and on every change. */
  onStatus(fn: (status: LiveStatus) => void): () => void {
    this.statusListeners.add(fn);
    fn(this.status);
    return () => this.statusListeners.delete(fn);
  }

  get currentStatus(): LiveStatus {
    return this.status;
  }

  start(): void {
    if (!this.source) this.connect();
  }

  stop(): void {
    this.source?.close();
    this.source = undefined;
    clearTimeout(this.offlineTimer);
    clearTimeout(this.reconnectTimer);
    this.offlineTimer = undefined;
    this.reconnectTimer = undefined;
    // Not connected on purpose: that is not "offline", so the mark goes away.
    this.setStatus('connecting');
  }

  private connect(): void {
    const source = new EventSource(this.url);
    this.source = source;
    for (const event of this.handlers.keys()) source.addEventListener(event, this.dispatch);
    source.addEventListener('open', () => {
      this.backoffMs = 2000;
      clearTimeout(this.offlineTimer);
      this.offlineTimer = undefined;
      this.setStatus('online');
    });
    source.addEventListener('error', () => {
      if (this.source !== source) return;
      this.markBroken();
      if (source.readyState === EventSource.CLOSED) {
        // The browser will not retry after a failed (non-200) answer: we do.
        source.close();
        this.source = undefined;
        this.reconnectTimer = setTimeout(() => this.connect(), this.backoffMs);
        this.backoffMs = Math.min(this.backoffMs * 2, this.maxBackoffMs);
      }
    });
  }

  private markBroken(): void {
    if (this.status === 'offline' || this.offlineTimer) return;
    this.offlineTimer = setTimeout(() => {
      this.offlineTimer = undefined;
      this.setStatus('offline');
    }, this.offlineAfterMs);
  }

  private setStatus(status: LiveStatus): void {
    if (status === this.status) return;
    this.status = status;
    for (const fn of this.statusListeners) fn(status);
  }

  // An arrow function so the same reference can be added to each new EventSource.
  private readonly dispatch = (ev: Event): void => {
    const msg = ev as MessageEvent<string>;
    let data: unknown;
    try {
      data = JSON.parse(msg.data);
    } catch {
      console.warn(`live: event ${msg.type} is not JSON`);
      return;
    }
    for (const handler of this.handlers.get(msg.type) ?? []) handler(data);
  };
}

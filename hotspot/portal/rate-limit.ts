/**
 * Requests per minute per client IP, as token buckets: each IP may burst a minute's worth,
 * then gets one request per 60/perMinute seconds. In memory, bounded: a flood of addresses
 * cannot grow it past `maxClients` (full buckets, i.e. quiet clients, are dropped first).
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
    private readonly maxClients = 10_000,
  ) {
    if (!(perMinute > 0)) throw new Error(`requests per minute must be positive, not ${perMinute}`);
    this.perMs = perMinute / 60_000;
  }

  /** Count one request from `key`: 0 when it may go ahead, else the seconds to wait (for retry-after). */
  take(key: string): number {
    const t = this.now();
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      if (this.buckets.size >= this.maxClients) this.sweep(t);
      bucket = { tokens: this.perMinute, at: t };
      this.buckets.set(key, bucket);
    } else {
      bucket.tokens = Math.min(this.perMinute, bucket.tokens + (t - bucket.at) * this.perMs);
      bucket.at = t;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000));
  }

  get size(): number {
    return this.buckets.size;
  }

  private sweep(t: number): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + (t - b.at) * this.perMs >= this.perMinute) this.buckets.delete(key);
    }
    // Everyone is busy: forget the oldest half rather than grow.
    if (this.buckets.size >= this.maxClients) {
      let drop = Math.ceil(this.buckets.size / 2);
      for (const key of this.buckets.keys()) {
        if (drop-- <= 0) break;
        this.buckets.delete(key);
      }
    }
  }
}

/**
 * Exponential backoff with full jitter (the AWS architecture blog's "full jitter"):
 * a city of poles that lost the broker at the same moment must not come back at the
 * same moment. MQTT.js only knows a fixed reconnect period, so the link uses this.
 */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly baseMs: number,
    private readonly maxMs: number,
    private readonly random: () => number = Math.random,
  ) {}

  next(): number {
    const ceiling = Math.min(this.maxMs, this.baseMs * 2 ** Math.min(this.attempt, 30));
    this.attempt += 1;
    return Math.round(this.random() * ceiling);
  }

  reset(): void {
    this.attempt = 0;
  }

  get attempts(): number {
    return this.attempt;
  }
}

/**
 * A token bucket shared by every download of one downloader, so a bandwidth cap holds for all of
 * them together: a pole on a metered or thin cellular link must leave room for the control-room
 * link (MQTT) and the hotspot while content trickles in.
 *
 * `take` may drive the bucket into debt instead of refusing: socket chunks are up to 64 KiB, which
 * can be larger than the bucket, and a caller that has already read a chunk cannot give it back.
 * The caller waits out the debt before reading on, so the long-run rate still equals the cap.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  /**
   * @param bytesPerS the cap.
   * @param burstBytes how much may pass at once after a quiet spell; 50 ms worth by default, so the
   *   cap holds over short windows too (a 1 MB file at 2 MB/s takes close to 0.5 s, not 0.4 s).
   */
  constructor(
    readonly bytesPerS: number,
    readonly burstBytes: number = bytesPerS / 20,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(bytesPerS > 0)) throw new RangeError(`bandwidth cap must be > 0 bytes/s, got ${bytesPerS}`);
    this.tokens = burstBytes;
    this.last = now();
  }

  /** Takes `n` bytes' worth of tokens; returns how many ms the caller must wait before it reads on. */
  take(n: number): number {
    const t = this.now();
    this.tokens = Math.min(this.burstBytes, this.tokens + ((t - this.last) * this.bytesPerS) / 1000);
    this.last = t;
    this.tokens -= n;
    return this.tokens >= 0 ? 0 : (-this.tokens * 1000) / this.bytesPerS;
  }
}

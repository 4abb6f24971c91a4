export interface BackoffOptions {
  /** First delay. Default 1000 ms. */
  initialMs?: number;
  /** Longest delay. Default 60 000 ms. */
  maxMs?: number;
  /** Fraction taken off at random (0–1), so poles that lost power together do not retry in step. Default 0.25. */
  jitter?: number;
}

/**
 * Delay before reopen attempt `attempt` (0-based): doubling from initialMs up to maxMs,
 * minus up to `jitter` of it. Jitter only shortens, so maxMs is a true ceiling.
 */
export function backoffDelay(
  attempt: number,
  opts: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const initial = opts.initialMs ?? 1000;
  const max = opts.maxMs ?? 60_000;
  const jitter = Math.min(1, Math.max(0, opts.jitter ?? 0.25));
  // Capping the exponent keeps 2 ** attempt finite after days of retrying.
  const base = Math.min(max, initial * 2 ** Math.min(attempt, 30));
  return Math.round(base * (1 - jitter * random()));
}

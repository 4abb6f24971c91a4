import type { Clock } from '../../core/index.js';

/** How close to the target a plain timer brings us before we poll: timers run late by a few ms on a busy Pi. */
const SPIN_MS = 3;

/**
 * Resolve at `target` (clock ms) to within a millisecond: a timer for the bulk of the wait,
 * then a short setImmediate loop. Resolves false if aborted first.
 */
export function waitUntil(clock: Clock, target: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    let timer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    };
    const spin = () => {
      if (signal?.aborted) return;
      if (clock.now() >= target) return done();
      setImmediate(spin);
    };
    const left = target - clock.now();
    if (left > SPIN_MS) timer = setTimeout(spin, left - SPIN_MS);
    else spin();
  });
}

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * Calls onIdle once after `timeoutMs` without a touch, click or key press, then waits
 * for the next activity to arm itself again. A renderer timer rather than the OS idle
 * time, which is unreliable on Linux/Wayland.
 */
export class IdleTimer {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly bump = () => this.arm();

  constructor(
    private readonly timeoutMs: number,
    private readonly onIdle: () => void,
  ) {}

  start(): void {
    for (const type of ACTIVITY_EVENTS)
      document.addEventListener(type, this.bump, { passive: true, capture: true });
    this.arm();
  }

  stop(): void {
    for (const type of ACTIVITY_EVENTS) document.removeEventListener(type, this.bump, { capture: true });
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.onIdle();
    }, this.timeoutMs);
  }
}

/**
 * Seconds from a query parameter (e.g. `?idle=2` so a test need not wait a minute),
 * else the default. Bounded, so a typo cannot make a public screen reset every few ms.
 */
export function secondsFromQuery(name: string, fallbackS: number, minS = 1, maxS = 3600): number {
  const raw = new URLSearchParams(location.search).get(name);
  const n = raw === null ? Number.NaN : Number(raw);
  if (!Number.isFinite(n)) return fallbackS;
  return Math.min(maxS, Math.max(minS, n));
}

/**
 * Signage players' best-known failure is a black screen after hours of browser memory
 * growth. The guard reloads the kiosk page when the renderer passes a limit — but only at
 * an idle moment (nobody touching it, no alert on screen), so nobody's page vanishes
 * under their finger.
 */
export interface MemoryGuardOptions {
  /** Renderer working set in MB, or undefined when unknown. */
  rendererMb: () => number | undefined;
  /** Milliseconds since the last touch on the kiosk. */
  idleMs: () => number;
  /** Whether an alert takes over the screen (never reload under it). */
  alertActive: () => boolean;
  reload: (reason: string) => void;
  limitMb: number;
  /** Idle for at least this long before a reload. */
  idleForMs?: number;
  checkEveryMs?: number;
}

export class MemoryGuard {
  private timer: NodeJS.Timeout | undefined;
  reloads = 0;

  constructor(private readonly o: MemoryGuardOptions) {}

  /** One check; returns what it decided (for logs and tests). */
  check(): 'ok' | 'waiting-for-idle' | 'reloaded' | 'unknown' {
    const mb = this.o.rendererMb();
    if (mb === undefined) return 'unknown';
    if (mb <= this.o.limitMb) return 'ok';
    if (this.o.alertActive() || this.o.idleMs() < (this.o.idleForMs ?? 60_000)) return 'waiting-for-idle';
    this.reloads += 1;
    this.o.reload(`renderer uses ${Math.round(mb)} MB, over the ${this.o.limitMb} MB limit`);
    return 'reloaded';
  }

  start(): void {
    this.timer = setInterval(() => this.check(), this.o.checkEveryMs ?? 30_000);
    this.timer.unref?.();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

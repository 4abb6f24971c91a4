import type { HealthModel, HealthReporter, Logger } from '../core/index.js';

/** A part of the pole that starts and stops with the agent. Constructors only assign; work happens in start(). */
export interface Subsystem {
  readonly name: string;
  start(): Promise<void>;
  /** Must leave the hardware safe (amplifier off) even when called twice or after a failed start. */
  stop(): Promise<void>;
}

/**
 * Starts subsystems in the order they were added and stops them in reverse,
 * so nothing runs on top of a part that is already gone.
 */
export class Lifecycle {
  private readonly subsystems: { sub: Subsystem; health: HealthReporter }[] = [];
  private readonly started: Subsystem[] = [];

  constructor(
    private readonly health: HealthModel,
    private readonly log: Logger,
  ) {}

  add(sub: Subsystem): void {
    this.subsystems.push({ sub, health: this.health.reporter(sub.name) });
  }

  async startAll(): Promise<void> {
    for (const { sub, health } of this.subsystems) {
      const t0 = performance.now();
      health.report({ state: 'starting' });
      try {
        await sub.start();
      } catch (err) {
        health.report({ state: 'failed', level: 'fault', cause: (err as Error).message });
        throw err;
      }
      this.started.push(sub);
      health.report({ state: 'running' });
      this.log.debug({ subsystem: sub.name, ms: Math.round(performance.now() - t0) }, 'subsystem started');
    }
  }

  /**
   * Stop everything that started, newest first, within deadlineMs in all. A subsystem that
   * overruns its share is logged and left behind so the rest (the database above all) still close.
   */
  async stopAll(deadlineMs: number): Promise<{ timedOut: string[] }> {
    const end = performance.now() + deadlineMs;
    const timedOut: string[] = [];
    while (this.started.length > 0) {
      const sub = this.started.pop()!;
      const reporter = this.health.reporter(sub.name);
      reporter.report({ state: 'stopping' });
      const remaining = Math.max(50, end - performance.now());
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        sub.stop().then(
          () => 'stopped' as const,
          (err: unknown) => {
            this.log.error({ subsystem: sub.name, err }, 'subsystem failed to stop cleanly');
            return 'error' as const;
          },
        ),
        new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), remaining);
        }),
      ]);
      clearTimeout(timer);
      if (outcome === 'timeout') {
        timedOut.push(sub.name);
        this.log.error({ subsystem: sub.name, ms: Math.round(remaining) }, 'subsystem did not stop in time');
      }
      reporter.report({ state: 'stopped' });
    }
    return { timedOut };
  }
}

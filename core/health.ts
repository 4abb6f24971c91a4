import { EventEmitter } from 'node:events';
import type { Bilingual } from './bilingual.js';
import type { Clock } from './clock.js';

/** How well a subsystem does its job. */
export type HealthLevel = 'ok' | 'degraded' | 'fault';
/** Where a subsystem is in its life. */
export type LifecycleState = 'idle' | 'starting' | 'running' | 'stopping' | 'stopped' | 'failed';

export interface SubsystemHealth {
  name: string;
  state: LifecycleState;
  level: HealthLevel;
  /** Why the level is not ok (plain words), or a short note such as "simulated". */
  cause?: string;
  /** What a technician should do, Indonesian and English. */
  hint?: Bilingual;
  /** When the level last changed, UTC ms. */
  since: number;
  /** Subsystem-specific facts for screens (e.g. { simulated: true }). */
  detail?: Record<string, unknown>;
}

export interface HealthUpdate {
  state?: LifecycleState;
  level?: HealthLevel;
  cause?: string | undefined;
  hint?: Bilingual | undefined;
  detail?: Record<string, unknown>;
}

/** What a subsystem gets to report its own health, and nothing else. */
export interface HealthReporter {
  report(update: HealthUpdate): void;
}

const levelRank: Record<HealthLevel, number> = { ok: 0, degraded: 1, fault: 2 };

/**
 * One health model for the whole pole. /healthz, the screens and the control room
 * read this; each subsystem writes only its own entry through a HealthReporter.
 */
export class HealthModel extends EventEmitter<{ change: [SubsystemHealth] }> {
  private readonly entries = new Map<string, SubsystemHealth>();

  constructor(private readonly clock: Clock) {
    super();
  }

  reporter(name: string): HealthReporter {
    if (!this.entries.has(name)) {
      this.entries.set(name, { name, state: 'idle', level: 'ok', since: this.clock.now() });
    }
    return { report: (update) => this.update(name, update) };
  }

  private update(name: string, update: HealthUpdate): void {
    const prev = this.entries.get(name);
    if (!prev) throw new Error(`health: unknown subsystem ${name}`);
    const next: SubsystemHealth = { ...prev, ...update, name };
    if (update.level !== undefined && update.level !== prev.level) next.since = this.clock.now();
    // A report with a level describes the whole condition: a cause or hint it leaves out is gone.
    for (const key of ['cause', 'hint'] as const) {
      if (next[key] === undefined || (update.level !== undefined && update[key] === undefined))
        delete next[key];
    }
    this.entries.set(name, next);
    this.emit('change', next);
  }

  get(name: string): SubsystemHealth | undefined {
    return this.entries.get(name);
  }

  snapshot(): SubsystemHealth[] {
    return [...this.entries.values()];
  }

  /** The worst level of all subsystems: the pole is as healthy as its sickest part. */
  overall(): HealthLevel {
    let worst: HealthLevel = 'ok';
    for (const e of this.entries.values()) {
      const level: HealthLevel = e.state === 'failed' ? 'fault' : e.level;
      if (levelRank[level] > levelRank[worst]) worst = level;
    }
    return worst;
  }
}

import { describe, expect, it } from 'vitest';
import { Lifecycle, type Subsystem } from '../../../agent/lifecycle.js';
import { HealthModel, silentLogger } from '../../../core/index.js';

function recorder(
  events: string[],
  name: string,
  opts: { failStart?: boolean; stopMs?: number } = {},
): Subsystem {
  return {
    name,
    async start() {
      events.push(`start ${name}`);
      if (opts.failStart) throw new Error(`${name} broke`);
    },
    async stop() {
      events.push(`stop ${name}`);
      if (opts.stopMs) await new Promise((r) => setTimeout(r, opts.stopMs));
    },
  };
}

describe('lifecycle', () => {
  it('starts in order and stops in reverse', async () => {
    const events: string[] = [];
    const health = new HealthModel({ now: () => 0 });
    const lc = new Lifecycle(health, silentLogger());
    for (const n of ['store', 'gpio', 'http']) lc.add(recorder(events, n));
    await lc.startAll();
    expect(health.snapshot().map((h) => h.state)).toEqual(['running', 'running', 'running']);
    await lc.stopAll(1000);
    expect(events).toEqual([
      'start store',
      'start gpio',
      'start http',
      'stop http',
      'stop gpio',
      'stop store',
    ]);
    expect(health.get('store')?.state).toBe('stopped');
  });

  it('marks a failed start as a fault and stops only what had started', async () => {
    const events: string[] = [];
    const health = new HealthModel({ now: () => 0 });
    const lc = new Lifecycle(health, silentLogger());
    lc.add(recorder(events, 'store'));
    lc.add(recorder(events, 'gpio', { failStart: true }));
    lc.add(recorder(events, 'http'));
    await expect(lc.startAll()).rejects.toThrow('gpio broke');
    expect(health.get('gpio')).toMatchObject({ state: 'failed', level: 'fault', cause: 'gpio broke' });
    expect(health.overall()).toBe('fault');
    await lc.stopAll(1000);
    expect(events).toEqual(['start store', 'start gpio', 'stop store']);
  });

  it('leaves a hung subsystem behind at the deadline and still stops the rest', async () => {
    const events: string[] = [];
    const lc = new Lifecycle(new HealthModel({ now: () => 0 }), silentLogger());
    lc.add(recorder(events, 'store'));
    lc.add(recorder(events, 'stuck', { stopMs: 10_000 }));
    await lc.startAll();
    const t0 = performance.now();
    const { timedOut } = await lc.stopAll(300);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(timedOut).toEqual(['stuck']);
    expect(events).toContain('stop store');
  });
});

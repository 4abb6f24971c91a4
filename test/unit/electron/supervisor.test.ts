import { describe, expect, it } from 'vitest';
import { AgentSupervisor, type SupervisorState } from '../../../electron/supervisor.js';
import { until } from '../../helpers/until.js';
import { FakeChild } from './electron-mock.js';

function rig(healthy: () => boolean, over: Partial<ConstructorParameters<typeof AgentSupervisor>[0]> = {}) {
  const children: FakeChild[] = [];
  const states: SupervisorState[] = [];
  const sup = new AgentSupervisor({
    spawn: () => {
      const c = new FakeChild();
      children.push(c);
      return { onExit: (l) => c.on('exit', l), kill: () => c.kill() };
    },
    healthy: async () => healthy(),
    onState: (s) => states.push(s),
    backoffMs: 20,
    maxBackoffMs: 80,
    crashLimit: 5,
    crashWindowMs: 10_000,
    probeEveryMs: 5,
    ...over,
  });
  return { sup, children, states, kinds: () => states.map((s) => s.kind) };
}

describe('agent supervisor', () => {
  it('starts the agent and reports healthy once /healthz answers', async () => {
    let up = false;
    const r = rig(() => up);
    r.sup.start();
    expect(r.kinds()).toEqual(['starting']);
    up = true;
    await until(() => r.sup.state.kind === 'healthy');
    expect(r.children).toHaveLength(1);
    r.sup.stop();
    expect(r.children[0]!.killed).toBe(true);
  });

  it('restarts a dead agent with growing backoff, then stops after a crash loop', async () => {
    const r = rig(() => false);
    r.sup.start();
    for (let i = 0; i < 5; i++) {
      await until(() => r.children.length === i + 1);
      r.children[i]!.emit('exit', 1);
    }
    await until(() => r.sup.state.kind === 'crash-loop');
    const delays = r.states.filter((s) => s.kind === 'restarting').map((s) => (s as { inMs: number }).inMs);
    expect(delays).toEqual([20, 40, 80, 80]);
    expect(r.sup.state).toMatchObject({ kind: 'crash-loop', exits: 5, lastExit: 1 });
    await new Promise((res) => setTimeout(res, 150));
    expect(r.children).toHaveLength(5); // no more spinning
    r.sup.retry();
    expect(r.children).toHaveLength(6);
    r.sup.stop();
  });

  it('kills an agent that never becomes healthy, and counts it as a failed start', async () => {
    const r = rig(() => false, { startTimeoutMs: 60 });
    r.sup.start();
    await until(() => r.children[0]!.killed);
    await until(() => r.kinds().includes('restarting'));
    r.sup.stop();
  });

  it('resets the backoff after a healthy run', async () => {
    let up = true;
    const r = rig(() => up);
    r.sup.start();
    await until(() => r.sup.state.kind === 'healthy');
    r.children[0]!.emit('exit', 1);
    await until(() => r.sup.state.kind === 'healthy' && r.children.length === 2);
    r.children[1]!.emit('exit', 1);
    await until(() => r.children.length === 3);
    const delays = r.states.filter((s) => s.kind === 'restarting').map((s) => (s as { inMs: number }).inMs);
    expect(delays).toEqual([20, 20]);
    up = false;
    r.sup.stop();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdminSession, adminSession } from '../helpers/admin-session.js';
import { type AgentProcess, startAgent } from '../helpers/agent-process.js';
import { until } from '../helpers/until.js';

let agent: AgentProcess;
let session: AdminSession;

beforeAll(async () => {
  agent = await startAgent();
  session = await adminSession(agent);
}, 30_000);
afterAll(async () => {
  await agent?.dispose();
});

interface Health {
  name: string;
  level: 'ok' | 'degraded' | 'fault';
  cause?: string;
  hint?: { id: string; en: string };
}

const health = async (name: string): Promise<Health> => {
  const doc = (await (await fetch(`${agent.baseUrl}/healthz`)).json()) as { subsystems: Health[] };
  return doc.subsystems.find((s) => s.name === name)!;
};

const fault = async (name: string): Promise<void> => {
  const res = await session.post('/api/admin/sim/fault', { fault: name });
  expect(res.status, `${name}: ${await res.text()}`).toBe(204);
};

/**
 * Inject, see the effect on /healthz (level, a cause and a hint in both languages), undo,
 * see the subsystem ok again. Returns what health said while the fault was on.
 */
async function practise(
  name: string,
  clear: string,
  subsystem: string,
  level: 'degraded' | 'fault',
  ms = 20_000,
): Promise<Health> {
  await until(async () => (await health(subsystem)).level === 'ok', ms);
  await fault(name);
  let seen: Health | undefined;
  await until(async () => {
    seen = await health(subsystem);
    return seen.level === level;
  }, ms);
  expect(seen!.cause, `${name}: cause`).toBeTruthy();
  expect(seen!.hint?.id, `${name}: Indonesian hint`).toBeTruthy();
  expect(seen!.hint?.en, `${name}: English hint`).toBeTruthy();
  await fault(clear);
  await until(async () => (await health(subsystem)).level === 'ok', ms);
  return seen!;
}

describe('practice mode on the simulated pole', () => {
  it('lists every fault with what undoes it, and keeps the flat list', async () => {
    const body = (await (await session.get('/api/admin/sim/faults')).json()) as {
      faults: string[];
      practice: { fault: string; clear?: string; subsystem: string; label: { id: string; en: string } }[];
    };
    expect(body.practice.map((p) => [p.fault, p.clear, p.subsystem])).toEqual([
      ['sensor-unplug', 'sensor-replug', 'sensors'],
      ['sensor-stuck', 'sensor-unstuck', 'sensors'],
      ['sensor-garbage', 'sensor-clean', 'sensors'],
      ['door-open', 'door-close', 'cabinet'],
      ['amplifier-fault', 'amplifier-fault-clear', 'amplifier'],
      ['clock-untrusted', 'clock-trusted', 'clock'],
      ['broker-down', 'broker-up', 'control-room'],
      ['content-missing', 'content-refetch', 'speaker'],
      ['disk-full', 'disk-ok', 'storage'],
    ]);
    const paired = body.practice.flatMap((p) => [p.fault, p.clear]);
    expect([...body.faults].sort()).toEqual([...paired].sort());
    for (const p of body.practice) expect(p.label.id && p.label.en).toBeTruthy();
  });

  it('door-open / door-close', async () => {
    const h = await practise('door-open', 'door-close', 'cabinet', 'degraded');
    expect(h.hint?.id).toContain('Tutup pintu kabinet');
  });

  it('amplifier-fault / amplifier-fault-clear', async () => {
    const h = await practise('amplifier-fault', 'amplifier-fault-clear', 'amplifier', 'fault');
    expect(h.hint?.id).toContain('sekring');
    // The cabinet only reads the line; the condition is the amplifier's.
    expect((await health('cabinet')).level).toBe('ok');
  });

  it('clock-untrusted / clock-trusted', async () => {
    await practise('clock-untrusted', 'clock-trusted', 'clock', 'degraded');
    await until(async () => (await health('speaker')).level === 'ok');
  });

  it('disk-full / disk-ok', async () => {
    const h = await practise('disk-full', 'disk-ok', 'storage', 'degraded');
    expect(h.cause).toContain('simulated');
    expect(h.hint?.id).toContain('log lama');
  });

  it('broker-down / broker-up: the link drops and comes back by itself', async () => {
    const h = await practise('broker-down', 'broker-up', 'control-room', 'degraded', 30_000);
    expect(h.cause).toContain('no connection');
    expect(h.hint?.id).toContain('tidak tersambung ke ruang kendali');
    // Up twice is nothing new.
    await fault('broker-up');
  }, 60_000);

  it('content-missing / content-refetch', async () => {
    const h = await practise('content-missing', 'content-refetch', 'speaker', 'degraded');
    expect(h.cause).toContain('Nada latihan');
    // A fetch with nothing missing is fine.
    await fault('content-refetch');
  });

  it('sensor-unplug / sensor-replug', async () => {
    const h = await practise('sensor-unplug', 'sensor-replug', 'sensors', 'fault', 45_000);
    expect(h.hint?.id).toBeTruthy();
  }, 100_000);

  it('sensor-garbage / sensor-clean', async () => {
    await practise('sensor-garbage', 'sensor-clean', 'sensors', 'degraded', 45_000);
  }, 100_000);

  it('sensor-stuck / sensor-unstuck', async () => {
    const h = await practise('sensor-stuck', 'sensor-unstuck', 'sensors', 'degraded', 60_000);
    expect(h.cause).toContain('same value');
  }, 130_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCookie, startSimPole } from '../helpers/sim-pole.js';
import { until } from '../helpers/until.js';

let sim: Awaited<ReturnType<typeof startSimPole>>;
let cookie = '';
beforeAll(async () => {
  sim = await startSimPole();
  cookie = await adminCookie(sim.base, sim.pole.simulatorPin!);
});
afterAll(async () => {
  await sim?.dispose();
});

type Air = {
  available: boolean;
  status: string;
  cause: string | null;
  ispu: { key: string; name: { id: string } } | null;
};
const air = async () => (await (await fetch(`${sim.base}/api/air`)).json()) as Air;
const sensorsHealth = async () => {
  const h = (await (await fetch(`${sim.base}/healthz`)).json()) as {
    subsystems: { name: string; level: string; cause?: string; hint?: { id: string; en: string } }[];
  };
  return h.subsystems.find((s) => s.name === 'sensors')!;
};
const fault = (name: string) =>
  fetch(`${sim.base}/api/admin/sim/fault`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ fault: name }),
  });

describe('air-quality sensor in the simulated pole', () => {
  it('reads the simulated SDS011 and shows the ISPU category', async () => {
    await until(async () => (await air()).available);
    const a = await air();
    expect(['baik', 'sedang', 'tidak-sehat']).toContain(a.ispu?.key);
    expect((await sensorsHealth()).level).toBe('ok');
    const series = (await (
      await fetch(`${sim.base}/api/admin/air/series?hours=1`, { headers: { cookie } })
    ).json()) as {
      buckets: { samples: number }[];
    };
    expect(series.buckets.length).toBeGreaterThan(0);
  });

  it('practice mode: an unplugged sensor is a fault with a fix hint, hidden from the kiosk, and recovers on replug', async () => {
    expect((await fault('sensor-unplug')).status).toBe(204);
    await until(async () => (await sensorsHealth()).level === 'fault');
    const h = await sensorsHealth();
    expect(h.cause).toBeTruthy();
    expect(h.hint?.id).toBeTruthy();
    expect(h.hint?.en).toBeTruthy();
    expect((await air()).available).toBe(false);
    expect((await fault('sensor-replug')).status).toBe(204);
    await until(async () => (await sensorsHealth()).level === 'ok' && (await air()).available, 30_000);
  });

  it('refuses unknown faults and anonymous callers', async () => {
    expect((await fault('meteor-strike')).status).toBe(400);
    const anon = await fetch(`${sim.base}/api/admin/sim/fault`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fault: 'door-open' }),
    });
    expect(anon.status).toBe(401);
  });
});

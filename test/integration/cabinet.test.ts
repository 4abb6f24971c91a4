import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimGpioDriver } from '../../hardware/index.js';
import { startSimPole } from '../helpers/sim-pole.js';
import { until } from '../helpers/until.js';

let sim: Awaited<ReturnType<typeof startSimPole>>;
beforeAll(async () => {
  sim = await startSimPole();
});
afterAll(async () => {
  await sim?.dispose();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** One turn of the event loop: edges this close are well inside the 50 ms debounce, even on a busy machine. */
const tick = () => new Promise((r) => setImmediate(r));
const cabinet = async () => {
  const body = (await (await fetch(`${sim.base}/healthz`)).json()) as {
    subsystems: { name: string; level: string; cause?: string; hint?: { id: string; en: string } }[];
  };
  return body.subsystems.find((s) => s.name === 'cabinet')!;
};

describe('cabinet door tamper switch', () => {
  it('turns a bouncing door switch into one "opened" event, shows it in health, and clears on close', async () => {
    const gpio = sim.pole.hardware.gpio as SimGpioDriver;
    expect((await cabinet()).level).toBe('ok');
    // Contact bounce: a burst of edges, ending open.
    for (const v of [1, 0, 1, 0, 1, 0, 1] as const) {
      gpio.setInput('door-tamper', v);
      await tick();
    }
    await until(async () => (await cabinet()).level === 'degraded');
    const open = await cabinet();
    expect(open.cause).toBe('cabinet door is open');
    expect(open.hint?.id).toContain('Tutup pintu kabinet');
    const opened = sim.pole.store.audit.recent().filter((e) => e.action === 'cabinet.door.opened');
    expect(opened).toHaveLength(1);

    // A knock shorter than the debounce changes nothing.
    gpio.setInput('door-tamper', 0);
    await tick();
    gpio.setInput('door-tamper', 1);
    await sleep(120);
    expect(sim.pole.store.audit.recent().filter((e) => e.action === 'cabinet.door.closed')).toHaveLength(0);

    gpio.setInput('door-tamper', 0);
    await until(async () => (await cabinet()).level === 'ok');
    expect(sim.pole.store.audit.recent().filter((e) => e.action === 'cabinet.door.closed')).toHaveLength(1);
  });
});

import net from 'node:net';
import { describe, expect, it } from 'vitest';
import type { SimGpioDriver } from '../../hardware/index.js';
import { startSimPole } from '../helpers/sim-pole.js';

const portOf = (url: string) => Number(new URL(url).port);
const canListen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });

describe('graceful stop', () => {
  it('turns a playing amplifier off, ends live streams, closes listeners and the database', async () => {
    const sim = await startSimPole();
    const { pole } = sim;
    // As if mid-announcement: supply on, enabled, unmuted.
    const amp = pole.hardware.amplifier!;
    amp.supply?.write(1);
    amp.enable.write(1);
    amp.mute.write(0);
    const gpio = pole.hardware.gpio as SimGpioDriver;

    const live = await fetch(`${sim.base}/api/live`);
    expect(live.status).toBe(200);
    const httpPort = portOf(sim.base);
    const portalPort = portOf(pole.urls.portal!);

    const t0 = performance.now();
    const { timedOut } = await pole.stop();
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(timedOut).toEqual([]);

    // The last writes to the amplifier lines left it muted, disabled and unpowered, in that order.
    const last = (name: string) => gpio.transitions.filter((t) => t.name === name).at(-1);
    const muteIdx = gpio.transitions.findLastIndex((t) => t.name === 'amplifier-mute' && t.value === 1);
    const enableIdx = gpio.transitions.findLastIndex((t) => t.name === 'amplifier-enable' && t.value === 0);
    expect(muteIdx).toBeGreaterThan(-1);
    expect(enableIdx).toBeGreaterThan(muteIdx);
    expect(last('amplifier-enable')?.value).toBe(0);
    expect(last('amplifier-supply')?.value).toBe(0);
    expect(gpio.isClaimed('amplifier-enable')).toBe(false);

    // The live stream was ended by the server, not left hanging.
    const reader = live.body!.getReader();
    for (;;) if ((await reader.read()).done) break;

    expect(() => pole.store.db).toThrow(/not open/);
    expect(await canListen(httpPort)).toBe(true);
    expect(await canListen(portalPort)).toBe(true);
    expect(pole.health.snapshot().every((h) => h.state === 'stopped')).toBe(true);
    await sim.dispose();
  });

  it('is safe to call twice', async () => {
    const sim = await startSimPole();
    const a = sim.pole.stop();
    const b = sim.pole.stop();
    expect(a).toBe(b);
    await a;
    await sim.dispose();
  });
});

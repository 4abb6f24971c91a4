import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../../agent/config/index.js';
import { LiveHub } from '../../../agent/http/live.js';
import { KioskSubsystem } from '../../../agent/subsystems/kiosk.js';
import { HealthModel, silentLogger } from '../../../core/index.js';

let server: http.Server | undefined;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
});

async function hubServer(hub: LiveHub): Promise<string> {
  server = http.createServer((req, res) => {
    const screen = new URL(req.url ?? '/', 'http://x').searchParams.get('screen') ?? undefined;
    hub.attach(res, screen);
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

describe('kiosk in the health model', () => {
  it('is degraded when no kiosk page has been connected for missingAfterS, ok again once one connects', async () => {
    let now = 1_000_000;
    const clock = { now: () => now };
    const health = new HealthModel(clock);
    const hub = new LiveHub(silentLogger());
    const config = configSchema.parse({ device: { id: 'blt-test-001' }, kiosk: { missingAfterS: 60 } });
    const kiosk = new KioskSubsystem(config, hub, clock, health.reporter('kiosk'));
    await kiosk.start();
    expect(health.get('kiosk')?.level).toBe('ok');

    now += 61_000;
    kiosk.check();
    expect(health.get('kiosk')).toMatchObject({
      level: 'degraded',
      cause: 'no kiosk screen connected for 61 s',
    });

    // An admin page does not count as the kiosk; a kiosk page does.
    const url = await hubServer(hub);
    const admin = await fetch(`${url}?screen=admin`);
    kiosk.check();
    expect(health.get('kiosk')?.level).toBe('degraded');
    const page = await fetch(`${url}?screen=kiosk`);
    await new Promise((r) => setTimeout(r, 20));
    kiosk.check();
    expect(health.get('kiosk')?.level).toBe('ok');
    await admin.body?.cancel();
    await page.body?.cancel();
    hub.close();
    await kiosk.stop();
  });

  it('says so on a pole without a screen', async () => {
    const health = new HealthModel({ now: () => 0 });
    const config = configSchema.parse({ device: { id: 'blt-test-001' }, kiosk: { screen: false } });
    const kiosk = new KioskSubsystem(
      config,
      new LiveHub(silentLogger()),
      { now: () => 0 },
      health.reporter('kiosk'),
    );
    await kiosk.start();
    expect(health.get('kiosk')).toMatchObject({ level: 'ok', cause: 'this pole has no kiosk screen' });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger, systemClock } from '../../../core/index.js';
import { CAPTIVE_API_PATH, createPortalServer, SimFirewall } from '../../../hotspot/index.js';

const apps: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

async function portal() {
  const firewall = new SimFirewall(systemClock);
  await firewall.init();
  const app = await createPortalServer({
    host: '10.42.0.1',
    port: 80,
    firewall,
    log: silentLogger(),
    resolveMac: (ip) => (ip === '10.42.0.23' ? '02:00:0A:2A:00:17' : undefined),
    sessionSeconds: () => 3600,
  });
  apps.push(app);
  return app;
}

describe('RFC 8908 captive-portal API', () => {
  it('says captive until the client accepted, then how long its session lasts', async () => {
    const app = await portal();
    const ask = () => app.inject({ url: CAPTIVE_API_PATH, remoteAddress: '10.42.0.23' });
    const before = await ask();
    expect(before.statusCode).toBe(200);
    expect(before.headers['content-type']).toMatch(/^application\/captive\+json/);
    expect(before.headers['cache-control']).toBe('private, no-store');
    expect(before.json()).toEqual({ captive: true, 'user-portal-url': 'http://10.42.0.1/' });

    const accept = await app.inject({ method: 'POST', url: '/accept', remoteAddress: '10.42.0.23' });
    expect(accept.statusCode).toBe(303);
    const after = (await ask()).json() as Record<string, unknown>;
    expect(after).toMatchObject({
      captive: false,
      'user-portal-url': 'http://10.42.0.1/',
      'can-extend-session': true,
    });
    expect(after['seconds-remaining']).toBeGreaterThan(3590);
    expect(after['seconds-remaining']).toBeLessThanOrEqual(3600);
  });

  it('keeps a client it cannot name captive', async () => {
    const app = await portal();
    const res = await app.inject({ url: CAPTIVE_API_PATH, remoteAddress: '10.42.0.99' });
    expect(res.json()).toMatchObject({ captive: true });
  });
});

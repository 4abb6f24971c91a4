import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_COOKIE } from '../../agent/admin/index.js';
import { startSimPole } from '../helpers/sim-pole.js';

let sim: Awaited<ReturnType<typeof startSimPole>>;
beforeAll(async () => {
  sim = await startSimPole();
});
afterAll(async () => {
  await sim?.dispose();
});

const json = (pin: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ pin }),
});

describe('local HTTP server', () => {
  it('answers /healthz with version, uptime and every subsystem', async () => {
    const res = await fetch(`${sim.base}/healthz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown> & {
      subsystems: { name: string; state: string }[];
    };
    expect(body).toMatchObject({
      status: 'ok',
      version: '0.1.0',
      simulated: true,
      device: { id: 'blt-sim-001' },
    });
    expect(typeof body.uptimeS).toBe('number');
    expect(body.subsystems.map((s) => s.name)).toEqual([
      'storage',
      'admin',
      'amplifier',
      'cabinet',
      'sensors',
      'speaker',
      'control-room',
      'hotspot',
      'http',
      'clock',
      'kiosk',
    ]);
    expect(new Set(body.subsystems.map((s) => s.state))).toEqual(new Set(['running']));
  });

  it('binds to loopback only', () => {
    expect(sim.pole.http.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('sends a strict CSP and security headers on pages and API', async () => {
    for (const path of ['/healthz', '/api/kiosk', '/nope']) {
      const res = await fetch(`${sim.base}${path}`);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('permissions-policy')).toContain('camera=()');
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('answers unknown paths with a JSON 404 that names the path', async () => {
    const res = await fetch(`${sim.base}/api/does-not-exist?x=1`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'no such path: GET /api/does-not-exist' });
  });

  it('refuses bodies over the limit with 413', async () => {
    const res = await fetch(`${sim.base}/api/admin/login`, json('1'.repeat(70 * 1024)));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toContain('larger than the limit of 65536 bytes');
  });

  it('serves the seeded Blitar demo content to the kiosk', async () => {
    const body = (await (await fetch(`${sim.base}/api/kiosk`)).json()) as {
      desiredVersion: number;
      kiosk: { tiles: { title: { id: string } }[] };
      wifi: { ssid: string };
    };
    expect(body.desiredVersion).toBe(1);
    expect(body.kiosk.tiles.map((t) => t.title.id)).toContain('Layanan Publik');
    expect(body.wifi.ssid).toBe('Blitar-WiFi-Gratis');
  });

  it('logs a technician in with the PIN, keeps the session in an HttpOnly SameSite cookie, logs out', async () => {
    expect((await fetch(`${sim.base}/api/admin/session`)).status).toBe(401);
    const bad = await fetch(`${sim.base}/api/admin/login`, json('000000'));
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ error: 'wrong PIN', failuresLeft: 4 });

    const ok = await fetch(`${sim.base}/api/admin/login`, json(sim.pole.simulatorPin!));
    expect(ok.status).toBe(204);
    const setCookie = ok.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(new RegExp(`^${ADMIN_COOKIE}=`));
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    const cookie = setCookie.split(';')[0]!;

    expect((await fetch(`${sim.base}/api/admin/session`, { headers: { cookie } })).status).toBe(200);
    const audit = (await (await fetch(`${sim.base}/api/admin/audit`, { headers: { cookie } })).json()) as {
      entries: { action: string }[];
    };
    expect(audit.entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['admin.login', 'admin.login.failed', 'admin.pin.set']),
    );
    expect(
      (await fetch(`${sim.base}/api/admin/logout`, { method: 'POST', headers: { cookie } })).status,
    ).toBe(204);
    expect((await fetch(`${sim.base}/api/admin/session`, { headers: { cookie } })).status).toBe(401);
  });

  it('refuses cross-site admin requests', async () => {
    const res = await fetch(`${sim.base}/api/admin/login`, {
      ...json(sim.pole.simulatorPin!),
      headers: { 'content-type': 'application/json', origin: 'http://evil.example' },
    });
    expect(res.status).toBe(403);
    const res2 = await fetch(`${sim.base}/api/admin/login`, {
      ...json(sim.pole.simulatorPin!),
      headers: { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
    });
    expect(res2.status).toBe(403);
  });

  it('keeps the amplifier muted and disabled while idle', () => {
    expect(sim.pole.hardware.amplifier?.state()).toEqual({ supply: 0, enable: 0, muted: true });
  });
});

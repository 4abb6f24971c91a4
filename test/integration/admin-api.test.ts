import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdminSession, adminSession } from '../helpers/admin-session.js';
import { type AgentProcess, startAgent } from '../helpers/agent-process.js';
import { liveClient } from '../helpers/live-client.js';
import { until } from '../helpers/until.js';

// The admin screen's overview, guided tests, controls and logs, against the compiled
// simulator (`tiang start --sim --quiet`: no demo schedule, so the amplifier is idle unless a
// test plays something) over real HTTP.

let agent: AgentProcess;
let session: AdminSession;

beforeAll(async () => {
  agent = await startAgent({ quiet: true });
  session = await adminSession(agent);
});
afterAll(async () => {
  await agent?.dispose();
});

const get: AdminSession['get'] = (...args) => session.get(...args);
const post: AdminSession['post'] = (...args) => session.post(...args);

interface Bi {
  id: string;
  en: string;
}
interface TestResult {
  kind: string;
  ok: boolean;
  summary: Bi;
  next: Bi;
  detail?: Record<string, unknown>;
  ms: number;
}
interface Overview {
  amplifier: { state: string; level: string };
  volume: number | null;
  speaker: { amplifier: string; clockTrusted: boolean; nowPlaying: unknown; next: unknown[] };
  link: {
    connected: boolean;
    broker: string;
    since: number | null;
    lastInboundAt: number | null;
    desiredVersion: number | null;
    sections: Record<string, unknown>;
    outboxQueued: number;
  };
  content: { items: number; bytes: number; freeBytes: number | null; downloads: unknown };
  hotspot: { clients: number | null };
  air: { available: boolean; status: string; reading: { pm25: number } | null };
}

const overview = async () => {
  const res = await get('/api/admin/overview');
  expect(res.status).toBe(200);
  return (await res.json()) as Overview;
};
const runTest = async (kind: string) => {
  const res = await post(`/api/admin/tests/${kind}`);
  expect(res.status).toBe(200);
  return (await res.json()) as TestResult;
};
const audit = async () =>
  (
    (await (await get('/api/admin/audit')).json()) as {
      entries: { actor: string; action: string; detail: unknown }[];
    }
  ).entries;
const expectPlainWords = (r: TestResult) => {
  for (const text of [r.summary, r.next]) {
    expect(text.id.length).toBeGreaterThan(10);
    expect(text.en.length).toBeGreaterThan(10);
  }
};

describe('admin API access', () => {
  const gets = ['/api/admin/overview', '/api/admin/logs', '/api/admin/logs.txt'];
  const posts: [string, unknown][] = [
    ['/api/admin/tests/amplifier', undefined],
    ['/api/admin/tests/sensor', undefined],
    ['/api/admin/tests/link', undefined],
    ['/api/admin/tests/portal', undefined],
    ['/api/admin/speaker/volume', { volume: 10 }],
    ['/api/admin/speaker/heard', { heard: true }],
    ['/api/admin/kiosk/restart', undefined],
  ];

  it('answers 401 without a session on every route', async () => {
    for (const path of gets) expect((await get(path, false)).status, path).toBe(401);
    for (const [path, body] of posts)
      expect((await post(path, body, { cookie: false })).status, path).toBe(401);
  });

  it('refuses a cross-site POST even with the session cookie, and does nothing', async () => {
    const before = (await overview()).volume;
    for (const [path, body] of posts) {
      const res = await post(path, body, { origin: 'http://evil.example' });
      expect(res.status, path).toBe(403);
    }
    expect((await overview()).volume).toBe(before);
  });
});

describe('GET /api/admin/overview', () => {
  it('shows the idle simulator at a glance', async () => {
    await until(async () => (await overview()).air.available);
    const o = await overview();
    expect(o.amplifier).toEqual({ state: 'off', level: 'ok' });
    expect(o.speaker.amplifier).toBe('off');
    expect(o.speaker.clockTrusted).toBe(true);
    expect(o.volume).toBeGreaterThanOrEqual(0);
    expect(o.volume).toBeLessThanOrEqual(100);
    expect(o.link).toMatchObject({ connected: true, broker: `mqtt://127.0.0.1:${agent.mqttPort}` });
    expect(o.link.since).toBeGreaterThan(0);
    expect(o.link.since).toBeLessThanOrEqual(Date.now());
    expect(o.link.outboxQueued).toBeGreaterThanOrEqual(0);
    expect(typeof o.link.sections).toBe('object');
    expect(o.content.items).toBeGreaterThanOrEqual(0);
    expect(o.content.bytes).toBeGreaterThanOrEqual(0);
    expect(o.content.freeBytes).toBeGreaterThan(0);
    expect(o.hotspot.clients).toBe(0);
    expect(o.air).toMatchObject({ available: true, status: 'reading' });
    expect(o.air.reading?.pm25).toBeGreaterThan(0);
    // The same documents as the public endpoints.
    const air = (await (await fetch(`${agent.baseUrl}/api/air`)).json()) as { status: string };
    expect(air.status).toBe(o.air.status);
  });
});

describe('guided tests', () => {
  it('amplifier: one power cycle on the healthy simulator, ending off', async () => {
    const r = await runTest('amplifier');
    expect(r).toMatchObject({ kind: 'amplifier', ok: true });
    expect(r.next.id).toContain('Penguat bekerja');
    expect(r.detail?.states).toEqual(['powering', 'warming', 'ready', 'off']);
    expect(r.ms).toBeGreaterThan(0);
    expect(r.ms).toBeLessThan(10_000);
    expectPlainWords(r);
    expect((await overview()).amplifier.state).toBe('off');
  });

  it('runs one test of a kind at a time', async () => {
    const [a, b] = await Promise.all([
      post('/api/admin/tests/amplifier'),
      post('/api/admin/tests/amplifier'),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const refused = (await (a.status === 409 ? a : b).json()) as { error: string };
    expect(refused.error).toContain('amplifier');
  });

  it('sensor: a fresh reading from the simulated SDS011', async () => {
    const r = await runTest('sensor');
    expect(r).toMatchObject({ kind: 'sensor', ok: true });
    expect(r.summary.en).toMatch(/PM2\.5 \d+\.\d µg\/m³/);
    expectPlainWords(r);
  });

  it('link: connected and the reported document acknowledged by the embedded broker', async () => {
    const r = await runTest('link');
    expect(r).toMatchObject({ kind: 'link', ok: true });
    expect(r.detail).toMatchObject({ broker: `mqtt://127.0.0.1:${agent.mqttPort}` });
    expect(r.detail?.roundTripMs).toBeLessThan(5000);
    expectPlainWords(r);
  });

  it('portal: the splash page and the RFC 8908 API answer over HTTP', async () => {
    const r = await runTest('portal');
    expect(r).toMatchObject({ kind: 'portal', ok: true, detail: { splash: 'ok', api: 'ok' } });
    expectPlainWords(r);
    const api = await fetch(`${agent.portalUrl}/captive-portal/api`);
    expect(api.headers.get('content-type')).toContain('application/captive+json');
    expect(await api.json()).toEqual({
      captive: true,
      'user-portal-url': `${agent.portalUrl}/`,
      'venue-info-url': `${agent.portalUrl}/welcome`,
    });
  });

  it('sensor: unplugged, the test fails with the unplug advice; replugged, it passes again', async () => {
    expect((await post('/api/admin/sim/fault', { fault: 'sensor-unplug' })).status).toBe(204);
    try {
      const r = await runTest('sensor');
      expect(r.ok).toBe(false);
      expect(r.detail).toMatchObject({ status: 'unplugged' });
      expect(r.summary.en).toContain('not connected');
      expect(r.next.id).toContain('kabel USB');
      expect(r.next.en).toContain('USB cable');
    } finally {
      expect((await post('/api/admin/sim/fault', { fault: 'sensor-replug' })).status).toBe(204);
    }
    // The test retries the port at once instead of waiting for the reopen backoff.
    expect((await runTest('sensor')).ok).toBe(true);
  }, 30_000);

  it('amplifier: with the fault input active, the test fails and points at the fuse and supply', async () => {
    expect((await post('/api/admin/sim/fault', { fault: 'amplifier-fault' })).status).toBe(204);
    try {
      const r = await runTest('amplifier');
      expect(r.ok).toBe(false);
      expect(r.next.id.toLowerCase()).toMatch(/sekring|daya/);
      expectPlainWords(r);
      expect((await overview()).amplifier.state).toBe('off');
    } finally {
      expect((await post('/api/admin/sim/fault', { fault: 'amplifier-fault-clear' })).status).toBe(204);
    }
    await until(async () => (await runTest('amplifier')).ok, 10_000, 200);
  }, 30_000);

  it('link: with the broker down, the test fails saying the control room cannot be reached; back up, it passes', async () => {
    expect((await post('/api/admin/sim/fault', { fault: 'broker-down' })).status).toBe(204);
    try {
      const r = await runTest('link');
      expect(r.ok).toBe(false);
      expect(r.detail).toMatchObject({ broker: `mqtt://127.0.0.1:${agent.mqttPort}` });
      // Either the link already saw the broker go (kind), or the test message found no broker (error).
      expect(r.detail?.kind !== undefined || typeof r.detail?.error === 'string').toBe(true);
      expectPlainWords(r);
    } finally {
      expect((await post('/api/admin/sim/fault', { fault: 'broker-up' })).status).toBe(204);
    }
    await until(async () => (await runTest('link')).ok, 20_000, 200);
  }, 40_000);

  it('answers 404 naming the tests for an unknown kind, 400 for a body with options', async () => {
    const res = await post('/api/admin/tests/speaker');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toContain('amplifier, sensor, link, portal');
    const bad = await post('/api/admin/tests/link', { fast: true });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain('fast');
  });

  it('audits every test run', async () => {
    const runs = (await audit()).filter((e) => e.action === 'test.run');
    expect(runs.length).toBeGreaterThanOrEqual(5);
    expect(runs.every((e) => e.actor === 'admin')).toBe(true);
    expect(runs.map((e) => (e.detail as { kind: string }).kind)).toEqual(
      expect.arrayContaining(['amplifier', 'sensor', 'link', 'portal']),
    );
  });
});

describe('controls', () => {
  it('sets the default volume, visible in the overview and audited', async () => {
    const res = await post('/api/admin/speaker/volume', { volume: 35 });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ volume: 35 });
    expect((await overview()).volume).toBe(35);
    expect((await audit()).find((e) => e.action === 'speaker.volume')).toMatchObject({
      actor: 'admin',
      detail: { volume: 35 },
    });
  });

  it('answers 400 naming the field for bad bodies', async () => {
    const cases: [string, unknown, string][] = [
      ['/api/admin/speaker/volume', { volume: 101 }, 'volume'],
      ['/api/admin/speaker/volume', { volume: 'loud' }, 'volume'],
      ['/api/admin/speaker/volume', { volume: 5.5 }, 'volume'],
      ['/api/admin/speaker/volume', { volume: 5, mute: true }, 'mute'],
      ['/api/admin/speaker/volume', undefined, 'body'],
      ['/api/admin/speaker/heard', { heard: 'yes' }, 'heard'],
      ['/api/admin/speaker/heard', { heard: true, testId: '' }, 'testId'],
      ['/api/admin/kiosk/restart', { now: true }, 'now'],
    ];
    for (const [path, body, field] of cases) {
      const res = await post(path, body);
      expect(res.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      expect(((await res.json()) as { error: string }).error).toContain(field);
    }
    expect((await overview()).volume).toBe(35);
  });

  it('records whether the technician heard the speaker test', async () => {
    const res = await post('/api/admin/speaker/heard', { heard: false, testId: 'admin-abc' });
    expect(res.status).toBe(204);
    expect((await audit()).find((e) => e.action === 'speaker.heard')).toMatchObject({
      actor: 'admin',
      detail: { heard: false, testId: 'admin-abc' },
    });
  });

  it('asks the kiosk to reload on the live channel, not retained for later screens', async () => {
    const live = await liveClient(agent.baseUrl);
    try {
      const res = await post('/api/admin/kiosk/restart');
      expect(res.status).toBe(202);
      const { at } = (await res.json()) as { at: number };
      await until(() => live.of('kiosk-reload').length > 0, 5000);
      expect(live.of<{ at: number }>('kiosk-reload')).toEqual([{ at }]);
    } finally {
      live.close();
    }
    const later = await liveClient(agent.baseUrl);
    try {
      await until(() => later.of('health').length > 0, 5000);
      expect(later.of('kiosk-reload')).toEqual([]);
    } finally {
      later.close();
    }
    expect((await audit()).find((e) => e.action === 'kiosk.reload')?.actor).toBe('admin');
  });
});

describe('logs', () => {
  interface Line {
    time: string;
    level: string;
    module?: string;
    msg: string;
  }
  const logs = async (query = '') => {
    const res = await get(`/api/admin/logs${query}`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { lines: Line[] }).lines;
  };

  it('shows the recent lines with the login, newest last, and never the PIN', async () => {
    const lines = await logs('?lines=2000');
    const login = lines.find((l) => l.msg === 'admin login');
    expect(login).toMatchObject({ level: 'info', module: 'http' });
    expect(lines.some((l) => l.msg === 'tiang ready')).toBe(true);
    const times = lines.map((l) => Date.parse(l.time));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(JSON.stringify(lines)).not.toContain(agent.pin());
  });

  it('limits and filters by level', async () => {
    expect(await logs('?lines=3')).toHaveLength(3);
    const warn = await logs('?level=warn');
    expect(warn.length).toBeGreaterThan(0); // the unplugged sensor warned
    expect(warn.every((l) => ['warn', 'error', 'fatal'].includes(l.level))).toBe(true);
    for (const q of ['?lines=0', '?lines=abc', '?level=debug', '?since=1']) {
      const res = await get(`/api/admin/logs${q}`);
      expect(res.status, q).toBe(400);
      expect(((await res.json()) as { error: string }).error).toContain(q.slice(1).split('=')[0]!);
    }
  });

  it('downloads the same lines as a text file named after the pole and the day', async () => {
    const res = await get('/api/admin/logs.txt?lines=2000');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="tiang-blt-sim-001-\d{4}-\d{2}-\d{2}\.log"$/,
    );
    const text = await res.text();
    expect(text).toMatch(/INFO {2}http: admin login/);
    expect(text).not.toContain(agent.pin());
  });
});

describe('the hotspot side', () => {
  it('never serves the admin screen or its API on the portal listener, even with a valid session cookie', async () => {
    for (const path of ['/admin/', '/api/admin/session', '/api/admin/overview', '/api/admin/logs.txt']) {
      const res = await fetch(`${agent.portalUrl}${path}`, {
        headers: { cookie: session.cookie },
        redirect: 'manual',
      });
      const body = await res.text();
      expect(body, path).not.toContain('Layar Teknisi');
      expect(body, path).not.toMatch(/"amplifier"|"lines"|"expiresAt"/);
    }
    const login = await fetch(`${agent.portalUrl}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: agent.portalUrl },
      body: JSON.stringify({ pin: agent.pin() }),
      redirect: 'manual',
    });
    expect(login.headers.get('set-cookie') ?? '').not.toContain('tiang');
    expect(login.status).not.toBe(204);
  });
});

import { describe, expect, it } from 'vitest';
import { FORM, from, PHONE, STRANGER_IP, startPortal, type TestPortal } from './portal-fixture.js';

/** Each OS family's checks, and exactly what each expects once the network is online. */
const PROBES = [
  {
    os: 'Apple',
    host: 'captive.apple.com',
    path: '/hotspot-detect.html',
    status: 200,
    body: '<HTML><HEAD><TITLE>Success</TITLE></HEAD><BODY>Success</BODY></HTML>',
    type: /^text\/html/,
  },
  {
    os: 'Apple (other host)',
    host: 'www.apple.com',
    path: '/library/test/success.html',
    status: 200,
    body: '<HTML><HEAD><TITLE>Success</TITLE></HEAD><BODY>Success</BODY></HTML>',
    type: /^text\/html/,
  },
  { os: 'Android', host: 'connectivitycheck.gstatic.com', path: '/generate_204', status: 204, body: '' },
  { os: 'Chrome', host: 'clients3.google.com', path: '/generate_204', status: 204, body: '' },
  { os: 'Android (Google)', host: 'www.google.com', path: '/generate_204', status: 204, body: '' },
  {
    os: 'Windows',
    host: 'www.msftconnecttest.com',
    path: '/connecttest.txt',
    status: 200,
    body: 'Microsoft Connect Test',
    type: /^text\/plain/,
  },
  {
    os: 'Windows (old)',
    host: 'www.msftncsi.com',
    path: '/ncsi.txt',
    status: 200,
    body: 'Microsoft NCSI',
    type: /^text\/plain/,
  },
  {
    os: 'Firefox',
    host: 'detectportal.firefox.com',
    path: '/canonical.html',
    status: 200,
    body: '<meta http-equiv="refresh" content="0;url=https://support.mozilla.org/kb/captive-portal"/>',
    type: /^text\/html/,
  },
  {
    os: 'Firefox',
    host: 'detectportal.firefox.com',
    path: '/success.txt',
    status: 200,
    body: 'success\n',
    type: /^text\/plain/,
  },
] as const;

async function connect(portal: TestPortal, ip = PHONE.ip) {
  const res = await portal.app.inject(
    from(ip, { method: 'POST', url: '/accept', headers: FORM, payload: 'accept=yes' }),
  );
  expect(res.statusCode).toBe(303);
}

describe('OS connectivity checks, answered per client state', () => {
  it('before Connect: every check (and any other page) is sent to the splash, uncached', async () => {
    const { app } = await startPortal();
    for (const p of PROBES) {
      const res = await app.inject(from(PHONE.ip, { host: p.host, url: p.path }));
      expect(res.statusCode, `${p.os} ${p.host}${p.path}`).toBe(307);
      expect(res.headers.location).toBe('http://10.42.0.1/');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).not.toContain('Success');
    }
    const page = await app.inject(from(PHONE.ip, { host: 'berita.example', url: '/news?id=7' }));
    expect(page.statusCode).toBe(307);
    expect(page.headers.location).toBe('http://10.42.0.1/');
    // A small page with a link, for clients that do not follow redirects.
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('<a href="http://10.42.0.1/">');
    expect(page.body.length).toBeLessThan(400);
  });

  it('a device the pole cannot name (not in the neighbour table) is sent to the splash too', async () => {
    const { app } = await startPortal();
    const res = await app.inject(
      from(STRANGER_IP, { host: 'captive.apple.com', url: '/hotspot-detect.html' }),
    );
    expect(res.statusCode).toBe(307);
  });

  it('a foreign form post before Connect is sent to the splash as a GET (303)', async () => {
    const { app } = await startPortal();
    const res = await app.inject(
      from(PHONE.ip, { method: 'POST', host: 'login.example', url: '/login', headers: FORM, payload: 'a=b' }),
    );
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('http://10.42.0.1/');
  });

  it('after Connect: each check gets exactly its "online" answer', async () => {
    const portal = await startPortal();
    await connect(portal);
    for (const p of PROBES) {
      const res = await portal.app.inject(from(PHONE.ip, { host: p.host, url: p.path }));
      expect(res.statusCode, `${p.os} ${p.host}${p.path}`).toBe(p.status);
      expect(res.body, `${p.os} ${p.path}`).toBe(p.body);
      if ('type' in p) expect(res.headers['content-type']).toMatch(p.type);
      expect(res.headers['cache-control']).toBe('no-store');
    }
    // Checks with a query string (cache busting) are the same checks.
    const busted = await portal.app.inject(
      from(PHONE.ip, { host: 'captive.apple.com', url: '/hotspot-detect.html?t=1' }),
    );
    expect(busted.body).toContain('<BODY>Success</BODY>');
    // Another phone is still captive.
    const other = await portal.app.inject(
      from('10.42.0.24', { host: 'connectivitycheck.gstatic.com', url: '/generate_204' }),
    );
    expect(other.statusCode).toBe(307);
  });

  it('after Connect: a page on a kept-alive connection is sent to itself on a new connection', async () => {
    const portal = await startPortal();
    await connect(portal);
    const res = await portal.app.inject(from(PHONE.ip, { host: 'berita.example:80', url: '/news?id=7' }));
    expect(res.statusCode).toBe(307);
    expect(res.headers.location).toBe('http://berita.example:80/news?id=7');
    expect(res.headers.connection).toBe('close');
    expect(res.headers['cache-control']).toBe('no-store');
    // Firefox's paths are checks on Firefox's host only.
    const elsewhere = await portal.app.inject(from(PHONE.ip, { host: 'example.org', url: '/success.txt' }));
    expect(elsewhere.statusCode).toBe(307);
    expect(elsewhere.headers.location).toBe('http://example.org/success.txt');
  });

  it('when the session ends the checks say captive again', async () => {
    const portal = await startPortal();
    await connect(portal);
    portal.clock.set(portal.clock.now() + 3_600_001);
    const res = await portal.app.inject(
      from(PHONE.ip, { host: 'connectivitycheck.gstatic.com', url: '/generate_204' }),
    );
    expect(res.statusCode).toBe(307);
  });

  it("the portal's own address or name serves the portal, with or without a port", async () => {
    const { app } = await startPortal();
    for (const host of ['10.42.0.1', '10.42.0.1:80', '10.42.0.1:8081']) {
      const res = await app.inject(from(PHONE.ip, { host }));
      expect(res.statusCode, host).toBe(200);
      expect(res.body).toContain('Sambungkan');
    }
    const named = await startPortal({ portalUrl: 'http://WiFi.Blitar.example/' });
    const res = await named.app.inject(from(PHONE.ip, { host: 'wifi.blitar.example' }));
    expect(res.statusCode).toBe(200);
    // Own host, probe path: not a probe (nothing to answer "online" for), so the splash.
    const own = await named.app.inject(from(PHONE.ip, { url: '/generate_204' }));
    expect(own.statusCode).toBe(302);
    expect(own.headers.location).toBe('/');
  });
});

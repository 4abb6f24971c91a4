import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { neighbourLookup } from '../../../hotspot/index.js';
import { RateLimiter } from '../../../hotspot/portal/rate-limit.js';
import { FORM, from, PHONE, PORTAL_HOST, startPortal } from './portal-fixture.js';

/** One raw HTTP exchange over a real socket; resolves with everything the server sent before closing. */
function raw(port: number, request: string | Buffer, timeoutMs = 3000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let text = '';
    socket.setTimeout(timeoutMs, () =>
      socket.destroy(new Error(`no answer within ${timeoutMs} ms:\n${text}`)),
    );
    socket.on('data', (d) => {
      text += d.toString('latin1');
    });
    socket.on('end', () => resolve(text));
    socket.on('close', () => resolve(text));
    socket.on('error', (err) => (text ? resolve(text) : reject(err)));
    socket.end(request);
  });
}
/** Send on a kept-alive connection and wait for the server to close it (rejects if it keeps it open). */
function untilServerCloses(port: number, request: string, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let text = '';
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(new Error(`the server kept the connection open:\n${text}`));
    });
    socket.on('data', (d) => {
      text += d.toString('latin1');
    });
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
    socket.write(request);
  });
}
const statusOf = (response: string) => Number(/^HTTP\/1\.[01] (\d{3})/.exec(response)?.[1]);

describe('rate limit per client IP', () => {
  it('answers 429 with retry-after once one IP used its minute, while another IP still gets through', async () => {
    const { app } = await startPortal({ requestsPerMinute: 20 });
    for (let i = 0; i < 20; i++) expect((await app.inject(from(PHONE.ip))).statusCode).toBe(200);
    const limited = await app.inject(from(PHONE.ip));
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(limited.body).toContain('Terlalu banyak permintaan');
    expect(limited.body).toContain('Too many requests');
    // Probes and other hosts count too; the next phone does not.
    expect(
      (await app.inject(from(PHONE.ip, { host: 'captive.apple.com', url: '/hotspot-detect.html' })))
        .statusCode,
    ).toBe(429);
    expect((await app.inject(from('10.42.0.24'))).statusCode).toBe(200);
  });

  it('refills over the minute, and can be raised (the benchmark runs every connection from 127.0.0.1)', () => {
    let now = 0;
    const limiter = new RateLimiter(60, () => now);
    for (let i = 0; i < 60; i++) expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(1);
    now += 1000;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(1);
    const raised = new RateLimiter(1_000_000, () => now);
    for (let i = 0; i < 10_000; i++) expect(raised.take('127.0.0.1')).toBe(0);
  });

  it('stays bounded under a flood of addresses', () => {
    let now = 0;
    const limiter = new RateLimiter(10, () => now, 1000);
    for (let i = 0; i < 50_000; i++) {
      limiter.take(`10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`);
      now += 1;
    }
    expect(limiter.size).toBeLessThanOrEqual(1000);
  });

  it('Connect has its own, lower limit: pressing it 20 times a minute is not a person', async () => {
    const { app, gate } = await startPortal();
    for (let i = 0; i < 20; i++) {
      const res = await app.inject(
        from(PHONE.ip, { method: 'POST', url: '/accept', headers: FORM, payload: 'accept=yes' }),
      );
      expect(res.statusCode).toBe(303);
    }
    const flood = await app.inject(
      from(PHONE.ip, { method: 'POST', url: '/accept', headers: FORM, payload: 'accept=yes' }),
    );
    expect(flood.statusCode).toBe(429);
    expect(gate.accepts).toBe(20);
    expect((await app.inject(from(PHONE.ip))).statusCode).toBe(200);
  });
});

describe('nothing of the pole', () => {
  it('path traversal, encoded or not, never reads a file: it lands on the splash', async () => {
    const { app } = await startPortal();
    for (const url of [
      '/../../../../etc/passwd',
      '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/..%2f..%2f..%2fpackage.json',
      '/%252e%252e%252fpackage.json',
      '/index.html/../../package.json',
      '/....//....//etc/passwd',
      '/assets/',
      '/.env',
      '//etc/passwd',
      '/\\..\\..\\package.json',
      '/%00',
    ]) {
      const res = await app.inject(from(PHONE.ip, { url }));
      expect([302, 400, 404], url).toContain(res.statusCode);
      expect(res.body, url).not.toMatch(/root:|"name": "tiang"|TIANG_/);
      if (res.statusCode === 302) expect(res.headers.location).toBe('/');
    }
  });

  it('other methods and unknown paths are refused; the listener has no admin, API or files', async () => {
    const { app } = await startPortal();
    for (const url of [
      '/api/status',
      '/admin/',
      '/kiosk/',
      '/healthz',
      '/dist/portal/index.html',
      '/strings.json',
      '/notice.html',
    ]) {
      const res = await app.inject(from(PHONE.ip, { url }));
      expect(res.statusCode, url).toBe(302);
    }
    const put = await app.inject({ ...from(PHONE.ip, { url: '/' }), method: 'PUT' });
    expect(put.statusCode).toBe(404);
    const del = await app.inject({ ...from(PHONE.ip, { url: '/accept' }), method: 'DELETE' });
    expect(del.statusCode).toBe(404);
  });

  it('a script or CR/LF in the query string is never reflected, and sets no header', async () => {
    const portal = await startPortal();
    const { app } = portal;
    const evil = '/?q=%3Cscript%3Ealert(1)%3C/script%3E&x=%0d%0aSet-Cookie:%20pwned=1&y=<script>';
    for (const url of [
      evil,
      `/welcome${evil.slice(1)}`,
      `/captive-portal/api${evil.slice(1)}`,
      `/nowhere${evil.slice(1)}`,
    ]) {
      const res = await app.inject(from(PHONE.ip, { url }));
      expect(res.body).not.toMatch(/<script|alert\(1\)|pwned/i);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    const foreign = await app.inject(from(PHONE.ip, { host: 'berita.example', url: evil }));
    expect(foreign.headers.location).toBe(`http://${PORTAL_HOST}/`);
    expect(foreign.body).not.toMatch(/<script|pwned/i);
    expect(foreign.headers['set-cookie']).toBeUndefined();
  });

  it('a URL the router cannot decode gets the plain 400 page, not an echo of the URL', async () => {
    const { app } = await startPortal({ requestsPerMinute: 10 });
    for (const url of ['/%zz%3Cscript%3Ealert(1)%3C/script%3E', '/welcome%', '/%c0%ae%c0%ae/etc/passwd']) {
      const res = await app.inject(from(PHONE.ip, { url }));
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['content-security-policy']).toContain("default-src 'none'");
      expect(res.body).not.toMatch(/script|alert|passwd|%zz/);
    }
    // For another host it is one more request to send to the splash; and it counts against the limit.
    const foreign = await app.inject(from(PHONE.ip, { host: 'berita.example', url: '/%zz' }));
    expect(foreign.statusCode).toBe(307);
    for (let i = 0; i < 6; i++) await app.inject(from(PHONE.ip, { url: '/%zz' }));
    expect((await app.inject(from(PHONE.ip, { url: '/%zz' }))).statusCode).toBe(429);
  });

  it('a Host header that is no host name is refused (400)', async () => {
    const { app } = await startPortal();
    for (const host of [
      '<script>',
      'evil.com/x',
      'a b',
      'x'.repeat(300),
      'evil.com:80:80',
      '[zz::1]',
      '10.42.0.1@evil.com',
    ]) {
      const res = await app.inject(from(PHONE.ip, { host }));
      expect(res.statusCode, host).toBe(400);
      expect(res.body).not.toContain(host);
    }
  });

  it('an over-long URL is refused (414), an oversized body (413), and the server goes on', async () => {
    const { app, gate } = await startPortal();
    const long = await app.inject(from(PHONE.ip, { url: `/?${'a'.repeat(3000)}` }));
    expect(long.statusCode).toBe(414);
    const big = await app.inject(
      from(PHONE.ip, {
        method: 'POST',
        url: '/accept',
        headers: FORM,
        payload: `accept=yes&pad=${'x'.repeat(4000)}`,
      }),
    );
    expect(big.statusCode).toBe(413);
    expect(big.body).toContain('Permintaan tidak dapat diproses');
    expect(gate.accepts).toBe(0);
    expect((await app.inject(from(PHONE.ip))).statusCode).toBe(200);
  });
});

describe('over a real socket', () => {
  it('serves the splash; refuses CR/LF injection, over-long headers and junk without falling over', async () => {
    const { app } = await startPortal({ host: '127.0.0.1', port: 0, resolveMac: () => PHONE.mac });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as net.AddressInfo).port;
    const base = `http://127.0.0.1:${port}`;

    const splash = await fetch(`${base}/`);
    expect(splash.status).toBe(200);
    const bytes = Buffer.from(await splash.arrayBuffer());
    expect(bytes.length).toBeLessThanOrEqual(30 * 1024);
    expect(bytes.toString()).toContain('Sambungkan');

    // HTTP/1.0 without a Host header: the portal itself.
    expect(statusOf(await raw(port, 'GET / HTTP/1.0\r\n\r\n'))).toBe(200);
    // A foreign host, before Connect: to the splash on the portal's address.
    const probe = await raw(
      port,
      'GET /generate_204 HTTP/1.1\r\nHost: connectivitycheck.gstatic.com\r\nConnection: close\r\n\r\n',
    );
    expect(statusOf(probe)).toBe(307);
    expect(probe).toMatch(new RegExp(`\r\nlocation: http://127\\.0\\.0\\.1:${port}/\r\n`, 'i'));

    // Header injection: a bare CR/LF in the request line or a header is a bad request.
    for (const attack of [
      'GET /?a=b\rSet-Cookie: x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: b\rSet-Cookie: x=1\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: 127.0.0.1\nevil.example\r\n\r\n',
      'GARBAGE\r\n\r\n',
      Buffer.from([0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00]), // a TLS hello on port 80
    ]) {
      const answer = await raw(port, attack);
      expect(answer === '' || statusOf(answer) === 400, JSON.stringify(answer.slice(0, 80))).toBe(true);
      expect(answer).not.toMatch(/set-cookie/i);
    }

    // Over-long headers: 431; an over-long URL within the header limit: 414.
    expect(
      statusOf(await raw(port, `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: ${'a'.repeat(20_000)}\r\n\r\n`)),
    ).toBe(431);
    expect(
      statusOf(
        await raw(port, `GET /${'a'.repeat(4000)} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`),
      ),
    ).toBe(414);
    // An oversized body announced up front: 413 before it is read.
    const big = await raw(
      port,
      `POST /accept HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 10000000\r\nConnection: close\r\n\r\naccept=yes`,
    );
    expect(statusOf(big)).toBe(413);

    expect((await fetch(`${base}/`)).status).toBe(200);
  });

  it('after Connect, a page on a kept-alive connection is redirected to itself and the connection closed', async () => {
    const { app } = await startPortal({ host: '127.0.0.1', port: 0, resolveMac: () => PHONE.mac });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as net.AddressInfo).port;
    const accept = await fetch(`http://127.0.0.1:${port}/accept`, {
      method: 'POST',
      headers: FORM,
      body: 'accept=yes',
      redirect: 'manual',
    });
    expect(accept.status).toBe(303);
    const answer = await untilServerCloses(port, 'GET /news HTTP/1.1\r\nHost: berita.example\r\n\r\n');
    expect(statusOf(answer)).toBe(307);
    expect(answer).toMatch(/\r\nlocation: http:\/\/berita\.example\/news\r\n/i);
    expect(answer).toMatch(/\r\nconnection: close\r\n/i);
  });
});

describe('neighbour table', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const header = 'IP address       HW type     Flags       HW address            Mask     Device\n';
  const row = (ip: string, mac: string, flags = '0x2') =>
    `${ip.padEnd(17)}0x1         ${flags}         ${mac}     *        wlan0\n`;

  it('is read at most once a second, again on a miss (a phone that just joined), never per request', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tiang-arp-'));
    dirs.push(dir);
    const file = path.join(dir, 'arp');
    writeFileSync(
      file,
      header + row('10.42.0.23', '02:00:0A:2A:00:17') + row('10.42.0.30', '00:00:00:00:00:00', '0x0'),
    );
    let now = 0;
    const lookup = neighbourLookup({ arpTable: file, now: () => now });
    expect(lookup('10.42.0.23')).toBe('02:00:0a:2a:00:17');
    expect(lookup('10.42.0.30')).toBeUndefined(); // incomplete entry

    // The table changes: a known IP keeps its cached MAC for up to a second...
    writeFileSync(
      file,
      header + row('10.42.0.23', '02:00:0a:2a:00:99') + row('10.42.0.31', '02:00:0a:2a:00:1f'),
    );
    now = 500;
    expect(lookup('10.42.0.23')).toBe('02:00:0a:2a:00:17');
    // ...a new IP is a miss, so the file is read again.
    expect(lookup('10.42.0.31')).toBe('02:00:0a:2a:00:1f');
    expect(lookup('10.42.0.23')).toBe('02:00:0a:2a:00:99');
    // A flood of misses reads it at most once per 50 ms.
    writeFileSync(file, header + row('10.42.0.32', '02:00:0a:2a:00:20'));
    now = 520;
    expect(lookup('10.42.0.32')).toBeUndefined();
    now = 560;
    expect(lookup('10.42.0.32')).toBe('02:00:0a:2a:00:20');
    // Connect reads it now: a MAC that changed a moment ago is seen at once.
    writeFileSync(file, header + row('10.42.0.32', '02:00:0a:2a:00:21'));
    now = 570;
    expect(lookup('10.42.0.32')).toBe('02:00:0a:2a:00:20');
    expect(lookup('10.42.0.32', true)).toBe('02:00:0a:2a:00:21');
    // No file (not a Linux pole): nobody is known.
    expect(neighbourLookup({ arpTable: path.join(dir, 'none') })('10.42.0.23')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { FORM, from, OTHER_PHONE, PHONE, STRANGER_IP, startPortal } from './portal-fixture.js';

const accept = (ip: string, payload = 'accept=yes', headers: Record<string, string> = FORM) =>
  from(ip, { method: 'POST', url: '/accept', headers, payload });

describe('Connect (POST /accept)', () => {
  it('lets the phone in (MAC + IP) and sends it to the welcome page', async () => {
    const { app, gate } = await startPortal();
    const res = await app.inject(accept(PHONE.ip));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/welcome');
    expect(res.headers['cache-control']).toBe('no-store');
    // The neighbour table's MAC, in lower case, with the request's IP.
    expect([...gate.sessions.keys()]).toEqual([`${PHONE.mac}|${PHONE.ip}`]);
    // Pressing again (after the session ended, or before) is one more tap: the gate restarts the session.
    expect((await app.inject(accept(PHONE.ip))).statusCode).toBe(303);
    expect(gate.accepts).toBe(2);
  });

  it('only the portal itself presses Connect: a request another site makes is refused (403)', async () => {
    const { app, gate } = await startPortal();
    for (const site of ['cross-site', 'same-site', 'something-else']) {
      const res = await app.inject(accept(PHONE.ip, 'accept=yes', { ...FORM, 'sec-fetch-site': site }));
      expect(res.statusCode, site).toBe(403);
      expect(res.body).toContain('Sambungkan');
    }
    expect(gate.accepts).toBe(0);
    // The portal's own form (same-origin), a typed-in request (none) and an older browser (no header).
    const own: Record<string, string>[] = [
      { 'sec-fetch-site': 'same-origin' },
      { 'sec-fetch-site': 'none' },
      {},
    ];
    for (const headers of own) {
      expect((await app.inject(accept(PHONE.ip, 'accept=yes', { ...FORM, ...headers }))).statusCode).toBe(
        303,
      );
    }
    expect(gate.accepts).toBe(3);
  });

  it('a device missing from the neighbour table gets a plain bilingual "rejoin the Wi-Fi" page (409)', async () => {
    const { app, gate } = await startPortal();
    const res = await app.inject(accept(STRANGER_IP));
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('Perangkat belum dikenali');
    expect(res.body).toContain('Device not recognised yet');
    expect(res.body).toContain('join this network again');
    expect(res.body).toContain('<a href="/">');
    expect(gate.accepts).toBe(0);
  });

  it('refuses anything but the form field accept=yes (400), and other body types (415)', async () => {
    const { app, gate } = await startPortal();
    for (const payload of [
      '',
      'accept=no',
      'accept=yes&accept=yes',
      'acept=yes',
      'accept=%E0%A4%A',
      '%%%&&&===',
    ]) {
      const res = await app.inject(accept(PHONE.ip, payload));
      expect(res.statusCode, payload).toBe(400);
      expect(res.body).toContain('Permintaan tidak dapat diproses');
    }
    const noBody = await app.inject(from(PHONE.ip, { method: 'POST', url: '/accept' }));
    expect(noBody.statusCode).toBe(400);
    const json = await app.inject(
      accept(PHONE.ip, '{"accept":"yes"}', { 'content-type': 'application/json' }),
    );
    expect(json.statusCode).toBe(415);
    expect(json.body).toContain('Permintaan tidak dapat diproses');
    expect(gate.accepts).toBe(0);
  });

  it('daily limit reached: a 429 page with the reason and when to come back, in WIB', async () => {
    const { app, gate, clock } = await startPortal();
    const midnight = Date.parse('2026-03-10T17:00:00Z'); // 00.00 WIB, Wednesday 11 March
    gate.refuse = {
      ok: false,
      reason: 'daily-limit',
      retryAt: midnight,
      message: { id: 'Waktu Wi-Fi Anda hari ini sudah habis.', en: 'Your Wi-Fi time for today is used up.' },
    };
    const res = await app.inject(accept(PHONE.ip));
    expect(res.statusCode).toBe(429);
    expect(Number(res.headers['retry-after'])).toBe((midnight - clock.now()) / 1000);
    expect(res.body).toContain('Belum dapat tersambung');
    expect(res.body).toContain('Waktu Wi-Fi Anda hari ini sudah habis.');
    expect(res.body).toContain('Your Wi-Fi time for today is used up.');
    expect(res.body).toContain('Anda dapat tersambung lagi mulai pukul 00.00 WIB, Rabu, 11 Maret.');
    expect(res.body).toContain('You can connect again from 00:00 WIB, Wednesday 11 March.');
  });

  it('hotspot full: a 503 page with the reason, try again in a minute', async () => {
    const { app, gate } = await startPortal();
    gate.refuse = {
      ok: false,
      reason: 'full',
      message: { id: 'Wi-Fi sedang penuh. <b>Coba lagi</b>', en: 'The Wi-Fi is full. Try again soon.' },
    };
    const res = await app.inject(accept(PHONE.ip));
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('60');
    expect(res.body).toContain('Wi-Fi sedang penuh. &lt;b&gt;Coba lagi&lt;/b&gt;');
    expect(res.body).not.toContain('mulai pukul');
  });

  it('the gate failing gives a bilingual 500 page and a log line without addresses', async () => {
    const { app, gate, logs } = await startPortal();
    gate.accept = async (c) => {
      throw new Error(`nft add element inet tiang allowed_clients { ${c.mac} . ${c.ip} }: busy`);
    };
    const res = await app.inject(accept(PHONE.ip));
    expect(res.statusCode).toBe(500);
    expect(res.body).toContain('Ada gangguan');
    const text = logs.join('');
    expect(text).toContain('portal request failed');
    expect(text).toContain('nft add element');
    expect(text).not.toMatch(/02:00:0a:2a:00:17|10\.42\.0\.23/i);
  });

  it('the log of a whole visit (checks, splash, Connect, welcome, API, errors) names no IP or MAC', async () => {
    const { app, gate, logs } = await startPortal();
    const ids = [PHONE.ip, PHONE.mac, OTHER_PHONE.ip, OTHER_PHONE.mac, STRANGER_IP];
    await app.inject(from(PHONE.ip, { host: 'captive.apple.com', url: '/hotspot-detect.html' }));
    await app.inject(from(PHONE.ip));
    await app.inject(accept(PHONE.ip, 'accept=no'));
    await app.inject(accept(STRANGER_IP));
    await app.inject(accept(PHONE.ip));
    await app.inject(from(PHONE.ip, { url: '/welcome' }));
    await app.inject(from(PHONE.ip, { url: '/captive-portal/api' }));
    await app.inject(from(PHONE.ip, { host: 'captive.apple.com', url: '/hotspot-detect.html' }));
    await app.inject(
      from(OTHER_PHONE.ip, { method: 'POST', url: '/accept', headers: FORM, payload: 'x'.repeat(5000) }),
    );
    gate.refuse = { ok: false, reason: 'full', message: { id: 'Penuh', en: 'Full' } };
    await app.inject(accept(OTHER_PHONE.ip));
    await app.inject(from(OTHER_PHONE.ip, { url: '/../../etc/passwd' }));
    const text = logs.join('');
    expect(text).toContain('portal: a client connected');
    expect(text).toContain('portal: Connect refused');
    for (const id of ids) {
      expect(text.toLowerCase(), id).not.toContain(id.toLowerCase());
      expect(text).not.toContain(id.toUpperCase());
    }
    expect(text).not.toContain('remoteAddress');
  });
});

import { describe, expect, it } from 'vitest';
import { CAPTIVE_API_PATH } from '../../../hotspot/index.js';
import { FORM, from, PHONE, PORTAL_HOST, STRANGER_IP, startPortal } from './portal-fixture.js';

describe('RFC 8908 captive-portal API', () => {
  it('says captive until the client accepted, then how long its session lasts', async () => {
    const { app, clock } = await startPortal();
    const ask = () => app.inject(from(PHONE.ip, { url: CAPTIVE_API_PATH }));
    const before = await ask();
    expect(before.statusCode).toBe(200);
    expect(before.headers['content-type']).toMatch(/^application\/captive\+json/);
    expect(before.headers['cache-control']).toBe('private, no-store');
    expect(before.json()).toEqual({
      captive: true,
      'user-portal-url': 'http://10.42.0.1/',
      'venue-info-url': 'http://10.42.0.1/welcome',
    });

    const accept = await app.inject(
      from(PHONE.ip, { method: 'POST', url: '/accept', headers: FORM, payload: 'accept=yes' }),
    );
    expect(accept.statusCode).toBe(303);
    clock.set(clock.now() + 10_000);
    const after = await ask();
    expect(after.headers['content-type']).toMatch(/^application\/captive\+json/);
    expect(after.headers['cache-control']).toBe('private, no-store');
    expect(after.json()).toEqual({
      captive: false,
      'user-portal-url': 'http://10.42.0.1/',
      'venue-info-url': 'http://10.42.0.1/welcome',
      'seconds-remaining': 3590,
      'can-extend-session': true,
    });
  });

  it('keeps a client it cannot name captive', async () => {
    const { app } = await startPortal();
    const res = await app.inject(from(STRANGER_IP, { url: CAPTIVE_API_PATH }));
    expect(res.json()).toMatchObject({ captive: true });
    expect(res.json()).not.toHaveProperty('seconds-remaining');
  });

  it('names the configured portal URL, and answers for that host name too', async () => {
    const { app } = await startPortal({ portalUrl: 'http://wifi.blitarkab.example/' });
    const res = await app.inject(from(PHONE.ip, { url: CAPTIVE_API_PATH, host: 'wifi.blitarkab.example' }));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      'user-portal-url': 'http://wifi.blitarkab.example/',
      'venue-info-url': 'http://wifi.blitarkab.example/welcome',
    });
    // The pole's address still reaches the portal itself.
    const byAddress = await app.inject(from(PHONE.ip, { url: CAPTIVE_API_PATH, host: `${PORTAL_HOST}:80` }));
    expect(byAddress.statusCode).toBe(200);
  });
});

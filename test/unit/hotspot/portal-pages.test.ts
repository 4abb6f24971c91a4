import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../core/index.js';
import { PortalPages, paragraphs } from '../../../hotspot/portal/pages.js';
import { compileTemplate, fillTemplate, renderTemplate } from '../../../hotspot/portal/template.js';
import { wibTime } from '../../../hotspot/portal/wib-time.js';
import { baseContent, FORM, from, PHONE, portalPages, startPortal } from './portal-fixture.js';

const SCRIPT = '<script>alert(1)</script>';

describe('splash', () => {
  it('is bilingual, states the limits and the default terms and provider, in one small self-contained page', async () => {
    const { app } = await startPortal();
    const res = await app.inject(from(PHONE.ip));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = res.body;
    expect(res.rawPayload.length).toBeLessThanOrEqual(30 * 1024);
    expect(html).toContain('<html lang="id">');
    expect(html).toMatch(/<h1>Wi-Fi Gratis <span class="en" lang="en">Free Wi-Fi<\/span><\/h1>/);
    expect(html).toContain('Layanan gratis dari Pemerintah Kabupaten Blitar');
    expect(html).toContain('A free service of the Blitar Regency Government');
    expect(html).toContain('Satu sesi berlaku 60 menit');
    expect(html).toContain('A session lasts 60 minutes');
    expect(html).toContain('tidak dipakai selama 15 menit');
    expect(html).toContain('after 15 minutes without use');
    expect(html).toContain('Paling lama 240 menit sehari');
    expect(html).toContain('At most 240 minutes a day');
    expect(html).toContain(
      '<li>Gratis untuk semua orang. <span class="en" lang="en">Free for everyone.</span></li>',
    );
    expect(html).toContain('Alun-alun Blitar');
    // One plain form, no script, nothing loaded from anywhere: the style is inline.
    expect(html).toContain('<form class="connect-form" method="post" action="/accept">');
    expect(html).toContain('<input type="hidden" name="accept" value="yes" />');
    expect(html).not.toMatch(/<script|<link rel="stylesheet"|src=|https?:\/\//i);
    expect(html).not.toMatch(/\{[\w.]+\}/); // no slot left unfilled
    // The CSP allows exactly that style, and no script at all.
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const hash = createHash('sha256').update(style).digest('base64');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain(`style-src 'sha256-${hash}'`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
  });

  it('shows the provider, terms and network the city set, every character escaped', async () => {
    const { app, setContent } = await startPortal();
    setContent(
      baseContent({
        version: 2,
        ssid: 'Blitar "Gratis"',
        provider: { id: `Dinas Kominfo ${SCRIPT}`, en: 'Communications & Informatics Office' },
        terms: {
          id: `Gunakan dengan sopan.\n\n${SCRIPT}\r\nJangan unduh film bajakan.`,
          en: "Use it politely.\n\n<img src=x onerror=alert(1)>\r\nDon't download pirated films.",
        },
        policy: { sessionMinutes: 45, idleMinutes: 10, dailyMinutes: 120 },
      }),
    );
    const html = (await app.inject(from(PHONE.ip))).body;
    expect(html).not.toContain(SCRIPT);
    expect(html).not.toContain('<img');
    expect(html).toContain('Layanan gratis dari Dinas Kominfo &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('A free service of Communications &amp; Informatics Office');
    expect(html).toContain('Blitar &quot;Gratis&quot; · Alun-alun Blitar');
    // One list item per line; line n of each language together; blank lines skipped.
    expect(html).toContain(
      '<li>Gunakan dengan sopan. <span class="en" lang="en">Use it politely.</span></li>',
    );
    expect(html).toContain(
      '<li>&lt;script&gt;alert(1)&lt;/script&gt; <span class="en" lang="en">&lt;img src=x onerror=alert(1)&gt;</span></li>',
    );
    expect(html).toContain('<span class="en" lang="en">Don&#39;t download pirated films.</span></li>');
    expect(html).not.toContain('Gratis untuk semua orang');
    expect(html).toContain('Satu sesi berlaku 45 menit');
    expect(html).toContain('At most 120 minutes a day');
  });

  it('is rendered once per content version, with an ETag for revalidation', async () => {
    const { app, setContent } = await startPortal();
    const first = await app.inject(from(PHONE.ip));
    const etag = String(first.headers.etag);
    expect(first.headers['cache-control']).toBe('no-cache');
    const again = await app.inject(
      from(PHONE.ip, { url: '/index.html', headers: { 'if-none-match': etag } }),
    );
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    // Same version: the cached page, even if the object changed (the version is the contract).
    setContent(baseContent({ provider: { id: 'Tidak dipakai', en: 'Not used' } }));
    expect((await app.inject(from(PHONE.ip))).body).toBe(first.body);
    setContent(baseContent({ version: 'v2', provider: { id: 'Dinas Kominfo', en: 'Kominfo' } }));
    const changed = await app.inject(from(PHONE.ip, { headers: { 'if-none-match': etag } }));
    expect(changed.statusCode).toBe(200);
    expect(changed.body).toContain('Layanan gratis dari Dinas Kominfo');
    expect(changed.headers.etag).not.toBe(etag);
  });
});

describe('welcome page', () => {
  it('after Connect: says connected, when the session ends (WIB), the default city info with 112 and the provider', async () => {
    const { app } = await startPortal();
    await app.inject(
      from(PHONE.ip, { method: 'POST', url: '/accept', headers: FORM, payload: 'accept=yes' }),
    );
    for (const url of ['/welcome', '/welcome.html']) {
      const res = await app.inject(from(PHONE.ip, { url }));
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toContain('Anda sudah tersambung <span class="en" lang="en">You are connected</span>');
      // The clock says 12.00 WIB; the test gate gives an hour.
      expect(res.body).toContain('Sesi ini berakhir pukul 13.00 WIB.');
      expect(res.body).toContain('This session ends at 13:00 WIB.');
      expect(res.body).toMatch(/<div class="city-info"><p>[^<]*Darurat: 112\./);
      expect(res.body).toContain('Layanan gratis dari Pemerintah Kabupaten Blitar');
      expect(res.body).not.toMatch(/<script|\{[\w.]+\}/);
    }
  });

  it("shows the city's own information, escaped", async () => {
    const { app, setContent } = await startPortal();
    setContent(
      baseContent({
        version: 3,
        welcome: { id: `Selamat datang di Blitar.\n${SCRIPT}`, en: 'Welcome to Blitar.' },
      }),
    );
    await app.inject(
      from(PHONE.ip, { method: 'POST', url: '/accept', headers: FORM, payload: 'accept=yes' }),
    );
    const html = (await app.inject(from(PHONE.ip, { url: '/welcome' }))).body;
    expect(html).toContain(
      '<p>Selamat datang di Blitar. <span class="en" lang="en">Welcome to Blitar.</span></p>',
    );
    expect(html).toContain('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(html).not.toContain('Darurat: 112');
  });

  it('before Connect sends the phone to the splash instead', async () => {
    const { app } = await startPortal();
    const res = await app.inject(from(PHONE.ip, { url: '/welcome' }));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
  });
});

describe('page building blocks', () => {
  it('templates: slots are split once and filled by concatenation; other braces stay', () => {
    const t = compileTemplate('<style>a{color:red}</style>\n   <p>{a} and {b} and {c}</p><!-- note -->', [
      'a',
      'b',
    ]);
    expect(t).toEqual(['<style>a{color:red}</style>\n<p>', 'a', ' and ', 'b', ' and {c}</p>']);
    const half = fillTemplate(t, { a: '1' });
    expect(half).toEqual(['<style>a{color:red}</style>\n<p>1 and ', 'b', ' and {c}</p>']);
    expect(renderTemplate(half, { b: '{a}' })).toBe('<style>a{color:red}</style>\n<p>1 and {a} and {c}</p>');
    expect(() => renderTemplate(t, { a: '1' })).toThrow(/b/);
  });

  it('bilingual lines pair up by position, either language may be shorter', () => {
    expect(paragraphs({ id: 'satu\ndua\ntiga', en: 'one\n\ntwo' }, 'li')).toBe(
      '<li>satu <span class="en" lang="en">one</span></li>\n<li>dua <span class="en" lang="en">two</span></li>\n<li>tiga</li>',
    );
    expect(paragraphs({ id: '', en: 'only English' }, 'p')).toBe(
      '<p><span class="en" lang="en">only English</span></p>',
    );
  });

  it('times are WIB (UTC+7), with the day when it is not today', () => {
    const now = Date.parse('2026-03-10T05:00:00Z'); // Tuesday 12.00 WIB
    expect(wibTime(Date.parse('2026-03-10T06:30:00Z'), now)).toEqual({ id: '13.30 WIB', en: '13:30 WIB' });
    expect(wibTime(Date.parse('2026-03-10T17:00:00Z'), now)).toEqual({
      id: '00.00 WIB, Rabu, 11 Maret',
      en: '00:00 WIB, Wednesday 11 March',
    });
  });

  it('missing or stale built pages: a logged error and a one-line page, never a crash', async () => {
    const lines: string[] = [];
    const log = silentLogger();
    log.error = ((obj: unknown, msg?: string) =>
      void lines.push(`${JSON.stringify(obj)} ${msg}`)) as typeof log.error;
    const pages = PortalPages.load('/nonexistent/portal', log);
    expect(pages.built).toBe(false);
    expect(lines.join('\n')).toMatch(/run npm run build/);
    expect(pages.splash(baseContent()).body.toString()).toContain('portal pages are not built');
    expect(PortalPages.load(await portalPages(), log).built).toBe(true);
  });
});

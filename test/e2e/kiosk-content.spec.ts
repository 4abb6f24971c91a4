import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { encodePng } from '../../agent/sim/png.js';
import { expect, kioskTest as test } from './fixtures.js';
import { type OwnPole, ownPole, SIM_DEVICE } from './own-pole.js';
import { horizontalOverflow } from './page-metrics.js';
import { saveScreenshot } from './screens.js';

// Page-side callbacks run in the browser; these files are type-checked without the DOM library.
declare const window: { __pwned?: number };

/** A flat-colour PNG of any size (a wide one compresses to almost nothing). */
function png(width: number, height: number): Buffer {
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < rgb.length; i += 3) {
    rgb[i] = 40;
    rgb[i + 1] = 120 + ((i / 3) % width) / (width / 100);
    rgb[i + 2] = 200;
  }
  return encodePng(width, height, rgb);
}

const longWord = 'Kecamatan'.repeat(17); // 153 letters, no place to break (titles allow 160)
const longBody = `${'Pelayanan administrasi kependudukan dilayani setiap hari kerja. '.repeat(55)}${longWord}`;

/** Control-room content written carelessly, or by an attacker: the kiosk must cope with all of it. */
function hostileKiosk() {
  return {
    tiles: [
      { id: 'satu', page: 'satu', icon: 'info', title: { id: 'Hanya Indonesia' } },
      { id: 'html', page: 'html', icon: 'no-such-icon', title: { en: '<b>Only English</b>' } },
      {
        id: 'panjang',
        page: 'panjang',
        icon: 'services',
        title: { id: `Judul ${'sangat '.repeat(20)}panjang` },
      },
      { id: 'peta', page: 'peta', title: { id: 'Peta', en: 'Map' } },
      { id: 'gambar', page: 'gambar', icon: 'travel', title: { id: 'Gambar', en: 'Pictures' } },
    ],
    pages: [
      {
        id: 'satu',
        title: { id: 'Hanya Indonesia' },
        sections: [{ body: { id: 'Teks ini hanya ada dalam bahasa Indonesia.' } }],
      },
      {
        id: 'html',
        title: { en: '<i>Markup</i>' },
        sections: [
          {
            heading: { en: '<script>window.__pwned = 1</script>' },
            body: {
              id: '<img src=x onerror="window.__pwned = 2">',
              en: '<img src=x onerror="window.__pwned = 3">',
            },
          },
        ],
      },
      {
        id: 'panjang',
        title: { id: 'Teks panjang' },
        sections: [{ heading: { id: longWord }, body: { id: longBody } }],
      },
      // A page type from a newer control room.
      {
        id: 'peta',
        type: 'map',
        title: { id: 'Peta', en: 'Map' },
        layers: [{ url: 'https://example.invalid/tiles' }],
      },
      {
        id: 'gambar',
        type: 'places',
        title: { id: 'Gambar', en: 'Pictures' },
        places: [
          {
            name: { id: 'Gambar biasa' },
            body: { id: 'Gambar ukuran wajar.' },
            image: { content: 'gambar-ok', alt: { id: 'Pemandangan' } },
          },
          {
            name: { id: 'Gambar raksasa' },
            body: { id: 'Gambar terlalu besar untuk Pi.' },
            image: { content: 'gambar-raksasa' },
          },
        ],
      },
    ],
    contacts: [{ name: { en: 'Emergency' }, phone: '112' }],
    ticker: [{ en: '<marquee>English only ticker</marquee>' }],
  };
}

test.describe('kiosk content from the control room, bad and hostile', () => {
  let pole: OwnPole;
  let server: Server;
  let files: Record<string, Buffer>;

  test.beforeEach(async () => {
    files = { '/ok.png': png(640, 400), '/raksasa.png': png(5000, 200) };
    server = createServer((req, res) => {
      const body = files[req.url ?? ''];
      if (!body) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': body.length }).end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    pole = await ownPole();
  });
  test.afterEach(async ({ page }) => {
    // The page first: a kiosk that sees its agent stop reports the refused reconnects.
    await page.close();
    await pole.dispose();
    server.close();
  });

  const item = (id: string, file: string) => {
    const body = files[file]!;
    const { port } = server.address() as AddressInfo;
    return {
      id,
      sha256: createHash('sha256').update(body).digest('hex'),
      bytes: body.length,
      url: `http://127.0.0.1:${port}${file}`,
      mime: 'image/png',
      title: { id, en: id },
    };
  };

  test('missing translations, HTML, long texts, an unknown page type and an oversized image', async ({
    page,
  }, testInfo) => {
    const cr = pole.controlRoom;
    const doc = {
      version: 2,
      content: [item('gambar-ok', '/ok.png'), item('gambar-raksasa', '/raksasa.png')],
      schedule: [],
      kiosk: hostileKiosk(),
      hotspot: { enabled: true, ssid: 'Blitar-WiFi-Gratis' },
    };
    await cr.send(`${SIM_DEVICE}/desired`, cr.payload('desired', doc, { target: SIM_DEVICE }), true);
    // Both images downloaded and measured by the agent: one usable, one refused with the reason.
    await expect
      .poll(async () => (await (await page.request.get(`${pole.agent.baseUrl}/api/kiosk`)).json()).images, {
        timeout: 20_000,
      })
      .toMatchObject({
        'gambar-ok': { width: 640, height: 400 },
        'gambar-raksasa': { problem: expect.stringContaining('4096') },
      });

    await page.goto(`${pole.agent.baseUrl}/kiosk/`);
    const titles = page.locator('.tile-title');
    await expect(titles).toHaveText([
      'Hanya Indonesia',
      '<b>Only English</b>',
      /^Judul sangat/,
      'Peta',
      'Gambar',
    ]);
    // English side missing: the Indonesian text, never a key or a blank.
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect(titles.first()).toHaveText('Hanya Indonesia');
    await expect(page.locator('.ticker-text')).toHaveText('<marquee>English only ticker</marquee>');
    await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click();
    await expect(page.locator('.ticker-text')).toHaveText('<marquee>English only ticker</marquee>');
    await expect(page.locator('body')).not.toContainText(/kiosk\.[a-z]+/);

    // HTML is text: shown literally, never parsed, never run.
    await page.locator('[data-tile="html"]').click();
    await expect(page.locator('.page-title')).toHaveText('<i>Markup</i>');
    await expect(page.locator('.page-section p')).toHaveText('<img src=x onerror="window.__pwned = 2">');
    await expect(page.locator('.page-section h2')).toHaveText('<script>window.__pwned = 1</script>');
    await expect(page.locator('.page-body img, .page-body script, .page-body i')).toHaveCount(0);
    expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
    await page.locator('.back-button').click();

    // Long text wraps, even a word longer than the screen: never sideways scrolling.
    for (const [w, h] of [
      [800, 480],
      [1080, 1920],
    ] as const) {
      await page.setViewportSize({ width: w, height: h });
      await expect(page.locator('[data-tile="panjang"]')).toBeInViewport();
      await page.locator('[data-tile="panjang"]').click();
      await expect(page.locator('.page-section p')).toContainText('Kecamatan');
      const o = await horizontalOverflow(page);
      expect(o.scrollWidth, `long text at ${w}×${h}`).toBeLessThanOrEqual(o.innerWidth);
      await saveScreenshot(page, testInfo, `kiosk-long-text-${w}x${h}`);
      await page.locator('.back-button').click();
    }

    // A page type this build does not know: a polite note, the kiosk carries on.
    await page.locator('[data-tile="peta"]').click();
    await expect(page.locator('.page-body')).toHaveText('Halaman ini tidak dapat ditampilkan di layar ini.');
    await page.locator('.back-button').click();

    // The usable picture is shown; the oversized one is left out, not shown broken.
    await page.locator('[data-tile="gambar"]').click();
    const pictures = page.locator('img.picture');
    await expect(pictures).toHaveCount(1);
    await expect(pictures).toHaveAttribute('alt', 'Pemandangan');
    await expect
      .poll(() =>
        pictures.evaluate(
          (img: { complete: boolean; naturalWidth: number }) => img.complete && img.naturalWidth,
        ),
      )
      .toBe(640);
    await expect(page.getByRole('heading', { name: 'Gambar raksasa' })).toBeVisible();
  });

  test('a kiosk section with a text over the limit is refused whole, naming the field; the kiosk keeps what it had', async ({
    page,
  }) => {
    const cr = pole.controlRoom;
    const kiosk = hostileKiosk();
    kiosk.pages[0]!.sections![0]!.body = { id: 'x'.repeat(4001) };
    const p = cr.payload('desired', { version: 2, kiosk }, { target: SIM_DEVICE });
    await cr.send(`${SIM_DEVICE}/desired`, p, true);
    const refusal = await cr.waitFor(() =>
      cr.events(SIM_DEVICE, 'rejected').find((e) => (e.data as { id?: string }).id === p.id),
    );
    expect((refusal.data as { reason: string }).reason).toMatch(/kiosk\.pages\.0\.sections\.0\.body/);
    expect((refusal.data as { reason: string }).reason).toMatch(/4000/);
    const now = await (await page.request.get(`${pole.agent.baseUrl}/api/kiosk`)).json();
    expect(now.desiredVersion).toBe(1);
    await page.goto(`${pole.agent.baseUrl}/kiosk/`);
    await expect(page.locator('[data-tile="wisata"]')).toBeVisible();
  });
});

import type { Locator, Page } from '@playwright/test';
import { expect, loginByRequest, practiceFault, kioskTest as test, waitForAirReading } from './fixtures.js';
import { horizontalOverflow } from './page-metrics.js';
import { saveScreenshot } from './screens.js';

interface AirDoc {
  available: boolean;
  status: string;
  cause: string | null;
  reading: { at: number; pm25: number; pm10: number } | null;
  ispu: {
    index: number;
    key: string;
    name: { id: string; en: string };
    colour: string;
    advice: { id: string; en: string };
  } | null;
}

async function readAir(page: Page, baseUrl: string): Promise<AirDoc> {
  return (await (await page.request.get(`${baseUrl}/api/air`)).json()) as AirDoc;
}

/**
 * Put the sensor back after a test that unplugged it, and wait for a reading. Only when it
 * is still unplugged: a second replug of a plugged simulated sensor leaves it unable to read.
 */
async function replugIfUnplugged(page: Page, baseUrl: string): Promise<void> {
  if ((await readAir(page, baseUrl)).status === 'unplugged') {
    const res = await page.request.post(`${baseUrl}/api/admin/sim/fault`, {
      data: { fault: 'sensor-replug' },
    });
    expect(res.status()).toBe(204);
  }
  await waitForAirReading(baseUrl);
}

/** '#1f6fd1' → 'rgb(31, 111, 209)', as getComputedStyle reports it. */
function rgb(hex: string): string {
  const n = (i: number) => Number.parseInt(hex.slice(i, i + 2), 16);
  return `rgb(${n(1)}, ${n(3)}, ${n(5)})`;
}

function luminance([r, g, b]: number[]): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r ?? 0) + 0.7152 * lin(g ?? 0) + 0.0722 * lin(b ?? 0);
}

/** WCAG contrast of two computed `rgb(...)` colours. */
function contrast(a: string, b: string): number {
  const parse = (c: string) => (c.match(/\d+/g) ?? []).slice(0, 3).map(Number);
  const [hi, lo] = [luminance(parse(a)), luminance(parse(b))].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

async function colours(band: Locator): Promise<{ background: string; text: string }> {
  return {
    background: await band.evaluate((el) => getComputedStyle(el).backgroundColor),
    text: await band.evaluate((el) => getComputedStyle(el).color),
  };
}

// These page-side callbacks run in the browser; the file is type-checked without the DOM library.
declare function getComputedStyle(el: unknown): { backgroundColor: string; color: string };

test.describe('kiosk live data', () => {
  test('the air tile shows the ISPU category, colour and PM2.5 from /api/air; its page gives the advice', async ({
    page,
    agent,
  }, testInfo) => {
    await page.setViewportSize({ width: 1080, height: 1920 });
    await page.goto(`${agent.baseUrl}/kiosk/`);
    const tile = page.locator('[data-tile="udara"]');
    const band = tile.locator('.air-band');
    await expect(tile).toBeVisible();

    // The sensor reads every second or two: compare with the document of the same moment.
    await expect(async () => {
      const air = await readAir(page, agent.baseUrl);
      expect(air.available).toBe(true);
      await expect(band).toHaveText(air.ispu!.name.id, { timeout: 500 });
      await expect(band).toHaveAttribute('data-ispu', air.ispu!.key, { timeout: 500 });
      expect((await colours(band)).background).toBe(rgb(air.ispu!.colour));
    }).toPass({ timeout: 15_000 });
    const { background, text } = await colours(band);
    expect(contrast(background, text)).toBeGreaterThanOrEqual(4.5);
    // Indonesian decimal comma.
    await expect(tile.locator('.air-pm')).toHaveText(/^PM2\.5: \d+,\d µg\/m³$/);
    await saveScreenshot(page, testInfo, 'kiosk-home-air-1080x1920');

    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect(tile.locator('.tile-title')).toHaveText('Air Quality');
    await expect(tile.locator('.air-pm')).toHaveText(/^PM2\.5: \d+\.\d µg\/m³$/);
    await expect(async () => {
      const air = await readAir(page, agent.baseUrl);
      await expect(band).toHaveText(air.ispu!.name.en, { timeout: 500 });
    }).toPass({ timeout: 10_000 });

    await tile.click();
    const now = page.locator('.air-now');
    await expect(now).toBeVisible();
    await expect(now.getByRole('heading')).toHaveText('Air quality now');
    await expect(async () => {
      const air = await readAir(page, agent.baseUrl);
      await expect(now.locator('.air-advice')).toHaveText(air.ispu!.advice.en, { timeout: 500 });
    }).toPass({ timeout: 10_000 });
    await expect(now.locator('.air-at')).toHaveText(/^Measured at \d{2}:\d{2}$/);
    // The control room's own text about the sensor follows.
    await expect(page.getByRole('heading', { name: 'Pole sensor' })).toBeVisible();
    const overflow = await horizontalOverflow(page);
    expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.innerWidth);

    await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click();
    await expect(now.getByRole('heading')).toHaveText('Kualitas udara sekarang');
    await expect(async () => {
      const air = await readAir(page, agent.baseUrl);
      await expect(now.locator('.air-advice')).toHaveText(air.ispu!.advice.id, { timeout: 500 });
    }).toPass({ timeout: 10_000 });
    await saveScreenshot(page, testInfo, 'kiosk-air-page-1080x1920');
  });

  test('the air tile goes away while the sensor is unplugged and comes back after replug, without a reload', async ({
    page,
    agent,
  }) => {
    test.setTimeout(60_000);
    await loginByRequest(page, agent);
    await page.goto(`${agent.baseUrl}/kiosk/`);
    const tile = page.locator('[data-tile="udara"]');
    await expect(tile.locator('.air-band')).toHaveText(/\S/);
    let loads = 0;
    page.on('load', () => {
      loads += 1;
    });

    try {
      await practiceFault(page, agent, 'sensor-unplug');
      await expect(tile).toHaveCount(0, { timeout: 10_000 });
      // The rest of the kiosk stays as it was.
      await expect(page.locator('.tile')).toHaveCount(6);
      const air = await readAir(page, agent.baseUrl);
      expect(air.available).toBe(false);
      expect(air.status).toBe('unplugged');

      await practiceFault(page, agent, 'sensor-replug');
      await expect(tile).toBeVisible({ timeout: 20_000 });
      await expect(tile.locator('.air-band')).toHaveText(/\S/);
      await expect(page.locator('.tile')).toHaveCount(7);
      expect(loads).toBe(0);
    } finally {
      // The worker's other tests expect a working sensor.
      await replugIfUnplugged(page, agent.baseUrl);
    }
  });

  test('on the air page, an unplugged sensor says the data is not available', async ({ page, agent }) => {
    test.setTimeout(60_000);
    await loginByRequest(page, agent);
    await page.goto(`${agent.baseUrl}/kiosk/`);
    await page.locator('[data-tile="udara"]').click();
    const now = page.locator('.air-now');
    await expect(now.locator('.air-band')).toBeVisible();
    try {
      await practiceFault(page, agent, 'sensor-unplug');
      await expect(now.locator('.air-now-missing')).toHaveText(
        'Data kualitas udara sedang tidak tersedia. Silakan lihat lagi nanti.',
        { timeout: 10_000 },
      );
      await expect(now.locator('.air-band')).toBeHidden();
      await practiceFault(page, agent, 'sensor-replug');
      await expect(now.locator('.air-band')).toBeVisible({ timeout: 20_000 });
      await expect(now.locator('.air-now-missing')).toBeHidden();
    } finally {
      // The worker's other tests expect a working sensor.
      await replugIfUnplugged(page, agent.baseUrl);
    }
  });

  test('every ISPU category gets a readable band in its own colour', async ({
    page,
    agent,
    problems,
  }, testInfo) => {
    // A simulator reads "Sedang" all day: the other categories are played back on the live
    // channel. The recorded stream then ends, which the page treats as a dropped connection.
    problems.allow(/api\/live/);
    const real = await readAir(page, agent.baseUrl);
    const categories = [
      { key: 'baik', colour: '#2e9e44', id: 'Baik', pm25: 9.2 },
      { key: 'sedang', colour: '#1f6fd1', id: 'Sedang', pm25: 40.3 },
      { key: 'tidak-sehat', colour: '#f2c200', id: 'Tidak Sehat', pm25: 120.4 },
      { key: 'sangat-tidak-sehat', colour: '#d62828', id: 'Sangat Tidak Sehat', pm25: 210 },
      { key: 'berbahaya', colour: '#1a1a1a', id: 'Berbahaya', pm25: 480.5 },
    ];
    await page.setViewportSize({ width: 1080, height: 1920 });
    for (const c of categories) {
      const doc: AirDoc = {
        ...real,
        available: true,
        status: 'reading',
        reading: { at: Date.now(), pm25: c.pm25, pm10: c.pm25 * 1.4 },
        ispu: {
          index: 100,
          key: c.key,
          name: { id: c.id, en: c.id },
          colour: c.colour,
          advice: { id: `Saran ${c.id}`, en: `Advice ${c.id}` },
        },
      };
      await page.unrouteAll();
      await page.route(/\/api\/live(\?.*)?$/, (route) =>
        route.fulfill({
          status: 200,
          contentType: 'text/event-stream',
          body: `retry: 60000\nevent: air\ndata: ${JSON.stringify(doc)}\n\n`,
        }),
      );
      await page.route('**/api/air', (route) => route.fulfill({ json: doc }));
      await page.goto(`${agent.baseUrl}/kiosk/`);
      const band = page.locator('[data-tile="udara"] .air-band');
      await expect(band).toHaveText(c.id);
      const { background, text } = await colours(band);
      expect(background, c.key).toBe(rgb(c.colour));
      expect(contrast(background, text), `${c.key}: ${text} on ${background}`).toBeGreaterThanOrEqual(4.5);
      if (c.key === 'tidak-sehat') expect(text).toBe('rgb(17, 17, 17)');
      if (c.key === 'berbahaya') {
        expect(text).toBe('rgb(255, 255, 255)');
        await saveScreenshot(page, testInfo, 'kiosk-home-air-berbahaya-1080x1920');
      }
      const pm = new Intl.NumberFormat('id-ID', {
        minimumFractionDigits: 1,
        maximumFractionDigits: 1,
      }).format(c.pm25);
      await expect(page.locator('[data-tile="udara"] .air-pm')).toHaveText(`PM2.5: ${pm} µg/m³`);
    }
  });

  test('a "now playing" line shows while the pole speaks, and goes away after', async ({
    page,
    quietAgent: agent,
  }, testInfo) => {
    test.setTimeout(60_000);
    await page.setViewportSize({ width: 800, height: 480 });
    await loginByRequest(page, agent);
    await page.goto(`${agent.baseUrl}/kiosk/`);
    const line = page.locator('#now-playing');
    await expect(page.locator('.tile')).toHaveCount(7);
    await expect(line).toBeHidden();

    const res = await page.request.post(`${agent.baseUrl}/api/admin/speaker/play`, {
      data: { text: 'Pengumuman percobaan dari tiang.', lang: 'id', priority: 'test' },
    });
    expect(res.status()).toBe(202);
    await expect(line).toBeVisible({ timeout: 10_000 });
    await expect(line).toHaveText('Sedang diputar: Pengumuman percobaan dari tiang.');
    // The smallest panel still shows every tile while the line is there.
    for (const tile of await page.locator('.tile').all()) await expect(tile).toBeInViewport();
    await saveScreenshot(page, testInfo, 'kiosk-now-playing-800x480');
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect(line).toHaveText('Now playing: Pengumuman percobaan dari tiang.');
    await expect(line).toBeHidden({ timeout: 30_000 });
  });
});

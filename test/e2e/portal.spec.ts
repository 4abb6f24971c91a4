import type { Response } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { horizontalOverflow } from './page-metrics.js';
import { saveScreenshot } from './screens.js';

const MAX_SPLASH_BYTES = 30 * 1024;

// A phone whose captive-portal window runs no JavaScript.
test.use({ javaScriptEnabled: false, viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });

// What the simulator's seeded desired document (deploy/sim/demo-desired.yaml) sets for the hotspot.
const DEMO_PROVIDER = 'Dinas Kominfo Kabupaten Blitar (simulasi)';
const DEMO_SSID = 'Blitar-WiFi-Gratis';

test.describe('captive portal', () => {
  test('the splash is bilingual, small and one request, with Connect on the first screen', async ({
    page,
    agent,
  }, testInfo) => {
    const seen: Response[] = [];
    page.on('response', (res) => seen.push(res));
    await page.goto(`${agent.portalUrl}/`, { waitUntil: 'networkidle' });
    const responses = await Promise.all(
      seen.map(async (r) => ({ url: r.url(), bytes: (await r.body()).length })),
    );

    await expect(page.getByRole('heading', { level: 1 })).toContainText('Wi-Fi Gratis');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Free Wi-Fi');
    await expect(page.getByText(`Layanan gratis dari ${DEMO_PROVIDER}`)).toBeVisible();
    await expect(page.locator('.where')).toContainText(DEMO_SSID);
    // The limits, in both languages (the demo sets 60-minute sessions).
    const limits = page.locator('#limits-title + ul');
    await expect(limits).toContainText('Satu sesi berlaku 60 menit');
    await expect(limits).toContainText('A session lasts 60 minutes');
    await expect(limits).toContainText('tidak dipakai selama');
    await expect(limits).toContainText('minutes a day for each device');
    // The city's terms, as a list.
    await expect(page.locator('#terms-title + ul li').first()).toContainText(
      'Layanan ini gratis untuk umum.',
    );
    // On a small phone the button shows without scrolling.
    await expect(page.getByRole('button', { name: /Sambungkan.*Connect/ })).toBeInViewport();

    // One request gets the whole page: the stylesheet is inline (allowed by its CSP hash).
    const total = responses.reduce((sum, r) => sum + r.bytes, 0);
    expect(responses.map((r) => r.url)).toEqual([`${agent.portalUrl}/`]);
    expect(total, responses.map((r) => `${r.url} ${r.bytes}`).join('\n')).toBeLessThanOrEqual(
      MAX_SPLASH_BYTES,
    );
    expect(await page.locator('style').count()).toBe(1);
    expect(await page.locator('link[rel="stylesheet"], script, img').count()).toBe(0);

    await saveScreenshot(page, testInfo, 'portal-splash-360x640');
  });

  test('pressing Connect lands on the welcome page, with JavaScript off', async ({
    page,
    agent,
  }, testInfo) => {
    await page.goto(`${agent.portalUrl}/`);
    await page.getByRole('button', { name: /Sambungkan/ }).click();
    await expect(page).toHaveURL(`${agent.portalUrl}/welcome`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Anda sudah tersambung');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('You are connected');
    // When the session ends, in WIB.
    await expect(page.locator('.ends')).toContainText(/Sesi ini berakhir pukul \d\d\.\d\d WIB/);
    await expect(page.locator('.ends')).toContainText(/This session ends at \d\d:\d\d WIB/);
    // The demo sets no city information: the default, with the emergency number.
    await expect(page.locator('.city-info')).toContainText('112');
    await expect(page.getByText(`Layanan gratis dari ${DEMO_PROVIDER}`)).toBeVisible();
    await saveScreenshot(page, testInfo, 'portal-welcome-360x640');

    // The old address of the landing page still works.
    await page.goto(`${agent.portalUrl}/welcome.html`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Anda sudah tersambung');
  });

  test('the RFC 8908 API says the browser (this laptop) is no longer captive after Connect', async ({
    page,
    agent,
  }) => {
    await page.goto(`${agent.portalUrl}/`);
    await page.getByRole('button', { name: /Sambungkan/ }).click();
    await expect(page).toHaveURL(`${agent.portalUrl}/welcome`);
    const res = await page.request.get(`${agent.portalUrl}/captive-portal/api`);
    expect(res.headers()['content-type']).toMatch(/^application\/captive\+json/);
    const doc = (await res.json()) as Record<string, unknown>;
    expect(doc).toMatchObject({ captive: false, 'user-portal-url': `${agent.portalUrl}/` });
    expect(doc['seconds-remaining']).toBeGreaterThan(0);
    expect(doc['seconds-remaining']).toBeLessThanOrEqual(60 * 60);
  });
});

test.describe('captive portal layout', () => {
  // Measuring needs script in the test's hands; the pages themselves still run none.
  test.use({ javaScriptEnabled: true });

  for (const file of ['/', '/welcome']) {
    test(`${file} has no sideways scrolling at 360×640`, async ({ page, agent }) => {
      await page.goto(`${agent.portalUrl}/`);
      if (file !== '/') {
        // The landing page is for clients that pressed Connect.
        await page.getByRole('button', { name: /Sambungkan/ }).click();
        await expect(page).toHaveURL(`${agent.portalUrl}${file}`);
      }
      const { scrollWidth, innerWidth } = await horizontalOverflow(page);
      expect(innerWidth).toBe(360);
      expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
      expect(await page.locator('script').count()).toBe(0);
    });
  }
});

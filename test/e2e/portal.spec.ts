import type { Response } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { horizontalOverflow } from './page-metrics.js';
import { saveScreenshot } from './screens.js';

const MAX_SPLASH_BYTES = 30 * 1024;

// A phone whose captive-portal window runs no JavaScript.
test.use({ javaScriptEnabled: false, viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });

test.describe('captive portal', () => {
  test('the splash is bilingual, small and self-contained, with Connect on the first screen', async ({
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
    await expect(page.getByText('Layanan gratis dari Pemerintah Kabupaten Blitar')).toBeVisible();
    await expect(page.getByText('Satu sesi berlaku 60 menit', { exact: false })).toBeVisible();
    await expect(page.getByText('A session lasts 60 minutes', { exact: false })).toBeVisible();
    // On a small phone the button shows without scrolling.
    await expect(page.getByRole('button', { name: /Sambungkan.*Connect/ })).toBeInViewport();

    const total = responses.reduce((sum, r) => sum + r.bytes, 0);
    expect(responses.length).toBeGreaterThan(0);
    expect(total, responses.map((r) => `${r.url} ${r.bytes}`).join('\n')).toBeLessThanOrEqual(
      MAX_SPLASH_BYTES,
    );
    for (const r of responses) expect(r.url.startsWith(agent.portalUrl), r.url).toBe(true);

    await saveScreenshot(page, testInfo, 'portal-splash-360x640');
  });

  test('pressing Connect lands on the welcome page, with JavaScript off', async ({
    page,
    agent,
  }, testInfo) => {
    await page.goto(`${agent.portalUrl}/`);
    await page.getByRole('button', { name: /Sambungkan/ }).click();
    await expect(page).toHaveURL(`${agent.portalUrl}/welcome.html`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Anda sudah tersambung');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('You are connected');
    await expect(page.locator('.city-info')).toContainText('112');
    await saveScreenshot(page, testInfo, 'portal-welcome-360x640');
  });
});

test.describe('captive portal layout', () => {
  // Measuring needs script in the test's hands; the pages themselves still run none.
  test.use({ javaScriptEnabled: true });

  for (const file of ['/', '/welcome.html']) {
    test(`${file} has no sideways scrolling at 360×640`, async ({ page, agent }) => {
      await page.goto(`${agent.portalUrl}${file}`);
      const { scrollWidth, innerWidth } = await horizontalOverflow(page);
      expect(innerWidth).toBe(360);
      expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
      expect(await page.locator('script').count()).toBe(0);
    });
  }
});

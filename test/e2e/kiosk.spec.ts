import { rmSync } from 'node:fs';
import { startAgent } from '../helpers/agent-process.js';
import { expect, kioskTest as test, waitForAirReading } from './fixtures.js';
import { horizontalOverflow, selectedText, smallestSides, verticalOverflow } from './page-metrics.js';
import { saveScreenshot } from './screens.js';

// The demo content the simulator seeds (deploy/sim/demo-desired.yaml). The air tile
// is there once the simulated sensor has read: the worker's agent fixture waits for that.
const tiles = [
  { id: 'layanan', title: 'Layanan Publik', en: 'Public Services', type: 'services' },
  { id: 'wisata', title: 'Wisata', en: 'Tourism', type: 'places' },
  { id: 'agenda', title: 'Agenda Kota', en: 'City Agenda', type: 'agenda' },
  { id: 'darurat', title: 'Nomor Penting', en: 'Important Numbers', type: 'contacts' },
  { id: 'wifi', title: 'Wi-Fi Gratis', en: 'Free Wi-Fi', type: 'wifi' },
  { id: 'udara', title: 'Kualitas Udara', en: 'Air Quality', type: 'air' },
  { id: 'siaran', title: 'Siaran Tiang', en: 'Pole Speaker', type: 'speaker' },
] as const;
const tilesId = tiles.map((t) => t.title);
const tilesEn = tiles.map((t) => t.en);

test.describe('kiosk', () => {
  test('shows the seeded tiles in Indonesian and switches to English with one tap', async ({
    page,
    agent,
  }) => {
    await page.goto(`${agent.baseUrl}/kiosk/`);
    const tiles = page.locator('.tile-title');
    await expect(tiles).toHaveText(tilesId);
    await expect(page.locator('html')).toHaveAttribute('lang', 'id');
    await expect(page.locator('#pole-name')).toHaveText('Alun-alun Blitar (simulator)');
    await expect(page.locator('#clock')).toHaveText(/^\d{2}[.:]\d{2} WIB$/);
    await expect(page.locator('.ticker')).toContainText('Kabupaten Blitar');
    await expect(page.locator('.contacts')).toContainText('112');

    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect(tiles).toHaveText(tilesEn);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.locator('.ticker')).toContainText('Blitar Regency');
    await expect(page.locator('.home-title')).toHaveText('Welcome');

    await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click();
    await expect(tiles).toHaveText(tilesId);
  });

  test('opens a tile page in the current language and comes back', async ({ page, agent }) => {
    await page.goto(`${agent.baseUrl}/kiosk/`);
    await page.getByRole('button', { name: 'Wisata' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Wisata Blitar');
    await expect(page.getByRole('heading', { name: 'Candi Penataran' })).toBeVisible();
    await expect(page.locator('.tile')).toHaveCount(0);

    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Visiting Blitar');
    await expect(page.getByRole('heading', { name: 'Penataran Temple' })).toBeVisible();

    await page.getByRole('button', { name: 'Back' }).click();
    await expect(page.locator('.tile-title')).toHaveText(tilesEn);
  });

  test('returns home in Indonesian after the idle timeout, not before', async ({ page, agent }, testInfo) => {
    // Four seconds: room for a slow machine between the tap and the check a second later.
    await page.goto(`${agent.baseUrl}/kiosk/?idle=4`);
    await page.getByRole('button', { name: 'Switch to English' }).click();
    // The tap that opens the page is the last activity: the timer counts from it.
    const tappedAt = Date.now();
    await page.getByRole('button', { name: 'Important Numbers' }).click();
    await expect(page.locator('.contacts-page')).toContainText('112');

    // Still there a second later.
    await page.waitForTimeout(1000);
    await expect(page.locator('.page-view')).toBeVisible();

    // Home in Indonesian under the attract screen, which a touch anywhere takes away.
    const attract = page.getByTestId('attract');
    await expect(attract).toBeVisible({ timeout: 6000 });
    expect(Date.now() - tappedAt).toBeGreaterThanOrEqual(4000);
    await expect(page.locator('html')).toHaveAttribute('lang', 'id');
    await expect(attract).toContainText('Sentuh layar untuk mulai');
    await expect(attract).toContainText('Touch the screen to start');
    await saveScreenshot(page, testInfo, 'kiosk-attract');
    await expect(page.locator('.tile-title')).toHaveText(tilesId);
    // The waking touch only wakes: it must not open the tile that lies beneath it.
    const box = (await page.locator('[data-tile="wisata"]').boundingBox())!;
    await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
    await expect(attract).toBeHidden();
    await expect(page.locator('.page-view')).toHaveCount(0);
    await page.getByRole('button', { name: 'Wisata' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Wisata Blitar');
  });

  test('keeps its content and shows the offline mark while the agent is down, and clears it on return', async ({
    page,
    problems,
  }) => {
    // Its own agent: this test stops it.
    const first = await startAgent();
    const port = new URL(first.baseUrl).port;
    const portalPort = new URL(first.portalUrl).port;
    let second: Awaited<ReturnType<typeof startAgent>> | undefined;
    // The browser reports each refused reconnect as a console error: expected here.
    problems.allow(/ERR_CONNECTION_REFUSED|Failed to load resource/);
    try {
      await waitForAirReading(first.baseUrl);
      await page.goto(`${first.baseUrl}/kiosk/`);
      await expect(page.locator('.tile-title')).toHaveText(tilesId);
      await expect(page.getByTestId('offline')).toBeHidden();

      await first.stop();
      await expect(page.getByTestId('offline')).toBeVisible({ timeout: 8000 });
      await expect(page.getByTestId('offline')).toHaveText('Luring');
      await expect(page.locator('.tile-title')).toHaveText(tilesId);
      // Still usable: pages open from the content already loaded.
      await page.getByRole('button', { name: 'Agenda Kota' }).click();
      await expect(page.getByRole('heading', { name: 'Car Free Day' })).toBeVisible();

      // Same data folder and ports: the page reconnects by itself.
      second = await startAgent({
        dataDir: first.dataDir,
        env: { TIANG_HTTP_PORT: port, TIANG_PORTAL_PORT: portalPort },
      });
      expect(second.baseUrl).toBe(first.baseUrl);
      await expect(page.getByTestId('offline')).toBeHidden({ timeout: 15_000 });
      await expect(page.getByRole('heading', { name: 'Car Free Day' })).toBeVisible();
    } finally {
      await second?.stop();
      await first.stop();
      rmSync(first.dataDir, { recursive: true, force: true });
    }
  });

  test('blocks text selection, the long-press menu and zoom', async ({ page, agent }) => {
    await page.goto(`${agent.baseUrl}/kiosk/`);
    await expect(page.locator('.tile')).toHaveCount(tilesId.length);
    await expect(page.locator('meta[name=viewport]')).toHaveAttribute('content', /user-scalable=no/);
    await expect(page.locator('body')).toHaveCSS('user-select', 'none');
    await expect(page.locator('body')).toHaveCSS('touch-action', 'pan-y');

    await page.locator('.home-title').dblclick();
    expect(await selectedText(page)).toBe('');

    const menuPrevented = await page.evaluate<boolean>(`(() => {
      const ev = new MouseEvent('contextmenu', { bubbles: true, cancelable: true });
      document.querySelector('.tile').dispatchEvent(ev);
      return ev.defaultPrevented;
    })()`);
    expect(menuPrevented).toBe(true);
  });

  for (const [width, height] of [
    [1080, 1920],
    [1920, 1080],
    [1280, 800],
    [800, 480],
  ] as const) {
    test(`fits ${width}×${height} without sideways scrolling, with big targets`, async ({
      page,
      agent,
    }, testInfo) => {
      await page.setViewportSize({ width, height });
      await page.goto(`${agent.baseUrl}/kiosk/`);
      await expect(page.locator('.tile')).toHaveCount(tilesId.length);
      await expect(page.locator('.ticker')).toBeVisible();

      for (const side of await smallestSides(page.locator('.tile, .lang-toggle, .option-toggle'))) {
        expect(side).toBeGreaterThanOrEqual(64);
      }
      const home = await horizontalOverflow(page);
      expect(home.scrollWidth).toBeLessThanOrEqual(home.innerWidth);
      // Every tile is on screen without scrolling, and so are the numbers below them.
      for (const tile of await page.locator('.tile').all()) await expect(tile).toBeInViewport();
      await expect(page.locator('[data-tile="udara"] .air-band')).toBeVisible();
      expect(await verticalOverflow(page.locator('#main'))).toBe(0);
      await saveScreenshot(page, testInfo, `kiosk-home-${width}x${height}`);

      // Every tile opens its page: title, a Back and a Listen button a finger can hit, nothing sideways.
      for (const tile of tiles) {
        await page.locator(`[data-tile="${tile.id}"]`).click();
        const view = page.locator('.page-view');
        await expect(view).toHaveAttribute('data-page', tile.id);
        await expect(view).toHaveAttribute('data-type', tile.type);
        await expect(page.locator('.page-title')).not.toBeEmpty();
        await expect(page.locator('.page-body')).not.toBeEmpty();
        for (const side of await smallestSides(page.locator('.back-button, .listen-button'))) {
          expect(side).toBeGreaterThanOrEqual(64);
        }
        const onPage = await horizontalOverflow(page);
        expect(onPage.scrollWidth, `${tile.id} at ${width}×${height}`).toBeLessThanOrEqual(onPage.innerWidth);
        await saveScreenshot(page, testInfo, `kiosk-${tile.id}-${width}x${height}`);
        await page.getByRole('button', { name: 'Kembali' }).click();
        await expect(page.locator('.tile')).toHaveCount(tilesId.length);
      }
      await page.locator('[data-tile="layanan"]').click();

      // English words are longer ("Bahasa Indonesia" on the toggle): still no sideways scrolling.
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await page.getByRole('button', { name: 'Back' }).click();
      await expect(page.locator('.tile-title')).toHaveText(tilesEn);
      const english = await horizontalOverflow(page);
      expect(english.scrollWidth).toBeLessThanOrEqual(english.innerWidth);
      for (const tile of await page.locator('.tile').all()) await expect(tile).toBeInViewport();
    });
  }
});

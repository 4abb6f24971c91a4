import { keludAlert, keludCancel } from '../helpers/cap.js';
import { expect, test } from './fixtures.js';
import { type OwnPole, ownPole } from './own-pole.js';
import { saveScreenshot } from './screens.js';

// The page-side callback runs in the browser; these files are type-checked without the DOM library.
declare function getComputedStyle(el: unknown): { backgroundColor: string };
declare const window: { alertCalls?: boolean[] };

test.describe('kiosk emergency takeover', () => {
  let pole: OwnPole;
  test.beforeEach(async () => {
    pole = await ownPole();
  });
  test.afterEach(async ({ page }) => {
    // The page first: a kiosk that sees its agent stop reports the refused reconnects.
    await page.close();
    await pole.dispose();
  });

  test('an exercise alert from the control room fills the screen, cannot be touched away, and ends with its Cancel', async ({
    page,
  }, testInfo) => {
    // In the Electron shell: the page tells it an alert is on screen (never reload or blank under it).
    await page.addInitScript({
      content: `window.tiangShell = { shell: 'electron', touched() {}, alert(on) { (window.alertCalls ||= []).push(on); } };`,
    });
    await page.setViewportSize({ width: 1080, height: 1920 });
    await page.goto(`${pole.agent.baseUrl}/kiosk/`);
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('button', { name: 'Tourism' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Visiting Blitar');

    const sent = Date.now();
    const cr = pole.controlRoom;
    await cr.send('alert', cr.payload('alert', { cap: keludAlert({ identifier: 'kelud-e2e', sent }) }));

    const takeover = page.getByRole('alertdialog');
    await expect(takeover).toBeVisible();
    await expect(takeover.locator('#alert-headline')).toContainText('Waspada Gunung Kelud');
    await expect(takeover.locator('#alert-headline')).toContainText('Mount Kelud alert');
    await expect(takeover).toContainText('Jauhi radius 10 km dari kawah');
    await expect(takeover).toContainText('Stay 10 km away from the crater');
    await expect(takeover.getByTestId('alert-exercise')).toContainText('LATIHAN / EXERCISE');
    await expect(takeover.locator('.alert-area')).toHaveText('Kecamatan Nglegok, Kecamatan Gandusari');
    await expect(takeover.locator('.alert-expires')).toHaveText(/\d{2}[.:]\d{2} WIB$/);
    await expect(takeover).toHaveAttribute('data-severity', 'Severe');
    await saveScreenshot(page, testInfo, 'kiosk-alert-exercise-1080x1920');

    expect(await page.evaluate(() => window.alertCalls)).toEqual([true]);

    // Touches anywhere, a swipe, Escape: it stays, and nothing beneath reacts.
    for (const [x, y] of [
      [20, 20],
      [540, 960],
      [1060, 1900],
    ] as const) {
      await page.touchscreen.tap(x, y);
    }
    await page.keyboard.press('Escape');
    await expect(takeover).toBeVisible();
    // Everything beneath is inert: no touch, click or key reaches it.
    await expect(page.locator('.kiosk')).toHaveAttribute('inert', '');
    await expect(page.locator('.page-title')).toHaveText('Visiting Blitar');

    await cr.send(
      'alert',
      cr.payload('alert', { cap: keludCancel('kelud-e2e-cancel', { identifier: 'kelud-e2e', sent }) }),
    );
    await expect(takeover).toBeHidden();
    // Preact 11 runs an unmounted component's effect cleanup after the next paint, not with the DOM change.
    await expect.poll(() => page.evaluate(() => window.alertCalls)).toEqual([true, false]);
    // The visitor's page is where it was, and works again.
    await page.getByRole('button', { name: 'Back' }).click();
    await expect(page.locator('.tile').first()).toBeVisible();
  });

  test('a real (Actual) extreme alert has no exercise banner, is coloured by its severity, and leaves by itself when it expires', async ({
    page,
  }, testInfo) => {
    await page.setViewportSize({ width: 800, height: 480 });
    await page.goto(`${pole.agent.baseUrl}/kiosk/`);
    await expect(page.locator('.tile').first()).toBeVisible();

    const sent = Date.now();
    const cr = pole.controlRoom;
    const cap = keludAlert({
      identifier: 'kelud-expiry',
      sent,
      expires: sent + 8000,
      status: 'Actual',
      severity: 'Extreme',
    });
    await cr.send('alert', cr.payload('alert', { cap }));

    const takeover = page.getByRole('alertdialog');
    await expect(takeover).toBeVisible();
    await expect(takeover).toHaveAttribute('data-severity', 'Extreme');
    await expect(takeover.getByTestId('alert-exercise')).toHaveCount(0);
    expect(await takeover.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(179, 0, 27)');
    await saveScreenshot(page, testInfo, 'kiosk-alert-actual-800x480');

    // No Cancel is sent: the expiry alone ends it.
    await expect(takeover).toBeHidden({ timeout: 15_000 });
    // CAP times have whole seconds.
    expect(Date.now()).toBeGreaterThanOrEqual(Math.floor((sent + 8000) / 1000) * 1000);
    await expect(page.locator('.tile').first()).toBeVisible();
  });
});

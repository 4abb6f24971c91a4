import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, loginByRequest, practiceFault, kioskTest as test } from './fixtures.js';
import { saveScreenshot } from './screens.js';

// Page-side callbacks run in the browser; these files are type-checked without the DOM library.
declare function getComputedStyle(el: unknown): { fontSize: string; backgroundColor: string };
declare const document: { documentElement: unknown };

const rootFontPx = (page: Page) =>
  page.evaluate(() => Number.parseFloat(getComputedStyle(document.documentElement).fontSize));
const pageBackground = (page: Page) =>
  page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);

/** Serious and critical axe findings, as "rule: target" lines (empty is the goal). */
async function seriousViolations(page: Page): Promise<string[]> {
  // Colours are judged at rest: a ticker line caught fading in (400 ms) has, for that moment,
  // too little contrast. Reduced motion (which the kiosk honours) ends every animation at once.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze()
    .finally(() => page.emulateMedia({ reducedMotion: null }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${v.help}`));
}

test.describe('kiosk features', () => {
  test('large text and high contrast switch on with one tap each, and the idle reset turns them off', async ({
    page,
    agent,
  }) => {
    await page.goto(`${agent.baseUrl}/kiosk/?idle=3`);
    await expect(page.locator('.tile').first()).toBeVisible();
    const plainFont = await rootFontPx(page);
    const plainBg = await pageBackground(page);

    const large = page.getByRole('button', { name: 'Teks besar' });
    await large.click();
    await expect(large).toHaveAttribute('aria-pressed', 'true');
    expect(await rootFontPx(page)).toBeGreaterThanOrEqual(plainFont * 1.2);

    const contrast = page.getByRole('button', { name: 'Kontras tinggi' });
    await contrast.click();
    await expect(contrast).toHaveAttribute('aria-pressed', 'true');
    expect(await pageBackground(page)).toBe('rgb(0, 0, 0)');
    expect(await seriousViolations(page)).toEqual([]);

    // Left alone: the next visitor gets the plain screen.
    await expect(page.getByTestId('attract')).toBeVisible({ timeout: 6000 });
    await page.getByTestId('attract').click();
    await expect(large).toHaveAttribute('aria-pressed', 'false');
    expect(await rootFontPx(page)).toBe(plainFont);
    expect(await pageBackground(page)).toBe(plainBg);
  });

  test('"listen" reads the page aloud with audio made by the agent, and a second tap stops it', async ({
    page,
    agent,
  }) => {
    await page.goto(`${agent.baseUrl}/kiosk/`);
    await page.getByRole('button', { name: 'Wisata' }).click();
    const speech = page.waitForResponse((r) => r.url().includes('/api/kiosk/speech?page=wisata&lang=id'));
    const listen = page.locator('.listen-button');
    await listen.click();
    const res = await speech;
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('audio/wav');
    await expect(listen).toHaveAttribute('data-state', 'playing', { timeout: 15_000 });
    await expect(listen).toHaveText('Berhenti');
    await listen.click();
    await expect(listen).toHaveAttribute('data-state', 'idle');
    await expect(listen).toHaveText('Dengarkan');
  });

  test('the Wi-Fi page shows the network name and a QR code that loads', async ({ page, agent }) => {
    await page.goto(`${agent.baseUrl}/kiosk/`);
    await page.getByRole('button', { name: 'Wi-Fi Gratis' }).click();
    await expect(page.locator('.wifi-ssid-name')).toHaveText('Blitar-WiFi-Gratis');
    const qr = page.getByRole('img', { name: 'Kode QR untuk tersambung ke Blitar-WiFi-Gratis' });
    await expect(qr).toBeVisible();
    await expect
      .poll(() =>
        qr.evaluate((img: { complete: boolean; naturalWidth: number }) => img.complete && img.naturalWidth),
      )
      .toBeGreaterThan(0);
  });

  test('the agenda shows coming events soonest first, hides past ones, and formats dates per language', async ({
    page,
    agent,
  }) => {
    // A fixed day in the demo's calendar: the day after the Jaranan night (12 December), so
    // the bazaar (1 November) and the Jaranan night are past, and two dated events are to come.
    await page.clock.setSystemTime(new Date('2026-12-13T12:00:00+07:00'));
    await page.goto(`${agent.baseUrl}/kiosk/`);
    await page.getByRole('button', { name: 'Agenda Kota' }).click();
    const starts = await page
      .locator('.event[data-start]')
      .evaluateAll((els) => els.map((el) => (el as unknown as { dataset: { start: string } }).dataset.start));
    expect(starts).toEqual(['2027-01-01T06:00', '2027-03-06']);
    await expect(page.getByRole('heading', { name: 'Car Free Day' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Pentas Seni Jaranan' })).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'Bazar UMKM Alun-Alun' })).toHaveCount(0);
    const first = page.locator('.event[data-start] .event-when').first();
    await expect(first).toHaveText(/(Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu), \d+ \w+ 20\d\d/);
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect(first).toHaveText(
      /(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),? \d+ \w+ 20\d\d/,
    );
  });

  test('black at night outside the screen hours, woken by a touch for five minutes, black again after', async ({
    page,
    agent,
  }, testInfo) => {
    // The seeded screen hours are 05:00–22:00 WIB: 23:30 WIB is night.
    await page.clock.setSystemTime(new Date('2026-12-01T23:30:00+07:00'));
    await page.goto(`${agent.baseUrl}/kiosk/`);
    const night = page.getByTestId('night');
    await expect(night).toBeVisible();
    await saveScreenshot(page, testInfo, 'kiosk-night');
    await night.click();
    await expect(night).toBeHidden();
    await expect(page.locator('.tile').first()).toBeVisible();
    await page.clock.fastForward('05:10');
    await expect(night).toBeVisible();
    // Morning: on by itself.
    await page.clock.fastForward('06:00:00');
    await expect(night).toBeHidden();
  });

  test('inside the Electron shell the page leaves the night to the shell (which blanks the screen itself)', async ({
    page,
    agent,
  }) => {
    // The shell's preload (electron/preload.cts) exposes this object; here a stand-in records calls.
    await page.addInitScript({
      content: `window.tiangShell = { shell: 'electron', touched() {}, alert(on) { (window.alertCalls ||= []).push(on); } };`,
    });
    await page.clock.setSystemTime(new Date('2026-12-01T23:30:00+07:00'));
    await page.goto(`${agent.baseUrl}/kiosk/`);
    await expect(page.locator('.tile').first()).toBeVisible();
    await expect(page.getByTestId('night')).toHaveCount(0);
    // A touch at night reaches the page (the shell wakes the display for it): the kiosk is not inert.
    await expect(page.locator('.kiosk')).not.toHaveAttribute('inert', '');
    await page.getByRole('button', { name: 'Wisata' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Wisata Blitar');
  });

  test('the speaker page lists what the pole speaker plays next, with times in WIB', async ({
    page,
    agent,
  }) => {
    await page.goto(`${agent.baseUrl}/kiosk/`);
    await page.getByRole('button', { name: 'Siaran Tiang' }).click();
    await expect(page.locator('.speaker-now h2')).toHaveText('Sedang diputar');
    const next = page.locator('.speaker-list li');
    await expect(next.first()).toBeVisible();
    // Retried: a demo item coming due between the two readings moves the list on.
    await expect(async () => {
      const api = (await (await page.request.get(`${agent.baseUrl}/api/speaker`)).json()) as {
        next: { title: string }[];
      };
      await expect(next.first().locator('.speaker-item')).toHaveText(api.next[0]!.title, { timeout: 1000 });
    }).toPass({ timeout: 10_000 });
    await expect(next.first().locator('.speaker-at')).toHaveText(/^\d{2}[.:]\d{2}$/);
  });

  test('with the amplifier at fault the speaker page says the speaker is being repaired, and recovers', async ({
    page,
    agent,
  }) => {
    await page.goto(`${agent.baseUrl}/kiosk/`);
    await page.getByRole('button', { name: 'Siaran Tiang' }).click();
    await expect(page.locator('.speaker-next')).toBeVisible();
    await loginByRequest(page, agent);
    await practiceFault(page, agent, 'amplifier-fault');
    try {
      await expect(page.locator('.page-body .message-block')).toHaveText(
        'Speaker tiang sedang dalam perbaikan.',
        {
          timeout: 10_000,
        },
      );
      await expect(page.locator('.speaker-next')).toHaveCount(0);
    } finally {
      await practiceFault(page, agent, 'amplifier-fault-clear');
    }
    await expect(page.locator('.speaker-next')).toBeVisible({ timeout: 10_000 });
  });

  test('a tap plays the touch sound from the agent (loaded after the first paint)', async ({
    page,
    agent,
  }) => {
    const tap = page.waitForResponse((r) => r.url().endsWith('/api/kiosk/sounds/tap.wav'));
    await page.goto(`${agent.baseUrl}/kiosk/`);
    const res = await tap;
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('audio/wav');
    expect((await res.body()).subarray(0, 4).toString('latin1')).toBe('RIFF');
  });

  test('no serious accessibility violations on home, every page and the attract screen', async ({
    page,
    agent,
  }) => {
    test.setTimeout(60_000);
    // Idle long enough that a slow scan never lets the attract screen cut in between pages.
    await page.goto(`${agent.baseUrl}/kiosk/?idle=10`);
    await expect(page.locator('.tile').first()).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    const ids = await page
      .locator('.tile')
      .evaluateAll((els) => els.map((el) => (el as unknown as { dataset: { tile: string } }).dataset.tile));
    for (const id of ids) {
      await page.locator(`[data-tile="${id}"]`).click();
      await expect(page.locator('.page-view')).toBeVisible();
      expect(await seriousViolations(page), `page ${id}`).toEqual([]);
      await page.locator('.back-button').click();
    }
    await expect(page.getByTestId('attract')).toBeVisible({ timeout: 15_000 });
    expect(await seriousViolations(page), 'attract screen').toEqual([]);
  });
});

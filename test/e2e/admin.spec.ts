import type { Page } from '@playwright/test';
import { startAgent } from '../helpers/agent-process.js';
import { expect, test } from './fixtures.js';
import { horizontalOverflow, smallestSides } from './page-metrics.js';
import { saveScreenshot } from './screens.js';

interface Healthz {
  version: string;
  subsystems: { name: string }[];
}

/** Open the admin screen and wait for the PIN pad (it appears once the session check answered). */
async function openPinPad(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}/admin/`);
  await expect(page.locator('.pin-pad')).toBeVisible();
}

/** Type a PIN on the on-screen pad, as a technician's finger would. */
async function tapPin(page: Page, pin: string): Promise<void> {
  for (const digit of pin) await page.locator(`.pin-key[data-key="${digit}"]`).click();
  await page.getByRole('button', { name: 'Masuk' }).click();
}

test.describe('admin', () => {
  test.beforeEach(({ problems }) => {
    // Not being logged in and a wrong PIN are answered 401/429 by design; Chromium logs those.
    problems.allow(/status of (401|429)/);
  });

  test('a wrong PIN says how many attempts are left, in Indonesian with English below', async ({
    page,
    agent,
  }, testInfo) => {
    await openPinPad(page, agent.baseUrl);
    await expect(page.getByRole('heading', { name: 'Masukkan PIN teknisi' })).toBeVisible();
    const wrong = agent.pin() === '000000' ? '111111' : '000000';

    await tapPin(page, wrong);
    const alert = page.getByRole('alert');
    await expect(alert.locator('.message-primary')).toHaveText(/^PIN salah\. Sisa percobaan: \d\.$/);
    await expect(alert.locator('.message-secondary')).toHaveText(/^Wrong PIN\. Attempts left: \d\.$/);
    const first = Number((await alert.locator('.message-primary').textContent())?.match(/(\d)\.$/)?.[1]);

    await page.keyboard.type(wrong);
    await page.keyboard.press('Enter');
    await expect(alert.locator('.message-primary')).toHaveText(`PIN salah. Sisa percobaan: ${first - 1}.`);
    await saveScreenshot(page, testInfo, 'admin-pin-wrong');

    // Too short is refused on the screen, without spending an attempt.
    await page.keyboard.type('12');
    await page.keyboard.press('Enter');
    await expect(alert.locator('.message-primary')).toHaveText('PIN terdiri dari 6 sampai 12 angka.');

    // Log in so this worker's agent starts the next test with no failures counted.
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.type(agent.pin());
    await page.keyboard.press('Enter');
    await expect(page.getByRole('button', { name: 'Keluar' })).toBeVisible();
  });

  test('the right PIN shows every subsystem from /healthz, live; logout returns to the PIN pad', async ({
    page,
    agent,
  }, testInfo) => {
    const health = (await (await fetch(`${agent.baseUrl}/healthz`)).json()) as Healthz;
    expect(health.subsystems.length).toBeGreaterThan(0);

    await page.setViewportSize({ width: 1280, height: 800 });
    await openPinPad(page, agent.baseUrl);
    await page.keyboard.type(agent.pin());
    await page.keyboard.press('Enter');

    for (const s of health.subsystems) {
      const row = page.locator(`[data-subsystem="${s.name}"]`);
      await expect(row).toBeVisible();
      await expect(row.locator('.subsystem-code')).toHaveText(s.name);
      await expect(row.locator('.badge')).toHaveText(/Baik|Terganggu|Rusak/);
    }
    await expect(page.locator('.summary')).toContainText(health.version);
    await expect(page.locator('.summary')).toContainText('Menyala selama');
    await expect(page.getByTestId('offline')).toBeHidden();
    const overflow = await horizontalOverflow(page);
    expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.innerWidth);
    await saveScreenshot(page, testInfo, 'admin-dashboard-1280x800');

    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect(page.getByRole('heading', { name: 'Pole health' })).toBeVisible();
    await expect(page.locator('.summary')).toContainText('Running for');
    await expect(page.locator('.subsystem .badge').first()).toHaveText(/OK|Degraded|Fault/);

    // A reload keeps the session (HttpOnly cookie).
    await page.reload();
    await expect(page.locator('.subsystem').first()).toBeVisible();

    await page.getByRole('button', { name: 'Keluar' }).click();
    await expect(page.locator('.pin-pad')).toBeVisible();
    await expect(page.locator('.subsystem')).toHaveCount(0);
    const session = await page.request.get(`${agent.baseUrl}/api/admin/session`);
    expect(session.status()).toBe(401);
  });

  test('repeated wrong PINs lock the pad and count down', async ({ page }) => {
    // Its own agent: the lockout would block the other tests' logins.
    const agent = await startAgent();
    try {
      await openPinPad(page, agent.baseUrl);
      const wrong = agent.pin() === '000000' ? '111111' : '000000';
      const alert = page.getByRole('alert').locator('.message-primary');
      for (let i = 0; i < 5; i++) {
        await tapPin(page, wrong);
        await expect(alert).toHaveText(/PIN salah|Terlalu banyak/);
      }
      await expect(alert).toHaveText(/^Terlalu banyak PIN salah\. Tunggu \d+ detik, lalu coba lagi\.$/);
      await expect(page.locator('.pin-key[data-key="1"]')).toBeDisabled();
      const before = await alert.textContent();
      await expect(alert).not.toHaveText(before ?? '', { timeout: 3000 });
    } finally {
      await agent.dispose();
    }
  });

  test('a degraded subsystem shows its cause and the fix in the chosen language', async ({
    page,
    agent,
    problems,
  }) => {
    // A simulator is healthy, so the live channel is played back with a sick amplifier;
    // the stream then ends, which the page treats as a dropped connection.
    problems.allow(/api\/live/);
    const real = (await (await fetch(`${agent.baseUrl}/healthz`)).json()) as Healthz & { now: number };
    const sick = {
      ...real,
      status: 'degraded',
      now: real.now + 1,
      subsystems: [
        {
          name: 'amplifier',
          state: 'running',
          level: 'degraded',
          since: real.now,
          cause: 'supply relay does not report on',
          hint: { id: 'Periksa sekering amplifier.', en: 'Check the amplifier fuse.' },
        },
      ],
    };
    await page.route(/\/api\/live(\?.*)?$/, (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/event-stream',
        body: `retry: 60000\nevent: health\ndata: ${JSON.stringify(sick)}\n\n`,
      }),
    );
    await page.route('**/healthz', (route) => route.fulfill({ json: sick }));
    await openPinPad(page, agent.baseUrl);
    await page.keyboard.type(agent.pin());
    await page.keyboard.press('Enter');

    const row = page.locator('[data-subsystem="amplifier"]');
    await expect(row.locator('.badge')).toHaveText('!Terganggu');
    await expect(row).toContainText('Penyebab: supply relay does not report on');
    await expect(row).toContainText('Cara memperbaiki: Periksa sekering amplifier.');
    await expect(page.locator('.summary')).toContainText('Ada yang terganggu');
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect(row).toContainText('How to fix: Check the amplifier fuse.');
    await expect(row.locator('.badge')).toHaveText('!Degraded');
  });

  test('says plainly when no PIN is set on the pole', async ({ page, agent, problems }) => {
    problems.allow(/status of 409/);
    // A simulator always has a PIN, so the agent's 409 answer is played back here.
    await page.route('**/api/admin/login', (route) =>
      route.fulfill({ status: 409, contentType: 'application/json', body: '{"error":"no admin PIN"}' }),
    );
    await openPinPad(page, agent.baseUrl);
    await page.keyboard.type('123456');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('alert')).toContainText('Belum ada PIN di tiang ini');
    await expect(page.getByRole('alert')).toContainText('No PIN is set on this pole');
  });
  test('practice mode: each fault has a big button; "Buka pintu kabinet" makes the cabinet row degraded', async ({
    page,
    agent,
  }, testInfo) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await openPinPad(page, agent.baseUrl);
    await page.keyboard.type(agent.pin());
    await page.keyboard.press('Enter');

    // Practice has its own tab; the effect shows there and on the overview's health list.
    await page.locator('[data-tab="practice"]').click();
    const panel = page.locator('.practice');
    await expect(panel).toBeVisible();
    await expect(panel.getByRole('heading', { level: 2 })).toHaveText('Mode latihan');
    const faults = (await (await page.request.get(`${agent.baseUrl}/api/admin/sim/faults`)).json()) as {
      faults: string[];
    };
    await expect(panel.locator('[data-fault]')).toHaveCount(faults.faults.length);
    for (const fault of faults.faults) {
      const button = panel.locator(`[data-fault="${fault}"]`);
      // Plain Indonesian on top, English below; never the raw fault name.
      await expect(button.locator('.label-primary')).not.toHaveText(fault);
      await expect(button.locator('.label-secondary')).toHaveAttribute('lang', 'en');
      const [side] = await smallestSides(button);
      expect(side).toBeGreaterThanOrEqual(64);
    }
    const open = panel.locator('[data-fault="door-open"]');
    await expect(open).toHaveText('Buka pintu kabinetOpen the cabinet door');

    const cabinet = page.locator('[data-subsystem="cabinet"]');
    try {
      await open.click();
      await expect(panel.locator('.panel-status .message-primary')).toHaveText(
        'Terkirim: Buka pintu kabinet',
      );
      await expect(panel.locator('.panel-status .message-secondary')).toHaveText(
        'Sent: Open the cabinet door',
      );
      // The effect shows next to the buttons…
      await expect(panel.locator('.practice-now [data-now="cabinet"]')).toContainText(
        'Kabinet tiangcabinet door is open',
        { timeout: 10_000 },
      );
      const overflow = await horizontalOverflow(page);
      expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.innerWidth);
      await panel.scrollIntoViewIfNeeded();
      await saveScreenshot(page, testInfo, 'admin-practice-1280x800');

      await page.getByRole('button', { name: 'Switch to English' }).click();
      await expect(panel.getByRole('heading', { level: 2 })).toHaveText('Practice mode');
      await expect(open.locator('.label-primary')).toHaveText('Open the cabinet door');
      await expect(panel.locator('.panel-status .message-primary')).toHaveText('Sent: Open the cabinet door');
      await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click();

      // …and one tap away, on the overview: the row with the cause and the fix.
      await page.locator('[data-tab="overview"]').click();
      await expect(cabinet.locator('.badge')).toHaveAttribute('data-level', 'degraded');
      await expect(cabinet.locator('.badge')).toHaveText('!Terganggu');
      await expect(cabinet.locator('.subsystem-cause')).toHaveText('Penyebab: cabinet door is open');
      await expect(cabinet.locator('.subsystem-hint')).toContainText('Tutup pintu kabinet');
      await expect(page.locator('.summary')).toContainText('Ada yang terganggu');
    } finally {
      await page.locator('[data-tab="practice"]').click();
      await panel.locator('[data-fault="door-close"]').click();
    }
    await expect(panel.locator('.panel-status .message-primary')).toHaveText('Terkirim: Tutup pintu kabinet');
    await expect(panel.locator('.practice-now [data-now="cabinet"]')).toHaveCount(0, { timeout: 10_000 });
    await page.locator('[data-tab="overview"]').click();
    await expect(cabinet.locator('.badge')).toHaveAttribute('data-level', 'ok');
  });

  test('practice mode stays hidden on a real pole', async ({ page, agent, problems }) => {
    problems.allow(/status of 404/);
    await page.route('**/api/admin/sim/faults', (route) =>
      route.fulfill({ status: 404, contentType: 'application/json', body: '{"error":"not found"}' }),
    );
    await openPinPad(page, agent.baseUrl);
    await page.keyboard.type(agent.pin());
    await page.keyboard.press('Enter');
    await expect(page.locator('[data-subsystem="cabinet"]')).toBeVisible();
    await expect(page.locator('[data-tab="practice"]')).toHaveCount(0);
    // The speaker test is there on any pole.
    await page.locator('[data-tab="tests"]').click();
    await expect(page.locator('.speaker-test')).toBeVisible();
    await expect(page.locator('.practice')).toHaveCount(0);
    await expect(page.locator('[data-fault]')).toHaveCount(0);
  });

  test('"Tes speaker" plays the test sentence and asks whether it was heard', async ({
    page,
    quietAgent: agent,
  }, testInfo) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await openPinPad(page, agent.baseUrl);
    await page.keyboard.type(agent.pin());
    await page.keyboard.press('Enter');

    await page.locator('[data-tab="tests"]').click();
    const section = page.locator('.speaker-test');
    const button = section.getByRole('button', { name: /Tes speaker/ });
    await expect(button).toBeVisible();
    const played = page.waitForRequest(
      (req) => req.url().endsWith('/api/admin/speaker/play') && req.method() === 'POST',
    );
    const answered = page.waitForResponse((res) => res.url().endsWith('/api/admin/speaker/play'));
    await button.click();
    expect((await played).postDataJSON()).toEqual({
      text: 'Ini tes speaker tiang. Satu, dua, tiga.',
      lang: 'id',
      priority: 'test',
    });
    expect((await answered).status()).toBe(202);

    const question = section.locator('.speaker-question');
    await expect(question.locator('.message-primary')).toHaveText('Apakah suara terdengar?');
    await expect(question.locator('.message-secondary')).toHaveText('Did you hear it?');
    await expect(section.locator('.speaker-now')).toContainText('Sedang diputar: Ini tes speaker tiang.');
    await section.scrollIntoViewIfNeeded();
    await saveScreenshot(page, testInfo, 'admin-speaker-question-1280x800');

    await question.getByRole('button', { name: /^Tidak/ }).click();
    await expect(section).toHaveAttribute('data-answer', 'no');
    await expect(section.locator('.panel-status .message-primary')).toHaveText(
      'Jawaban: Tidak. Periksa kabel speaker dan volume, lalu ulangi tes.',
    );
    await expect(question).toHaveCount(0);

    // Again, and this time it was heard.
    await button.click();
    await section.locator('.speaker-question').getByRole('button', { name: /^Ya/ }).click();
    await expect(section).toHaveAttribute('data-answer', 'yes');
    await expect(section.locator('.panel-status .message-primary')).toHaveText(
      'Jawaban: Ya. Speaker berfungsi; tes selesai.',
    );
  });
});

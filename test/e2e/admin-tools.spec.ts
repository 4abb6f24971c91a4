import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import type { AgentProcess } from '../helpers/agent-process.js';
import { expect, loginByRequest, practiceFault, test } from './fixtures.js';
import { type OwnPole, ownPole, SIM_DEVICE } from './own-pole.js';
import { smallestSides } from './page-metrics.js';
import { saveScreenshot } from './screens.js';

/** Log in by request and open the admin screen on a tab. */
async function openTab(page: Page, agent: AgentProcess, tab: string): Promise<void> {
  await loginByRequest(page, agent);
  await page.goto(`${agent.baseUrl}/admin/`);
  await page.locator(`[data-tab="${tab}"]`).click();
}

test.describe('admin tools', () => {
  test('a five-second press in the kiosk corner opens the PIN pad; a short one does nothing; "back to the kiosk" returns', async ({
    page,
    agent,
    problems,
  }) => {
    // The admin page asks for its session before the PIN pad: 401 by design.
    problems.allow(/status of 401/);
    await page.goto(`${agent.baseUrl}/kiosk/`);
    await expect(page.locator('.tile').first()).toBeVisible();
    await page.mouse.move(12, 12);
    await page.mouse.down();
    await page.waitForTimeout(1500);
    await page.mouse.up();
    await page.waitForTimeout(4000);
    expect(new URL(page.url()).pathname).toBe('/kiosk/');

    await page.mouse.down();
    await page.waitForURL('**/admin/?from=kiosk', { timeout: 8000 });
    await page.mouse.up();
    await expect(page.locator('.pin-pad')).toBeVisible();
    for (const digit of agent.pin()) await page.locator(`.pin-key[data-key="${digit}"]`).click();
    await page.getByRole('button', { name: 'Masuk' }).click();
    await expect(page.locator('[data-tab="overview"]')).toHaveAttribute('aria-current', 'page');
    await page.getByRole('button', { name: 'Kembali ke kiosk' }).click();
    await page.waitForURL('**/kiosk/');
    await expect(page.locator('.tile').first()).toBeVisible();
    // Leaving logged the technician out.
    expect((await page.request.get(`${agent.baseUrl}/api/admin/session`)).status()).toBe(401);
  });

  test('the tabs and the overview cards: big targets, amplifier, link, content, sensor', async ({
    page,
    quietAgent: agent,
  }, testInfo) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await openTab(page, agent, 'overview');
    for (const side of await smallestSides(page.locator('.tab'))) expect(side).toBeGreaterThanOrEqual(64);
    await expect(page.getByTestId('amplifier-state')).toHaveText('Mati');
    await expect(page.getByTestId('link-state')).toHaveText('Tersambung');
    await expect(page.locator('.card').filter({ hasText: 'Sensor udara' })).toContainText('PM2.5');
    await expect(page.locator('[data-subsystem="speaker"]')).toBeVisible();
    await saveScreenshot(page, testInfo, 'admin-overview-1280x800');
  });

  test('guided sensor test: passes on a healthy pole; with the sensor unplugged it fails and says what to do', async ({
    page,
    agent,
  }, testInfo) => {
    await openTab(page, agent, 'tests');
    const card = page.locator('[data-test="sensor"]');
    await card.getByRole('button', { name: 'Mulai tes' }).click();
    await expect(card.locator('.test-outcome')).toHaveAttribute('data-ok', 'true', { timeout: 15_000 });
    await practiceFault(page, agent, 'sensor-unplug');
    try {
      await card.getByRole('button', { name: 'Mulai tes' }).click();
      await expect(card.locator('.test-outcome')).toHaveAttribute('data-ok', 'false', { timeout: 15_000 });
      await expect(card.locator('.test-verdict')).toHaveText('✗ Gagal');
      await expect(card.locator('.test-outcome .message-primary').last()).not.toBeEmpty();
      await card.scrollIntoViewIfNeeded();
      await saveScreenshot(page, testInfo, 'admin-test-sensor-failed');
    } finally {
      await practiceFault(page, agent, 'sensor-replug');
    }
  });

  test('guided amplifier, link and portal tests pass on a healthy simulator, each with a next step', async ({
    page,
    quietAgent: agent,
  }) => {
    await openTab(page, agent, 'tests');
    for (const kind of ['amplifier', 'link', 'portal']) {
      const card = page.locator(`[data-test="${kind}"]`);
      await card.getByRole('button', { name: 'Mulai tes' }).click();
      await expect(card.locator('.test-outcome'), kind).toHaveAttribute('data-ok', 'true', {
        timeout: 20_000,
      });
      await expect(card.locator('.test-next-title')).toHaveText('Langkah berikutnya');
    }
  });

  test('schedule for today and 7 days, proof of play with filters and a CSV export', async ({
    page,
    agent,
  }) => {
    await openTab(page, agent, 'schedule');
    await expect(page.locator('.day')).toHaveCount(8);
    await expect(page.locator('.day').first().locator('.day-item').first()).toBeVisible();
    // Something to prove: a play now, then its row.
    const played = await page.request.post(`${agent.baseUrl}/api/admin/speaker/play`, {
      data: { text: 'Tes bukti siaran', lang: 'id', priority: 'test' },
      headers: { origin: agent.baseUrl },
    });
    expect(played.status()).toBe(202);
    await expect(page.locator('.playlog tbody tr').filter({ hasText: 'Tes bukti siaran' })).toBeVisible({
      timeout: 20_000,
    });
    await page.getByRole('button', { name: 'Gagal' }).click();
    await expect(page.locator('.playlog tbody tr').filter({ hasText: 'Tes bukti siaran' })).toHaveCount(0);
    const href = await page.getByRole('link', { name: 'Unduh CSV' }).getAttribute('href');
    expect(href).toContain('format=csv');
    const csv = await page.request.get(`${agent.baseUrl}/api/admin/playlog?format=csv&limit=100`);
    expect(csv.headers()['content-disposition']).toContain('attachment');
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toBe(
      'scheduled_at,started_at,ended_at,result,priority,source,title,rule_id,cause,volume',
    );
    expect(lines.some((l) => l.includes('Tes bukti siaran') && l.includes(',admin,'))).toBe(true);
  });

  test('charts: PM2.5 over 24 hours and plays per hour are drawn', async ({ page, agent }) => {
    await openTab(page, agent, 'charts');
    await expect(
      page.locator('#chart-pm25 ~ .chart-figure svg path.line, .chart:has(#chart-pm25) path.line'),
    ).toHaveCount(1, {
      timeout: 10_000,
    });
    await expect(page.locator('.chart:has(#chart-plays) svg')).toBeVisible();
    await expect(page.locator('.chart:has(#chart-clients)')).toContainText(/\S/);
  });

  test('controls: volume saved and shown; the log shows the login and never the PIN', async ({
    page,
    agent,
  }) => {
    await openTab(page, agent, 'controls');
    const volume = page.getByTestId('volume');
    await expect(volume).not.toHaveText('0');
    const before = Number(await volume.textContent());
    await page.getByRole('button', { name: before >= 50 ? '−5' : '+5' }).click();
    const wanted = before >= 50 ? before - 5 : before + 5;
    await expect(volume).toHaveText(String(wanted));
    await page.getByRole('button', { name: 'Simpan' }).click();
    await expect(page.locator('.controls-said .message-primary')).toHaveText(`Volume diatur ke ${wanted}.`);
    const overview = await (await page.request.get(`${agent.baseUrl}/api/admin/overview`)).json();
    expect(overview.volume).toBe(wanted);
    await expect(page.locator('.log-lines li').first()).toBeVisible({ timeout: 20_000 });
    const text = await (await page.request.get(`${agent.baseUrl}/api/admin/logs.txt`)).text();
    expect(text).not.toContain(agent.pin());
  });

  test('setup: every field is checked before anything is saved, and the reason shows under the field', async ({
    page,
    agent,
    problems,
  }) => {
    // The refused checks and the simulator's read-only file answer 400/409 by design.
    problems.allow(/status of (400|409)/);
    await openTab(page, agent, 'setup');
    const broker = page.locator('[data-field="brokerUrl"]');
    await expect(broker.locator('input')).toHaveValue('embedded');
    await expect(page.locator('.provisioning .panel-intro')).toContainText('simulator');
    await broker.locator('input').fill('http://broker.example');
    await page.locator('[data-field="keys"] textarea').fill('cr-2026 not-a-key');
    await page.getByRole('button', { name: 'Periksa' }).click();
    await expect(broker.locator('.message-primary')).toContainText('mqtts://');
    await expect(broker.locator('input')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('[data-field="keys"] .message-primary')).toContainText('Ed25519');
    await expect(page.locator('.provisioning > [aria-live] .message-primary')).toHaveText(
      'Ada isian yang salah; belum ada yang disimpan.',
    );
    await page.getByRole('button', { name: 'Simpan' }).click();
    await expect(page.locator('.provisioning > [aria-live] .message-primary')).toContainText(
      'deploy/sim/tiang.sim.yaml',
    );
  });
});

test.describe('admin download progress', () => {
  let pole: OwnPole;
  let server: Server;
  const file = randomBytes(3 * 1024 * 1024);
  test.beforeEach(async () => {
    // Paced at about 600 KB/s: the download takes ~5 s, long enough to watch the bar move.
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.length });
      let at = 0;
      const timer = setInterval(() => {
        if (at >= file.length) {
          clearInterval(timer);
          res.end();
          return;
        }
        res.write(file.subarray(at, at + 64 * 1024));
        at += 64 * 1024;
      }, 100);
      res.on('close', () => clearInterval(timer));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    pole = await ownPole();
  });
  test.afterEach(async ({ page }) => {
    await page.close();
    await pole.dispose();
    server.close();
  });

  test('the content card shows a progress bar that moves during a real download and goes when it is done', async ({
    page,
  }, testInfo) => {
    const { agent, controlRoom: cr } = pole;
    await openTab(page, agent, 'overview');
    const { port } = server.address() as AddressInfo;
    const item = {
      id: 'foto-besar',
      sha256: createHash('sha256').update(file).digest('hex'),
      bytes: file.length,
      url: `http://127.0.0.1:${port}/foto-besar.png`,
      mime: 'image/png',
      title: { id: 'Foto besar', en: 'Big picture' },
    };
    await cr.send(
      `${SIM_DEVICE}/desired`,
      cr.payload('desired', { version: 2, content: [item], schedule: [] }, { target: SIM_DEVICE }),
      true,
    );
    const bar = page.locator('.download-bar');
    await expect(bar).toBeVisible({ timeout: 10_000 });
    const first = Number(await bar.getAttribute('value'));
    await saveScreenshot(page, testInfo, 'admin-download-progress');
    await expect
      .poll(async () => Number(await bar.getAttribute('value')), { timeout: 10_000 })
      .toBeGreaterThan(first);
    await expect(bar).toBeHidden({ timeout: 20_000 });
  });
});

import { expect, loginByRequest, test } from './fixtures.js';

interface Practice {
  fault: string;
  clear?: string;
  subsystem: string;
  label: { id: string; en: string };
}

/**
 * The yardstick for the technician screen: every fault the simulator can cause is
 * found from the admin home in at most two taps, and fixed in at most two. Here "found"
 * means: one tap (Ringkasan) shows the subsystem among the rows on top, not ok, with a fix
 * hint; "fixed" means: two taps (Latihan, then the undo button) bring it back to ok.
 */
test('every practice fault is found from the overview in one tap and undone in two', async ({
  page,
  agent,
}) => {
  test.setTimeout(240_000);
  await loginByRequest(page, agent);
  const { practice } = (await (await page.request.get(`${agent.baseUrl}/api/admin/sim/faults`)).json()) as {
    practice: Practice[];
  };
  expect(practice.length).toBeGreaterThanOrEqual(8);
  await page.goto(`${agent.baseUrl}/admin/`);
  for (const p of practice.filter((x) => x.clear)) {
    await page.locator('[data-tab="practice"]').click();
    await page.locator(`[data-fault="${p.fault}"]`).click();
    await expect(page.locator('.panel-status .message-primary')).toContainText('Terkirim');

    // Tap 1: the overview. The row is on top with the others that are not ok, and says what to do.
    await page.locator('[data-tab="overview"]').click();
    const row = page.locator(`[data-subsystem="${p.subsystem}"]`);
    await expect(row.locator('.badge'), p.fault).not.toHaveAttribute('data-level', 'ok', { timeout: 45_000 });
    await expect(row.locator('.subsystem-hint'), p.fault).not.toBeEmpty();
    const order = await page
      .locator('.subsystem')
      .evaluateAll((rows) =>
        rows.map(
          (r) => (r.querySelector('.badge') as unknown as { dataset: { level: string } }).dataset.level,
        ),
      );
    const firstOk = order.indexOf('ok');
    const index = await page
      .locator('.subsystem')
      .evaluateAll(
        (rows, name) =>
          rows.findIndex(
            (r) => (r as unknown as { dataset: { subsystem: string } }).dataset.subsystem === name,
          ),
        p.subsystem,
      );
    expect(
      firstOk === -1 || index < firstOk,
      `${p.fault}: ${p.subsystem} listed above the healthy rows`,
    ).toBe(true);

    // Taps 1 and 2 of the fix: the practice tab, then the undo button.
    await page.locator('[data-tab="practice"]').click();
    await page.locator(`[data-fault="${p.clear}"]`).click();
    await page.locator('[data-tab="overview"]').click();
    await expect(row.locator('.badge'), `${p.clear} undoes ${p.fault}`).toHaveAttribute('data-level', 'ok', {
      timeout: 45_000,
    });
  }
});

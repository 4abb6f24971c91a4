import { existsSync } from 'node:fs';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { type AgentProcess, repoRoot, startAgent } from '../helpers/agent-process.js';

export { expect };

const builtPages = [
  path.join(repoRoot, 'dist', 'renderer', 'kiosk', 'index.html'),
  path.join(repoRoot, 'dist', 'renderer', 'admin', 'index.html'),
  path.join(repoRoot, 'dist', 'portal', 'index.html'),
];

/** Collects what must never happen on a page: console errors, uncaught exceptions, CSP violations. */
export interface PageProblems {
  /** Everything collected so far. */
  readonly list: string[];
  /** Expect this kind of console error in this test (e.g. the 401 of a wrong PIN is by design). */
  allow: (pattern: RegExp) => void;
}

interface WorkerFixtures {
  /** One simulated pole per worker: `tiang start --sim` on free ports with its own data folder. */
  agent: AgentProcess;
  /**
   * A second one, started only in workers that ask for it: `tiang start --sim --quiet`, the
   * demo without its spoken schedule, for tests that check what the speaker or amplifier does
   * (the demo speaks every 10 minutes by day, and would share the speaker with them).
   */
  quietAgent: AgentProcess;
}

interface TestFixtures {
  problems: PageProblems;
}

/** A simulated pole for a worker's tests, ready once its air sensor has read. */
async function workerPole(quiet: boolean, use: (agent: AgentProcess) => Promise<void>): Promise<void> {
  const missing = builtPages.filter((p) => !existsSync(p));
  if (missing.length > 0) {
    throw new Error(
      `pages are not built (${missing.join(', ')}): run npx vite build && npx vite build -c vite.portal.config.ts`,
    );
  }
  const agent = await startAgent({ quiet });
  try {
    // The seeded kiosk shows all its tiles once the simulated air sensor has read.
    await waitForAirReading(agent.baseUrl);
    await use(agent);
  } finally {
    await agent.dispose();
  }
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures must destructure their dependencies.
  agent: [async ({}, use) => workerPole(false, use), { scope: 'worker', timeout: 30_000 }],
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures must destructure their dependencies.
  quietAgent: [async ({}, use) => workerPole(true, use), { scope: 'worker', timeout: 30_000 }],

  problems: [
    async ({ page }, use, testInfo) => {
      const list: string[] = [];
      const allowed: RegExp[] = [];
      watchPage(page, list);
      await use({ list, allow: (re) => allowed.push(re) });
      const unexpected = list.filter((p) => !allowed.some((re) => re.test(p)));
      if (unexpected.length > 0) await testInfo.attach('page-problems', { body: unexpected.join('\n') });
      expect(unexpected, 'console errors, page errors or CSP violations').toEqual([]);
    },
    { auto: true },
  ],
});

const WIB_OFFSET_MS = 7 * 3_600_000;

/**
 * For kiosk pages: the simulator's seeded screen hours are 05:00–22:00 WIB, and outside them
 * the kiosk is black, so a kiosk test run at night would find nothing to tap. Every kiosk
 * test gets a browser clock (installed, so a test can still move it) that reads daytime: the
 * real time, or twelve hours on from it at night. Time flows as usual from there; night
 * starts an hour early here so that a test begun at 21:59 does not run into 22:00.
 */
export const kioskTest = test.extend<{ daytime: undefined }>({
  daytime: [
    async ({ page }, use) => {
      const now = Date.now();
      const wibHour = new Date(now + WIB_OFFSET_MS).getUTCHours();
      const night = wibHour >= 21 || wibHour < 5;
      await page.clock.install({ time: night ? now + 12 * 3_600_000 : now });
      await use(undefined);
    },
    { auto: true },
  ],
});

/** Wait until /api/air has a reading to show (the simulated sensor reads within seconds of a start or replug). */
export async function waitForAirReading(baseUrl: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const air = (await (await fetch(`${baseUrl}/api/air`)).json()) as { available?: boolean };
      if (air.available) return;
    } catch {
      // not answering yet
    }
    if (Date.now() > deadline) throw new Error(`${baseUrl}/api/air had no reading within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Log this page's browser context in as the technician (the session cookie is shared with its pages). */
export async function loginByRequest(page: Page, agent: AgentProcess): Promise<void> {
  const res = await page.request.post(`${agent.baseUrl}/api/admin/login`, { data: { pin: agent.pin() } });
  expect(res.status(), 'admin login').toBe(204);
}

/** Cause (or undo) a practice-mode fault on the simulated pole; needs loginByRequest (or a UI login) first. */
export async function practiceFault(page: Page, agent: AgentProcess, fault: string): Promise<void> {
  const res = await page.request.post(`${agent.baseUrl}/api/admin/sim/fault`, { data: { fault } });
  expect(res.status(), `practice fault ${fault}`).toBe(204);
}

/** Also used for extra pages a test opens itself. */
export function watchPage(page: Page, list: string[]): void {
  // The event is fired in the page; report it through the console so one listener sees it all.
  // Init scripts are injected by the browser, so the page's own CSP does not block this one.
  // (A string, because these files are type-checked without the DOM library.)
  void page.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (e) => {
      console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline'));
    });`,
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') {
      list.push(`console.${msg.type()}: ${msg.text()} (${msg.location().url})`);
    }
  });
  page.on('pageerror', (err) => list.push(`page error: ${err.message}`));
}

import { defineConfig, devices } from '@playwright/test';

/**
 * End-to-end tests of the kiosk, admin and portal pages against the real compiled
 * agent (`tiang start --sim`, started by the fixture in test/e2e/fixtures.ts) in
 * Debian's Chromium. Build first: the agent and both Vite builds.
 */
export default defineConfig({
  testDir: 'test/e2e',
  // The Pi-sized CI machine has 2 cores: one agent plus one browser per worker.
  workers: 2,
  fullyParallel: false,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  // Its own folder: Playwright empties outputDir on start, and other suites write to test-results/.
  outputDir: 'test-results/e2e',
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        // The kiosk is a touchscreen: taps arrive as touch events (page.touchscreen works too).
        hasTouch: true,
        // Playwright cannot download its own browsers here; Debian's Chromium is current.
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          // Tests run as root, where Chromium's sandbox cannot start.
          chromiumSandbox: false,
          args: [
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
          ],
        },
      },
    },
  ],
});

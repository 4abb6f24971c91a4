import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { repoRoot } from '../helpers/agent-process.js';

/** Screenshots people look at (not compared): test-results/e2e-screens/<name>.png, also attached to the report. */
export const screensDir = path.join(repoRoot, 'test-results', 'e2e-screens');

export async function saveScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<string> {
  mkdirSync(screensDir, { recursive: true });
  const file = path.join(screensDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
  return file;
}

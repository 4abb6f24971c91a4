import type { Locator, Page } from '@playwright/test';

// These files are type-checked with the agent's Node-only tsconfig (no DOM library):
// declare just what the page-side callbacks below touch.
declare const document: { documentElement: { scrollWidth: number; clientWidth: number } };
declare const window: { innerWidth: number; getSelection: () => { toString: () => string } | null };

/** Horizontal overflow: how far the page is wider than the viewport (0 is good). */
export async function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
}

export async function selectedText(page: Page): Promise<string> {
  return page.evaluate(() => window.getSelection()?.toString() ?? '');
}

/** Smallest side of each element's box, in CSS px. */
export async function smallestSides(locator: Locator): Promise<number[]> {
  const boxes = await Promise.all((await locator.all()).map((el) => el.boundingBox()));
  return boxes.map((b) => (b ? Math.min(b.width, b.height) : 0));
}

/** How far an element's content is taller than its box (0: nothing hidden below, no scrolling needed). */
export async function verticalOverflow(locator: Locator): Promise<number> {
  return locator.evaluate((el: { scrollHeight: number; clientHeight: number }) =>
    Math.max(0, el.scrollHeight - el.clientHeight),
  );
}

import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The folder holding Tiang's package.json. The same answer whether the code runs
 * compiled from dist/ or as TypeScript under the test runner.
 */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('tiang: cannot find package.json above the running code');
    dir = parent;
  }
  cached = dir;
  return dir;
}

/** Built browser apps (vite output): kiosk, admin. */
export const rendererDist = (): string => path.join(packageRoot(), 'dist', 'renderer');
/** The captive-portal pages, built apart so the portal listener can serve nothing else. */
export const portalDist = (): string => path.join(packageRoot(), 'dist', 'portal');

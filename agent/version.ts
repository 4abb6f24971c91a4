import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../core/index.js';

let cached: string | undefined;

export function tiangVersion(): string {
  cached ??= (
    JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }
  ).version;
  return cached;
}

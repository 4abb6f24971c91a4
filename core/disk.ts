import { statfsSync } from 'node:fs';

/** Bytes an unprivileged process may still write on the file system that holds `dir` (throws if unreadable). */
export function freeDiskBytes(dir: string): number {
  const fs = statfsSync(dir);
  return fs.bavail * fs.bsize;
}

import { randomBytes } from 'node:crypto';
import { open, readdir, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { errnoCode } from './errors.js';

/**
 * Files are written under a temp name, fsynced, then renamed to their final name (and the
 * folder fsynced, which makes the rename itself survive): a pole loses power without warning,
 * and a half-written file under a final name would be played as truncated sound.
 */

const TEMP_PREFIX = '.tmp-';
/** Temp files of another live process younger than this are left alone: it may still be writing them. */
const FOREIGN_TEMP_GRACE_MS = 24 * 3600_000;

/** Temp files this process is writing now, whichever library or renderer started them. */
const inFlight = new Set<string>();

/** A new temp file name in `dir` (not created), carrying our pid so another process can tell whose it is. */
export function claimTempFile(dir: string, suffix = ''): string {
  const file = path.join(dir, `${TEMP_PREFIX}${process.pid}-${randomBytes(6).toString('hex')}${suffix}`);
  inFlight.add(file);
  return file;
}

/** Deletes the temp file if it is still there, and forgets it. */
export async function releaseTempFile(file: string): Promise<void> {
  inFlight.delete(file);
  await unlinkIfPresent(file);
}

export const isTempName = (name: string): boolean => name.startsWith(TEMP_PREFIX);

export async function unlinkIfPresent(file: string): Promise<boolean> {
  try {
    await unlink(file);
    return true;
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return false;
    throw err;
  }
}

async function fsync(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** fsync the temp file, rename it over `final`, fsync the folder. */
export async function commitTempFile(temp: string, final: string): Promise<void> {
  await fsync(temp);
  await rename(temp, final);
  inFlight.delete(temp);
  await fsync(path.dirname(final));
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user.
    return errnoCode(err) === 'EPERM';
  }
}

/**
 * Deletes temp files left by a crash or a power cut. Keeps the ones being written now: ours
 * (in flight) and, for a day, those of another live process (`tiang content add` while the
 * agent runs). Returns the names it deleted.
 */
export async function removeAbandonedTemps(dir: string, nowMs: number): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return [];
    throw err;
  }
  const removed: string[] = [];
  for (const name of names.filter(isTempName)) {
    const file = path.join(dir, name);
    if (inFlight.has(file)) continue;
    const pid = Number(/^\.tmp-(\d+)-/.exec(name)?.[1]);
    if (Number.isInteger(pid) && pid !== process.pid && processAlive(pid)) {
      const mtimeMs = await stat(file).then(
        (s) => s.mtimeMs,
        () => 0,
      );
      if (nowMs - mtimeMs < FOREIGN_TEMP_GRACE_MS) continue;
    }
    if (await unlinkIfPresent(file)) removed.push(name);
  }
  return removed;
}

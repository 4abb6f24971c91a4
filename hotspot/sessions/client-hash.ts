import { createHmac, randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { bi, errnoCode, TiangError } from '../../core/index.js';

/*
 * Privacy of hotspot clients.
 *
 * The pole must count per phone (the daily limit, "clients online") but must not keep a
 * record that follows a person. So no MAC or IP is ever written to disk or to the logs:
 * what is stored is
 *
 *   client_hash = HMAC-SHA256(secret, localDate + '|' + mac), first 16 bytes as hex
 *
 * - The secret is 32 random bytes in a file of its own (mode 0600) beside the database,
 *   made on first use. Without it a hash cannot be checked against a guessed MAC (the MAC
 *   space is small enough to try every address of a vendor, so a plain hash would not do).
 * - The local date (WIB) in the key makes the same phone a different client every day:
 *   the daily limit works within the day, yet yesterday's rows cannot be joined to today's.
 * - Logs name a client only by the first 8 characters of its hash.
 * Deleting the secret file makes every stored hash unlinkable to any MAC for good.
 */

export const SECRET_BYTES = 32;

/** The stored name of a client on a local date. `mac` must already be normalised (lower case, colons). */
export function clientHash(secret: Buffer, day: string, mac: string): string {
  return createHmac('sha256', secret).update(`${day}|${mac}`).digest('hex').slice(0, 32);
}

/** What the logs may say about a client. */
export const logName = (hash: string): string => hash.slice(0, 8);

/**
 * Reads the hashing secret from `file`, or makes one there on first use (32 random bytes,
 * mode 0600, written under a temp name and renamed, so a power cut never leaves half a key).
 * A file of the wrong size is replaced: the only loss is that today's daily limits start again.
 */
export function loadSessionSecret(file: string): Buffer {
  try {
    const secret = readFileSync(file);
    if (secret.length === SECRET_BYTES) {
      if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
      return secret;
    }
  } catch (err) {
    if (errnoCode(err) !== 'ENOENT') {
      throw new TiangError(
        'HOTSPOT_SECRET',
        `hotspot secret ${file} cannot be read: ${(err as Error).message}`,
        bi(
          `Periksa izin berkas: chown tiang:tiang ${file} && chmod 600 ${file}`,
          `Check the file's permissions: chown tiang:tiang ${file} && chmod 600 ${file}`,
        ),
        { cause: err },
      );
    }
  }
  const secret = randomBytes(SECRET_BYTES);
  const temp = path.join(path.dirname(file), `.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, secret);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
  const dirFd = openSync(path.dirname(file), 'r');
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
  return secret;
}

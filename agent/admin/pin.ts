import { randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (
  pw: string,
  salt: Buffer,
  len: number,
  opts: object,
) => Promise<Buffer>;

/** scrypt cost: ~50 ms on a Pi 4, so guessing a 6-digit PIN offline is slow and online guessing is locked out. */
const params = { N: 16384, r: 8, p: 1 };
const keyLength = 32;

export const isValidPin = (pin: string): boolean => /^\d{6,12}$/.test(pin);

/** `scrypt$N$r$p$<salt b64>$<hash b64>` — the parameters travel with the hash so they can grow later. */
export async function hashPin(pin: string): Promise<string> {
  if (!isValidPin(pin)) throw new RangeError('PIN must be 6 to 12 digits');
  const salt = randomBytes(16);
  const hash = await scryptAsync(pin, salt, keyLength, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, saltB64, hashB64] = stored.split('$');
  if (scheme !== 'scrypt' || !saltB64 || !hashB64) return false;
  const expected = Buffer.from(hashB64, 'base64');
  const actual = await scryptAsync(pin, Buffer.from(saltB64, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A random 6-digit PIN for the simulator, never with a leading zero so it reads as six digits. */
export const randomPin = (): string => String(randomInt(100_000, 1_000_000));

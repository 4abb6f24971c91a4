import { randomBytes } from 'node:crypto';
import type { Clock } from '../../core/index.js';
import type { AuditLog, SettingsRepo } from '../../store/index.js';
import { hashPin, isValidPin, verifyPin } from './pin.js';

const PIN_KEY = 'admin.pinHash';
const LOCKOUT_KEY = 'admin.lockout';
/** Failures allowed before the first lockout. */
const FREE_FAILURES = 5;
/** First lockout; each further failure doubles it, up to the cap. */
const BASE_LOCK_MS = 30_000;
const MAX_LOCK_MS = 60 * 60_000;
export const SESSION_TTL_MS = 30 * 60_000;

interface LockoutState {
  failures: number;
  lockedUntil: number;
}

export type LoginResult =
  | { kind: 'ok'; token: string; expiresAt: number }
  | { kind: 'bad-pin'; failuresLeft: number }
  | { kind: 'locked'; retryAfterMs: number }
  | { kind: 'no-pin' };

/**
 * PIN login for technicians. The lockout survives a restart (it lives in SQLite),
 * so pulling the plug does not buy an attacker more guesses.
 */
export class AdminAuth {
  private readonly sessions = new Map<string, number>();

  constructor(
    private readonly settings: SettingsRepo,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  hasPin(): boolean {
    return this.settings.get<string>(PIN_KEY) !== undefined;
  }

  async setPin(pin: string, actor: string): Promise<void> {
    if (!isValidPin(pin)) throw new RangeError('PIN must be 6 to 12 digits');
    this.settings.set(PIN_KEY, await hashPin(pin));
    this.settings.set(LOCKOUT_KEY, { failures: 0, lockedUntil: 0 } satisfies LockoutState);
    this.sessions.clear();
    this.audit.append(actor, 'admin.pin.set');
  }

  /** Whether this is the PIN, without counting a failure (for the simulator's banner). */
  async verify(pin: string): Promise<boolean> {
    const stored = this.settings.get<string>(PIN_KEY);
    return stored !== undefined && isValidPin(pin) && verifyPin(pin, stored);
  }

  async login(pin: string, from: string): Promise<LoginResult> {
    const stored = this.settings.get<string>(PIN_KEY);
    if (!stored) return { kind: 'no-pin' };
    const now = this.clock.now();
    const lock = this.settings.get<LockoutState>(LOCKOUT_KEY) ?? { failures: 0, lockedUntil: 0 };
    if (lock.lockedUntil > now) return { kind: 'locked', retryAfterMs: lock.lockedUntil - now };

    if (isValidPin(pin) && (await verifyPin(pin, stored))) {
      this.settings.set(LOCKOUT_KEY, { failures: 0, lockedUntil: 0 } satisfies LockoutState);
      const token = randomBytes(32).toString('base64url');
      const expiresAt = now + SESSION_TTL_MS;
      this.sessions.set(token, expiresAt);
      this.audit.append('admin', 'admin.login', { from });
      return { kind: 'ok', token, expiresAt };
    }

    const failures = lock.failures + 1;
    const over = failures - FREE_FAILURES;
    const lockedUntil = over >= 0 ? now + Math.min(MAX_LOCK_MS, BASE_LOCK_MS * 2 ** over) : 0;
    this.settings.set(LOCKOUT_KEY, { failures, lockedUntil } satisfies LockoutState);
    this.audit.append('system', 'admin.login.failed', { from, failures });
    if (lockedUntil > 0) return { kind: 'locked', retryAfterMs: lockedUntil - now };
    return { kind: 'bad-pin', failuresLeft: FREE_FAILURES - failures };
  }

  /** A valid session slides its expiry forward: a technician at work is not logged out mid-test. */
  check(token: string | undefined): boolean {
    if (!token) return false;
    const expiresAt = this.sessions.get(token);
    const now = this.clock.now();
    if (expiresAt === undefined || expiresAt <= now) {
      this.sessions.delete(token);
      return false;
    }
    this.sessions.set(token, now + SESSION_TTL_MS);
    return true;
  }

  logout(token: string | undefined): void {
    if (token && this.sessions.delete(token)) this.audit.append('admin', 'admin.logout');
  }
}

import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AdminAuth, hashPin, SESSION_TTL_MS, verifyPin } from '../../../agent/admin/index.js';
import { silentLogger } from '../../../core/index.js';
import { AuditLog, type Db, openDatabase, SettingsRepo } from '../../../store/index.js';
import { tempDir } from '../../helpers/temp-dir.js';

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});

function setup() {
  const dir = tempDir();
  const clock = {
    t: 1_000_000,
    now() {
      return this.t;
    },
  };
  const file = path.join(dir.path, 'tiang.db');
  let db: Db = openDatabase(file, { clock, log: silentLogger() });
  const make = () => new AdminAuth(new SettingsRepo(db, clock), new AuditLog(db, clock), clock);
  cleanup.push(() => {
    db.close();
    dir.remove();
  });
  return {
    clock,
    auth: make(),
    audit: () => new AuditLog(db, clock),
    /** A restart: a new process opens the same database. */
    restart: () => {
      db.close();
      db = openDatabase(file, { clock, log: silentLogger() });
      return make();
    },
  };
}

describe('admin PIN', () => {
  it('hashes with scrypt and a salt, and verifies only the right PIN', async () => {
    const a = await hashPin('246810');
    const b = await hashPin('246810');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPin('246810', a)).toBe(true);
    expect(await verifyPin('246811', a)).toBe(false);
    await expect(hashPin('12345')).rejects.toThrow(/6 to 12 digits/);
  });

  it('says no PIN is set until one is', async () => {
    const { auth } = setup();
    expect(await auth.login('123456', '127.0.0.1')).toEqual({ kind: 'no-pin' });
  });

  it('locks out after 5 failures with a growing delay that survives a restart', async () => {
    const { auth, clock, restart, audit } = setup();
    await auth.setPin('135790', 'test');
    for (let i = 4; i >= 1; i--)
      expect(await auth.login('000000', 'ip')).toEqual({ kind: 'bad-pin', failuresLeft: i });
    expect(await auth.login('000000', 'ip')).toEqual({ kind: 'locked', retryAfterMs: 30_000 });
    // Even the right PIN is refused while locked, and a restart does not help.
    const again = restart();
    expect(await again.login('135790', 'ip')).toMatchObject({ kind: 'locked' });
    clock.t += 30_001;
    expect(await again.login('999999', 'ip')).toEqual({ kind: 'locked', retryAfterMs: 60_000 });
    clock.t += 60_001;
    const ok = await again.login('135790', 'ip');
    expect(ok.kind).toBe('ok');
    expect(
      audit()
        .recent()
        .filter((e) => e.action === 'admin.login.failed'),
    ).toHaveLength(6);
  });

  it('keeps a session alive while used and ends it after the idle time or logout', async () => {
    const { auth, clock } = setup();
    await auth.setPin('135790', 'test');
    const r = await auth.login('135790', 'ip');
    if (r.kind !== 'ok') throw new Error('login failed');
    expect(auth.check(r.token)).toBe(true);
    clock.t += SESSION_TTL_MS - 1000;
    expect(auth.check(r.token)).toBe(true);
    clock.t += SESSION_TTL_MS - 1000;
    expect(auth.check(r.token)).toBe(true);
    clock.t += SESSION_TTL_MS + 1;
    expect(auth.check(r.token)).toBe(false);
    const r2 = await auth.login('135790', 'ip');
    if (r2.kind !== 'ok') throw new Error('login failed');
    auth.logout(r2.token);
    expect(auth.check(r2.token)).toBe(false);
    expect(auth.check('forged-token')).toBe(false);
  });
});

import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { isTiangError, silentLogger, type TiangError } from '../../../core/index.js';
import {
  AuditLog,
  appliedMigrations,
  DesiredStateRepo,
  latestSchemaVersion,
  type Migration,
  migrations,
  openDatabase,
  SettingsRepo,
} from '../../../store/index.js';
import { tempDir } from '../../helpers/temp-dir.js';

const clock = { now: () => 1_764_288_000_000 };
const opts = { clock, log: silentLogger() };
const dirs: { remove: () => void }[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.remove();
});
function dbFile(): string {
  const d = tempDir();
  dirs.push(d);
  return path.join(d.path, 'tiang.db');
}
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
function openError(file: string, migs?: readonly Migration[]): TiangError {
  try {
    openDatabase(file, { ...opts, migrations: migs });
  } catch (err) {
    if (isTiangError(err)) return err;
    throw err;
  }
  throw new Error('expected openDatabase to fail');
}

describe('store', () => {
  it('creates a WAL database with every migration applied and recorded', () => {
    const file = dbFile();
    const db = openDatabase(file, opts);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion());
    expect(appliedMigrations(db).map((m) => m.version)).toEqual(migrations.map((m) => m.version));
    expect(appliedMigrations(db)[0]?.applied_at).toBe(clock.now());
    db.close();
  });

  it('applies only the new migrations on a later start, in order', () => {
    const file = dbFile();
    openDatabase(file, opts).close();
    // Numbered after the shipped ones, so the test keeps working as migrations are added.
    const v = latestSchemaVersion();
    const next: Migration[] = [
      ...migrations,
      { version: v + 2, name: 'third', sql: 'CREATE TABLE third (x INTEGER) STRICT;' },
      { version: v + 1, name: 'second', sql: 'CREATE TABLE second (x INTEGER) STRICT;' },
    ];
    const db = openDatabase(file, { ...opts, migrations: next });
    expect(appliedMigrations(db).map((m) => m.name)).toEqual([
      ...migrations.map((m) => m.name),
      'second',
      'third',
    ]);
    expect(db.pragma('user_version', { simple: true })).toBe(v + 2);
    db.close();
  });

  it('rolls a failing migration back whole and leaves the version where it was', () => {
    const file = dbFile();
    openDatabase(file, opts).close();
    const broken: Migration[] = [
      ...migrations,
      {
        version: latestSchemaVersion() + 1,
        name: 'half',
        sql: 'CREATE TABLE half_done (x INTEGER); INSERT INTO nowhere VALUES (1);',
      },
    ];
    expect(() => openDatabase(file, { ...opts, migrations: broken })).toThrow(/no such table: nowhere/);
    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion());
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half_done'").get()).toEqual({
      n: 0,
    });
    db.close();
  });

  it('refuses a database from a newer release without touching it', () => {
    const file = dbFile();
    const db = openDatabase(file, opts);
    db.pragma('user_version = 99');
    db.close();
    const before = sha(file);
    const err = openError(file);
    expect(err.code).toBe('DB_TOO_NEW');
    expect(err.message).toContain('schema version 99');
    expect(err.fix.en).toMatch(/do not downgrade/);
    expect(sha(file)).toBe(before);
  });

  it('refuses a file that is not a database without rewriting it', () => {
    const file = dbFile();
    writeFileSync(file, 'this is not SQLite, it is a shopping list: beras, telur, cabai\n'.repeat(100));
    const before = sha(file);
    const err = openError(file);
    expect(err.code).toBe('DB_CORRUPT');
    expect(err.message).toContain(file);
    expect(err.fix.id).toMatch(/pindahkan/);
    expect(sha(file)).toBe(before);
  });

  it('refuses a database whose pages are damaged', () => {
    const file = dbFile();
    const db = openDatabase(file, opts);
    const audit = new AuditLog(db, clock);
    for (let i = 0; i < 500; i++) audit.append('system', 'filler', { i, text: 'x'.repeat(200) });
    db.close();
    // Scribble over the middle of the file: b-tree pages, not the header.
    const bytes = readFileSync(file);
    bytes.fill(0xa5, 8192, 8192 + 4096 * 4);
    writeFileSync(file, bytes);
    expect(openError(file).code).toBe('DB_CORRUPT');
  });
});

describe('repositories', () => {
  it('keeps settings as JSON and the audit log newest first', () => {
    const db = openDatabase(dbFile(), opts);
    const settings = new SettingsRepo(db, clock);
    expect(settings.get('x')).toBeUndefined();
    settings.set('x', { a: [1, 2] });
    settings.set('x', { a: [3] });
    expect(settings.get('x')).toEqual({ a: [3] });
    const audit = new AuditLog(db, clock);
    audit.append('admin', 'first');
    audit.append('control-room', 'second', { v: 2 });
    expect(audit.recent().map((e) => [e.actor, e.action, e.detail])).toEqual([
      ['control-room', 'second', { v: 2 }],
      ['admin', 'first', undefined],
    ]);
    db.close();
  });

  it('applies desired documents only with a higher version', () => {
    const db = openDatabase(dbFile(), opts);
    const desired = new DesiredStateRepo(db, clock);
    expect(desired.current()).toBeUndefined();
    desired.save(3, { kiosk: 'three' }, 'control-room');
    expect(() => desired.save(3, { kiosk: 'again' }, 'control-room')).toThrow(
      /not above the applied version 3/,
    );
    expect(() => desired.save(2, { kiosk: 'older' }, 'control-room')).toThrow(/not above/);
    desired.save(4, { kiosk: 'four' }, 'control-room');
    expect(desired.current()).toMatchObject({ version: 4, body: { kiosk: 'four' }, source: 'control-room' });
    db.close();
  });
});

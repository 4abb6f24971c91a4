import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { bi, type Clock, type Logger, TiangError } from '../core/index.js';
import { migrations as defaultMigrations, latestSchemaVersion, type Migration } from './migrations.js';

export type Db = Database.Database;

export interface OpenOptions {
  clock: Clock;
  log: Logger;
  migrations?: readonly Migration[];
}

const corruptFix = (file: string) =>
  bi(
    `Database rusak. Hentikan tiang, pindahkan ${file} (dan file -wal/-shm di sampingnya) ke tempat lain untuk diperiksa, lalu jalankan lagi: tiang akan membuat database baru dan mengambil ulang jadwal dari control room.`,
    `The database is damaged. Stop tiang, move ${file} (and the -wal/-shm files beside it) aside for inspection, then start again: tiang creates a new database and fetches the schedule from the control room again.`,
  );

function isSqliteCode(err: unknown, ...codes: string[]): boolean {
  return err instanceof Database.SqliteError && codes.includes(err.code);
}

/**
 * Open the pole's database: WAL, busy timeout, full sync (a pole loses power without warning),
 * and the numbered migrations. A damaged file or one written by a newer Tiang is refused
 * before anything is written to it.
 */
export function openDatabase(file: string, opts: OpenOptions): Db {
  const migrations = opts.migrations ?? defaultMigrations;
  const latest = latestSchemaVersion(migrations);
  const dir = path.dirname(file);
  const existed = existsSync(file);
  if (existed) {
    try {
      accessSync(file, constants.R_OK | constants.W_OK);
    } catch (err) {
      throw new TiangError(
        'DB_UNWRITABLE',
        `database ${file} cannot be read and written by this user`,
        bi(`Jalankan: chown -R tiang:tiang ${dir}`, `Run: chown -R tiang:tiang ${dir}`),
        { cause: err },
      );
    }
  }

  let db: Db;
  try {
    db = new Database(file, { timeout: 5000 });
  } catch (err) {
    throw new TiangError(
      'DB_OPEN',
      `database ${file} cannot be opened: ${(err as Error).message}`,
      corruptFix(file),
      {
        cause: err,
      },
    );
  }

  try {
    let version: number;
    try {
      version = db.pragma('user_version', { simple: true }) as number;
      const check = db.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new Error(`quick_check: ${String(check)}`);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (!isSqliteCode(err, 'SQLITE_NOTADB', 'SQLITE_CORRUPT') && !message.startsWith('quick_check'))
        throw err;
      throw new TiangError(
        'DB_CORRUPT',
        `database ${file} is damaged or not a Tiang database (${message})`,
        corruptFix(file),
        {
          cause: err,
        },
      );
    }
    if (version > latest) {
      throw new TiangError(
        'DB_TOO_NEW',
        `database ${file} has schema version ${version}, newer than this Tiang knows (${latest}): it was written by a newer release`,
        bi(
          'Pasang kembali versi tiang yang lebih baru (jangan turunkan versi), atau pindahkan database ini dan mulai dengan yang baru.',
          'Reinstall the newer tiang release (do not downgrade), or move this database aside and start with a new one.',
        ),
      );
    }
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    applyMigrations(db, migrations, version, opts);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

function applyMigrations(db: Db, migrations: readonly Migration[], from: number, opts: OpenOptions): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT`);
  const pending = [...migrations].filter((m) => m.version > from).sort((a, b) => a.version - b.version);
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of pending) {
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, opts.clock.now());
      db.pragma(`user_version = ${m.version}`);
    })();
    opts.log.info({ version: m.version, migration: m.name }, 'database migrated');
  }
}

/** Applied migrations, oldest first: for `tiang doctor` and tests. */
export function appliedMigrations(db: Db): { version: number; name: string; applied_at: number }[] {
  return db.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version').all() as {
    version: number;
    name: string;
    applied_at: number;
  }[];
}

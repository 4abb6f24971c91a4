/**
 * Numbered schema migrations, applied in order at start, each in its own transaction.
 * Never edit a migration that has shipped: add the next number instead.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'initial: settings, audit log, applied desired state',
    sql: `
      CREATE TABLE settings (
        key        TEXT PRIMARY KEY,
        value      TEXT NOT NULL,            -- JSON
        updated_at INTEGER NOT NULL          -- UTC ms
      ) STRICT;

      CREATE TABLE audit_log (
        id     INTEGER PRIMARY KEY,
        at     INTEGER NOT NULL,             -- UTC ms
        actor  TEXT NOT NULL,                -- 'admin', 'control-room', 'system', 'simulator'
        action TEXT NOT NULL,
        detail TEXT                          -- JSON
      ) STRICT;
      CREATE INDEX audit_log_at ON audit_log (at);

      -- Every desired document that was applied; the current one has the highest version.
      CREATE TABLE desired_state (
        version    INTEGER PRIMARY KEY,
        body       TEXT NOT NULL,            -- JSON of the desired document
        source     TEXT NOT NULL,            -- 'control-room' or 'simulator-seed'
        applied_at INTEGER NOT NULL
      ) STRICT;
    `,
  },
];

export const latestSchemaVersion = (list: readonly Migration[] = migrations): number =>
  list.reduce((max, m) => Math.max(max, m.version), 0);

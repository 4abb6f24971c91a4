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
  {
    version: 2,
    name: 'content library: audio files by sha256',
    sql: `
      -- One row per item in <dataDir>/content, whose file is named <sha256>.wav. The sha256 is of
      -- the ORIGINAL bytes (what the control room knows it by), not of the canonical file kept.
      -- No CHECK on kind or source: SQLite cannot change a CHECK without rebuilding the table,
      -- and both lists will grow; the code validates them.
      CREATE TABLE content (
        sha256         TEXT PRIMARY KEY,     -- lowercase hex of the original file's bytes
        kind           TEXT NOT NULL,        -- 'audio'
        title_id       TEXT NOT NULL,
        title_en       TEXT NOT NULL,
        original_name  TEXT NOT NULL,        -- file name as given, for people
        bytes          INTEGER NOT NULL,     -- size of the stored (canonical) file
        duration_ms    INTEGER NOT NULL,
        source         TEXT NOT NULL,        -- 'local', 'control-room', 'simulator'
        added_at       INTEGER NOT NULL,     -- UTC ms
        last_played_at INTEGER               -- UTC ms, NULL until first played
      ) STRICT;
    `,
  },
  {
    version: 3,
    name: 'play log: proof of play',
    sql: `
      -- Every item the speaker was asked to play, whatever became of it: played, failed, cut,
      -- stopped, expired (waited too long) or missed (restart, clock jump, clock not trusted).
      CREATE TABLE play_log (
        id             INTEGER PRIMARY KEY,
        item_id        TEXT NOT NULL,
        title          TEXT NOT NULL,
        priority       TEXT NOT NULL,
        source         TEXT NOT NULL,
        rule_id        TEXT,
        occurrence_key TEXT,                 -- ruleId@epochMs: one scheduled occurrence
        scheduled_at   INTEGER,              -- UTC ms, when it should have started
        started_at     INTEGER,              -- UTC ms, first sample handed to the output
        ended_at       INTEGER,
        result         TEXT NOT NULL,
        cause          TEXT,
        volume         INTEGER
      ) STRICT;
      CREATE INDEX play_log_ended ON play_log (ended_at);
      CREATE INDEX play_log_occurrence ON play_log (occurrence_key);
    `,
  },
  {
    version: 4,
    name: 'air readings: 1-minute and 15-minute aggregates',
    sql: `
      -- Sums rather than averages, so each new reading is one UPSERT and nothing is lost
      -- if the power goes in the middle of a bucket.
      CREATE TABLE air_readings (
        resolution_s INTEGER NOT NULL,       -- 60 or 900
        sensor       TEXT NOT NULL,
        bucket       INTEGER NOT NULL,       -- UTC ms at the start of the bucket
        samples      INTEGER NOT NULL,
        pm25_sum     REAL NOT NULL,
        pm25_max     REAL NOT NULL,
        pm10_sum     REAL NOT NULL,
        pm10_max     REAL NOT NULL,
        PRIMARY KEY (resolution_s, sensor, bucket)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 5,
    name: 'control-room sync: outbox and processed message ids',
    sql: `
      -- What the pole has to tell the control room, written in the same transaction as the
      -- fact it reports and deleted only after the broker's PUBACK.
      CREATE TABLE outbox (
        seq        INTEGER PRIMARY KEY AUTOINCREMENT,
        id         TEXT NOT NULL,              -- ULID, the envelope id receivers dedupe on
        topic      TEXT NOT NULL,              -- events | ack | telemetry
        type       TEXT NOT NULL,
        ts         INTEGER NOT NULL,
        data       TEXT NOT NULL,              -- JSON
        droppable  INTEGER NOT NULL            -- 1: periodic telemetry, dropped first when full
      ) STRICT;
      CREATE INDEX outbox_droppable ON outbox (droppable, seq);
      -- Ids of signed control-room messages already acted on, kept until they expire: replays refused.
      CREATE TABLE processed_messages (
        id          TEXT PRIMARY KEY,
        expires_at  INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX processed_messages_expiry ON processed_messages (expires_at);
    `,
  },
  {
    version: 6,
    name: 'hotspot sessions: who was online, hashed',
    sql: `
      -- One row per Wi-Fi session. No MAC or IP is ever stored: client_hash is an HMAC of the
      -- local date and the MAC under a secret kept beside the database, so a phone can be
      -- counted within a day (daily limit) but not followed from one day to the next.
      CREATE TABLE hotspot_sessions (
        id             INTEGER PRIMARY KEY,
        client_hash    TEXT NOT NULL,
        day            TEXT NOT NULL,          -- local date (WIB) the session started, YYYY-MM-DD
        started_at     INTEGER NOT NULL,       -- UTC ms
        ends_at        INTEGER NOT NULL,       -- UTC ms, planned end: the session or daily limit
        ended_at       INTEGER,                -- UTC ms, NULL while open
        end_reason     TEXT,                   -- session-limit, daily-limit, idle, renewed, revoked, expired, restart
        bytes_up       INTEGER NOT NULL DEFAULT 0,
        bytes_down     INTEGER NOT NULL DEFAULT 0,
        last_active_at INTEGER NOT NULL        -- UTC ms, last time its counters moved
      ) STRICT;
      CREATE INDEX hotspot_sessions_client_day ON hotspot_sessions (client_hash, day);
      CREATE INDEX hotspot_sessions_started ON hotspot_sessions (started_at);
    `,
  },
  {
    version: 7,
    name: 'hotspot refusals by the hour',
    sql: `
      -- Connect presses refused because the client's daily time was used up, counted per hour
      -- for the control room's usage events (kept across restarts). Nothing about the client.
      CREATE TABLE hotspot_refusals (
        hour_start  INTEGER PRIMARY KEY,       -- UTC ms at the start of the hour
        daily_limit INTEGER NOT NULL
      ) STRICT;
    `,
  },
];

export const latestSchemaVersion = (list: readonly Migration[] = migrations): number =>
  list.reduce((max, m) => Math.max(max, m.version), 0);

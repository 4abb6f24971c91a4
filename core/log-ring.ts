import type { DestinationStream } from 'pino';

/** One log line as the admin screen shows it: pino's fields, secrets dropped. */
export interface LogEntry {
  time: string;
  level: string;
  module?: string;
  msg: string;
  [field: string]: unknown;
}

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
const rank = (level: string) => LOG_LEVELS.indexOf(level as (typeof LOG_LEVELS)[number]);

/** A runaway line (a huge object logged by mistake) must not make the ring hold megabytes. */
const MAX_LINE_CHARS = 8192;
const MAX_DEPTH = 8;

/**
 * Field names that hold secrets: a word of the name (camelCase, snake_case, kebab-case) that
 * is, starts like or ends like pin, token, key, password, secret, cookie... ("pinHash",
 * "apiKey", "set-cookie", "accessToken"). A harmless field dropped by mistake costs nothing.
 */
const SECRET_WORD =
  /^(pin|token|passw|secret|cookie|credential)|(pin|token|key|password|passwd|pwd|secret|cookie|credential|authorization|passphrase)s?$/;

export function isSecretField(name: string): boolean {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .some((word) => SECRET_WORD.test(word));
}

/** A copy of a logged value without the fields whose names say they hold secrets, at any depth. */
export function withoutSecrets(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (Array.isArray(value)) return value.map((v) => withoutSecrets(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (!isSecretField(k)) out[k] = withoutSecrets(v, depth + 1);
  }
  return out;
}

function entryOf(line: string): LogEntry {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return { time: '', level: 'info', msg: line };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { time: '', level: 'info', msg: line };
  }
  const { time, level, module, msg, ...rest } = withoutSecrets(parsed) as Record<string, unknown>;
  return {
    time: typeof time === 'string' ? time : typeof time === 'number' ? new Date(time).toISOString() : '',
    level: typeof level === 'string' ? level : 'info',
    ...(typeof module === 'string' ? { module } : {}),
    msg: typeof msg === 'string' ? msg : '',
    ...rest,
  };
}

/** An over-long line kept as its head fields and the start of its message. */
function shorten(line: string): string {
  try {
    const { time, level, module, msg } = JSON.parse(line) as Record<string, unknown>;
    return JSON.stringify({ time, level, module, msg: String(msg ?? '').slice(0, 2000), truncated: true });
  } catch {
    return JSON.stringify({ msg: line.slice(0, 2000), truncated: true });
  }
}

/**
 * The agent's most recent log lines in memory (journald keeps the rest), for the admin
 * screen: raw JSON lines in a fixed ring, parsed and cleaned of secrets only when read.
 */
export class LogRing {
  private readonly lines: string[] = [];
  private next = 0;

  constructor(readonly capacity = 2000) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be >= 1');
  }

  get size(): number {
    return this.lines.length;
  }

  /** What pino writes: one or more newline-terminated JSON lines. */
  push(chunk: string): void {
    for (const line of chunk.split('\n')) {
      if (line.length === 0) continue;
      const kept = line.length > MAX_LINE_CHARS ? shorten(line) : line;
      if (this.lines.length < this.capacity) this.lines.push(kept);
      else this.lines[this.next] = kept;
      this.next = (this.next + 1) % this.capacity;
    }
  }

  /** The newest `limit` lines at or above `minLevel`, oldest first, without secrets. */
  recent(opts: { limit?: number; minLevel?: string } = {}): LogEntry[] {
    const ordered =
      this.lines.length < this.capacity
        ? this.lines
        : [...this.lines.slice(this.next), ...this.lines.slice(0, this.next)];
    const min = opts.minLevel === undefined ? -1 : rank(opts.minLevel);
    const limit = opts.limit ?? this.capacity;
    const out: LogEntry[] = [];
    for (let i = ordered.length - 1; i >= 0 && out.length < limit; i--) {
      const entry = entryOf(ordered[i]!);
      if (rank(entry.level) >= min) out.push(entry);
    }
    return out.reverse();
  }
}

/** A log entry as one line of plain text: time, level, module, message, then the other fields as JSON. */
export function logEntryText(e: LogEntry): string {
  const { time, level, module, msg, ...rest } = e;
  const fields = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
  return `${time} ${level.toUpperCase().padEnd(5)} ${module ?? '-'}: ${msg}${fields}`;
}

/** A pino destination that writes to `dest` exactly as before and keeps a copy of each line in `ring`. */
export function teeToRing(dest: DestinationStream, ring: LogRing): DestinationStream {
  return {
    write(line: string) {
      dest.write(line);
      ring.push(line);
    },
  };
}

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { bi, errnoCode, TiangError } from '../../core/index.js';
import { configSchema, type TiangConfig } from './schema.js';

/**
 * Environment variables that override a few keys, for development and tests.
 * Everything the control room may change comes in the desired state instead.
 */
export const envOverrides = {
  TIANG_DATA_DIR: { path: ['dataDir'], kind: 'string' },
  TIANG_HTTP_PORT: { path: ['http', 'port'], kind: 'number' },
  TIANG_PORTAL_PORT: { path: ['portal', 'port'], kind: 'number' },
  TIANG_PORTAL_REQUESTS_PER_MINUTE: { path: ['portal', 'requestsPerMinute'], kind: 'number' },
  TIANG_MQTT_URL: { path: ['mqtt', 'url'], kind: 'string' },
  TIANG_MQTT_EMBEDDED_PORT: { path: ['mqtt', 'embeddedPort'], kind: 'number' },
  TIANG_LOG_LEVEL: { path: ['log', 'level'], kind: 'string' },
} as const;

export interface LoadedConfig {
  config: TiangConfig;
  /** Absolute path of the file it came from. */
  file: string;
  /** Which environment variables changed it. */
  overriddenBy: string[];
}

const fixEdit = (file: string) =>
  bi(
    `Perbaiki ${file} sesuai pesan di atas (lihat README, bagian Konfigurasi), lalu jalankan lagi.`,
    `Correct ${file} as listed above (see the README, section Configuration), then start again.`,
  );

function readConfigText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'ENOENT') {
      throw new TiangError(
        'CONFIG_MISSING',
        `config file ${file} does not exist`,
        bi(
          `Salin deploy/tiang.yaml ke ${file} dan isi device.id, atau beri --config FILE.`,
          `Copy deploy/tiang.yaml to ${file} and fill in device.id, or pass --config FILE.`,
        ),
      );
    }
    if (code === 'EACCES' || code === 'EISDIR') {
      throw new TiangError(
        'CONFIG_UNREADABLE',
        `config file ${file} cannot be read (${code})`,
        bi(
          `Pastikan ${file} adalah file yang bisa dibaca user tiang (chmod 640, chown root:tiang).`,
          `Make ${file} a file the tiang user can read (chmod 640, chown root:tiang).`,
        ),
        { cause: err },
      );
    }
    throw err;
  }
}

function setPath(target: Record<string, unknown>, keys: readonly string[], value: unknown): void {
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const child = node[key];
    if (typeof child !== 'object' || child === null || Array.isArray(child)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]!] = value;
}

function applyEnv(raw: Record<string, unknown>, env: NodeJS.ProcessEnv, errors: string[]): string[] {
  const used: string[] = [];
  for (const [name, rule] of Object.entries(envOverrides)) {
    const text = env[name];
    if (text === undefined || text === '') continue;
    let value: unknown = text;
    if (rule.kind === 'number') {
      value = Number(text);
      if (!/^\d+$/.test(text)) {
        errors.push(`env ${name} (${rule.path.join('.')}): "${text}" is not a whole number`);
        continue;
      }
    }
    setPath(raw, rule.path, value);
    used.push(name);
  }
  return used;
}

function formatIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? issue.path.join('.') : '(top level)';
  if (issue.code === 'unrecognized_keys') {
    return `${where === '(top level)' ? '' : `${where}: `}unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  }
  return `${where}: ${issue.message}`;
}

/** Turn relative file paths into paths from the config file's folder, as a reader of the file expects. */
function resolvePaths(config: TiangConfig, baseDir: string, envDataDir: boolean): TiangConfig {
  const abs = (p: string | undefined) => (p === undefined ? undefined : path.resolve(baseDir, p));
  return {
    ...config,
    dataDir: envDataDir ? path.resolve(config.dataDir) : path.resolve(baseDir, config.dataDir),
    mqtt: { ...config.mqtt, ca: abs(config.mqtt.ca), cert: abs(config.mqtt.cert), key: abs(config.mqtt.key) },
    serial: config.serial,
  };
}

/**
 * Read, parse and validate the config file. Every problem is reported at once,
 * each with its path, so a technician fixes the file in one go.
 */
export function loadConfig(
  file: string,
  opts: { env?: NodeJS.ProcessEnv; simulate?: boolean } = {},
): LoadedConfig {
  const abs = path.resolve(file);
  const text = readConfigText(abs);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter });
  if (doc.errors.length > 0) {
    const lines = doc.errors.map((e) => {
      const pos = lineCounter.linePos(e.pos[0]);
      return `line ${pos.line} column ${pos.col}: ${e.message.split('\n')[0]}`;
    });
    throw new TiangError(
      'CONFIG_INVALID',
      `config file ${abs} is not valid YAML:\n  - ${lines.join('\n  - ')}`,
      fixEdit(abs),
    );
  }
  const parsed: unknown = doc.toJS() ?? {};
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new TiangError(
      'CONFIG_INVALID',
      `config file ${abs} must be a YAML mapping of keys (device:, http:, ...)`,
      fixEdit(abs),
    );
  }
  const raw = parsed as Record<string, unknown>;
  const errors: string[] = [];
  const overriddenBy = applyEnv(raw, opts.env ?? process.env, errors);
  if (opts.simulate) raw.simulate = true;

  const result = configSchema.safeParse(raw);
  if (!result.success) errors.push(...result.error.issues.map(formatIssue));
  if (errors.length > 0 || !result.success) {
    throw new TiangError(
      'CONFIG_INVALID',
      `config file ${abs} has ${errors.length} error${errors.length === 1 ? '' : 's'}:\n  - ${errors.join('\n  - ')}`,
      fixEdit(abs),
    );
  }
  const config = resolvePaths(result.data, path.dirname(abs), overriddenBy.includes('TIANG_DATA_DIR'));
  return { config, file: abs, overriddenBy };
}

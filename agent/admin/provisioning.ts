import { constants, realpathSync } from 'node:fs';
import { access, chmod, chown, readFile, realpath, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import {
  type Bilingual,
  bi,
  claimTempFile,
  commitTempFile,
  errnoCode,
  packageRoot,
  releaseTempFile,
} from '../../core/index.js';
import { loadConfig, type TiangConfig } from '../config/index.js';
import type { ProvisioningInput, ProvisioningValues } from './provisioning-check.js';

export {
  type CheckOptions,
  checkProvisioning,
  type ProvisioningInput,
  type ProvisioningProblem,
  type ProvisioningValues,
  provisioningInput,
} from './provisioning-check.js';

/**
 * Provisioning from the technician screen: which pole this is, its control room, the TLS
 * files and the trusted control-room keys. Everything is checked before anything is written
 * (provisioning-check.ts); the file is replaced whole (temp file loaded back through the
 * config loader, fsync, rename), the previous one kept as `.bak`. The agent reads its config
 * once, at start: the new values take effect after a restart.
 */

export function provisioningOf(config: TiangConfig): ProvisioningValues {
  const { mqtt } = config;
  return {
    deviceId: config.device.id,
    deviceName: config.device.name,
    brokerUrl: mqtt.url,
    tls: {
      ...(mqtt.ca ? { ca: mqtt.ca } : {}),
      ...(mqtt.cert ? { cert: mqtt.cert } : {}),
      ...(mqtt.key ? { key: mqtt.key } : {}),
    },
    trustedKeys: Object.entries(config.sync.trustedKeys).map(([kid, publicKey]) => ({ kid, publicKey })),
  };
}

/**
 * The values as the file has them now (relative TLS paths resolved from its folder, as the
 * agent reads them; no environment overrides); undefined when it does not load (edited by
 * hand into a broken state, or gone).
 */
export function provisioningInFile(file: string, simulate: boolean): ProvisioningValues | undefined {
  try {
    return provisioningOf(loadConfig(file, { env: {}, simulate }).config);
  } catch {
    return undefined;
  }
}

export type SaveTarget =
  | { writable: true; file: string }
  | {
      writable: false;
      /** Shown to the technician; null when the file is the package's own (the simulator's). */
      file: string | null;
      reason: Bilingual;
    };

const inside = (dir: string, file: string) => file.startsWith(`${dir}${path.sep}`);

/**
 * Where the screen may save. Never a file inside the package: the simulator's
 * `deploy/sim/tiang.sim.yaml` (and the template) belong to the repository, whoever started
 * the agent with them. A file outside it (a pole's /etc/tiang/tiang.yaml, or a simulator
 * started with its own --config) is written when the agent may write its folder: under the
 * shipped tiang-agent.service /etc is read-only for the agent (ProtectSystem=full), and the
 * screen says so instead of failing half-way.
 */
export async function saveTarget(file: string, simulate: boolean): Promise<SaveTarget> {
  const real = await realpath(file).catch(() => path.resolve(file));
  const root = realpathSync(packageRoot());
  if (inside(root, real)) {
    const name = path.relative(root, real);
    return {
      writable: false,
      file: null,
      reason: simulate
        ? bi(
            `Pengaturan simulator tidak diubah dari layar admin; ubah ${name}.`,
            `The simulator's configuration is not changed from the admin screen; edit ${name}.`,
          )
        : bi(
            `${name} adalah bagian dari perangkat lunak dan tidak diubah dari layar admin. Salin ke /etc/tiang/tiang.yaml dan jalankan agen dengan --config /etc/tiang/tiang.yaml.`,
            `${name} is part of the software and is not changed from the admin screen. Copy it to /etc/tiang/tiang.yaml and start the agent with --config /etc/tiang/tiang.yaml.`,
          ),
    };
  }
  const dir = path.dirname(real);
  try {
    await access(dir, constants.W_OK | constants.X_OK);
    await access(real, constants.R_OK);
  } catch (err) {
    return { writable: false, file: real, reason: cannotWrite(real, errnoCode(err) ?? 'error') };
  }
  return { writable: true, file: real };
}

function cannotWrite(file: string, code: string): Bilingual {
  return bi(
    `Agen tiang tidak boleh menulis ${file} (${code}). Ubah berkas itu lewat SSH (sudoedit ${file}) lalu mulai ulang tiang; tombol Periksa tetap dapat memeriksa isian.`,
    `The pole agent may not write ${file} (${code}). Change the file over SSH (sudoedit ${file}), then restart the pole; the Check button still checks the values.`,
  );
}

/** An error of writing the file that says why the agent may not: the screen answers 409. */
export class NotWritableError extends Error {
  constructor(readonly reason: Bilingual) {
    super(reason.en);
    this.name = 'NotWritableError';
  }
}

/** The names of the input's fields whose value differs from what the YAML document holds. */
function applyInput(doc: ReturnType<typeof parseDocument>, input: ProvisioningInput): string[] {
  const changed: string[] = [];
  const set = (field: string, at: string[], value: unknown) => {
    if (JSON.stringify(doc.getIn(at)) === JSON.stringify(value)) return;
    doc.setIn(at, value);
    changed.push(field);
  };
  if (input.deviceId !== undefined) set('deviceId', ['device', 'id'], input.deviceId);
  if (input.deviceName !== undefined) set('deviceName', ['device', 'name'], input.deviceName);
  if (input.brokerUrl !== undefined) set('brokerUrl', ['mqtt', 'url'], input.brokerUrl);
  if (input.tls) {
    for (const part of ['ca', 'cert', 'key'] as const) {
      const value = input.tls[part];
      if (value) set(`tls.${part}`, ['mqtt', part], value);
      else if (doc.hasIn(['mqtt', part])) {
        doc.deleteIn(['mqtt', part]);
        changed.push(`tls.${part}`);
      }
    }
  }
  if (input.trustedKeys !== undefined) {
    set(
      'trustedKeys',
      ['sync', 'trustedKeys'],
      Object.fromEntries(input.trustedKeys.map((k) => [k.kid, k.publicKey])),
    );
  }
  return changed;
}

interface FileLike {
  mode: number;
  uid: number;
  gid: number;
}

/** A temp file beside `final` holding `bytes`, with `like`'s mode (and owner, when this process may). */
async function tempFileFor(final: string, bytes: string, like: FileLike): Promise<string> {
  const temp = claimTempFile(path.dirname(final), '.yaml');
  try {
    await writeFile(temp, bytes, { mode: 0o600, flag: 'wx' });
    // Same owner as the old file when this process may (root); the agent's own user otherwise.
    await chown(temp, like.uid, like.gid).catch(() => undefined);
    await chmod(temp, like.mode & 0o7777);
    return temp;
  } catch (err) {
    await releaseTempFile(temp);
    throw err;
  }
}

/**
 * Writes the provisioning into the config file, comments and key order kept (yaml's Document
 * API): a temp file beside it, loaded back through the config loader (a file the agent could
 * not start with is never put in place), then fsync and rename. The previous file is kept as
 * `<file>.bak`, written the same way just before. Returns the names of the fields that
 * changed (nothing is written when none did). Throws NotWritableError when the system
 * refuses the write, a TiangError (CONFIG_INVALID) when the result would not load.
 */
export async function saveProvisioning(
  file: string,
  input: ProvisioningInput,
  simulate: boolean,
): Promise<string[]> {
  const text = await readFile(file, 'utf8');
  const doc = parseDocument(text);
  const changed = applyInput(doc, input);
  if (changed.length === 0) return changed;

  const st = await stat(file);
  let temp: string | undefined;
  try {
    temp = await tempFileFor(file, String(doc), st);
    // Throws with the field named when the whole file would not load.
    loadConfig(temp, { env: {}, simulate });
    const bak = await tempFileFor(`${file}.bak`, text, st);
    try {
      await commitTempFile(bak, `${file}.bak`);
    } catch (err) {
      await releaseTempFile(bak);
      throw err;
    }
    await commitTempFile(temp, file);
  } catch (err) {
    if (temp) await releaseTempFile(temp);
    if (isRefused(err)) throw new NotWritableError(cannotWrite(file, errnoCode(err)!));
    throw err;
  }
  return changed;
}

const isRefused = (err: unknown) => ['EACCES', 'EPERM', 'EROFS'].includes(errnoCode(err) ?? '');

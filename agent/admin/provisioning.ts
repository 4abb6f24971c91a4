import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { type Bilingual, bi, claimTempFile, commitTempFile, releaseTempFile } from '../../core/index.js';
import { publicKeyFromRaw } from '../../sync/index.js';
import { loadConfig, type TiangConfig } from '../config/index.js';

/**
 * Provisioning from the technician screen: which pole this is, its control room, the TLS
 * files and the trusted control-room keys. Everything is checked before anything is
 * written; the file is replaced whole (temp file, loaded back through the config loader,
 * fsync, rename), the previous one kept as `.bak`. The agent uses it after a restart.
 */

export const provisioningInput = z.strictObject({
  deviceId: z.string().max(200).optional(),
  deviceName: z.string().max(200).optional(),
  brokerUrl: z.string().max(500).optional(),
  tls: z
    .strictObject({
      ca: z.string().max(500).optional(),
      cert: z.string().max(500).optional(),
      key: z.string().max(500).optional(),
    })
    .optional(),
  trustedKeys: z
    .array(z.strictObject({ kid: z.string().max(200), publicKey: z.string().max(200) }))
    .max(8)
    .optional(),
});
export type ProvisioningInput = z.infer<typeof provisioningInput>;

export interface ProvisioningProblem {
  field: string;
  message: Bilingual;
}

export interface ProvisioningDoc {
  /** Null when this screen must not change the file (the simulator's, inside the package). */
  configFile: string | null;
  deviceId: string;
  deviceName: string;
  brokerUrl: string;
  tls: { ca?: string; cert?: string; key?: string };
  trustedKeys: { kid: string; publicKey: string }[];
}

export function currentProvisioning(config: TiangConfig, configFile: string | null): ProvisioningDoc {
  const { mqtt } = config;
  return {
    configFile,
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

const BROKER_PROTOCOLS = new Set(['mqtt:', 'mqtts:', 'ws:', 'wss:']);

/** Every problem of the input, each naming its field; empty when it may be saved. */
export async function checkProvisioning(
  input: ProvisioningInput,
  now: number,
): Promise<ProvisioningProblem[]> {
  const problems: ProvisioningProblem[] = [];
  const add = (field: string, id: string, en: string) => problems.push({ field, message: bi(id, en) });

  if (input.deviceId !== undefined && !/^[a-z0-9-]{3,32}$/.test(input.deviceId)) {
    add(
      'deviceId',
      'ID tiang harus 3–32 karakter: huruf kecil a–z, angka 0–9 dan "-" (contoh: blt-kanigoro-007).',
      'The pole id must be 3–32 characters of a–z, 0–9 and "-" (e.g. blt-kanigoro-007).',
    );
  }
  if (input.deviceName !== undefined && (input.deviceName.length > 80 || /\p{Cc}/u.test(input.deviceName))) {
    add(
      'deviceName',
      'Nama tiang paling banyak 80 karakter, tanpa karakter kendali.',
      'The pole name is at most 80 characters, without control characters.',
    );
  }
  if (input.brokerUrl !== undefined) checkBroker(input.brokerUrl, add);

  const tls = input.tls ?? {};
  const ca = tls.ca ? await readPem('tls.ca', tls.ca, add) : undefined;
  const cert = tls.cert ? await readPem('tls.cert', tls.cert, add) : undefined;
  const key = tls.key ? await readPem('tls.key', tls.key, add) : undefined;
  if (ca !== undefined) certificate('tls.ca', ca, now, add);
  const x509 = cert !== undefined ? certificate('tls.cert', cert, now, add) : undefined;
  let privateKey: KeyObject | undefined;
  if (key !== undefined) {
    try {
      privateKey = createPrivateKey(key);
    } catch {
      add(
        'tls.key',
        'Berkas kunci bukan kunci privat PEM yang dapat dibaca.',
        'The key file is not a readable PEM private key.',
      );
    }
  }
  if (!!tls.cert !== !!tls.key) {
    add(
      tls.cert ? 'tls.key' : 'tls.cert',
      'Sertifikat tiang dan kuncinya harus diisi bersama.',
      'The pole certificate and its key go together.',
    );
  } else if (x509 && privateKey && !x509.checkPrivateKey(privateKey)) {
    add(
      'tls.key',
      'Kunci ini bukan pasangan sertifikat tiang.',
      'This key does not belong to the pole certificate.',
    );
  }

  if (input.trustedKeys !== undefined) {
    if (input.trustedKeys.length === 0) {
      add(
        'trustedKeys',
        'Isi paling sedikit satu kunci ruang kendali; tanpa kunci tiang tidak menerima perintah apa pun.',
        'Give at least one control-room key; without one the pole accepts no command.',
      );
    }
    const seen = new Set<string>();
    for (const [i, k] of input.trustedKeys.entries()) {
      if (!/^[A-Za-z0-9._-]{1,64}$/.test(k.kid)) {
        add(
          `trustedKeys.${i}.kid`,
          `Nama kunci "${k.kid}" salah: 1–64 karakter A–Z, a–z, 0–9, ".", "_", "-".`,
          `Key id "${k.kid}" is wrong: 1–64 characters of A–Z, a–z, 0–9, ".", "_", "-".`,
        );
      } else if (seen.has(k.kid)) {
        add(
          `trustedKeys.${i}.kid`,
          `Nama kunci "${k.kid}" dipakai dua kali.`,
          `Key id "${k.kid}" is used twice.`,
        );
      }
      seen.add(k.kid);
      if (!validEd25519(k.publicKey)) {
        add(
          `trustedKeys.${i}.publicKey`,
          `Kunci "${k.kid}" bukan kunci publik Ed25519 (43 karakter base64url dari tiangctl keygen).`,
          `Key "${k.kid}" is not an Ed25519 public key (43 base64url characters from tiangctl keygen).`,
        );
      }
    }
  }
  return problems;
}

type Add = (field: string, id: string, en: string) => void;

function checkBroker(raw: string, add: Add): void {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    // reported below
  }
  if (!url || !BROKER_PROTOCOLS.has(url.protocol)) {
    add(
      'brokerUrl',
      'Alamat broker harus diawali mqtts://, mqtt://, wss:// atau ws:// (contoh: mqtts://broker.blitarkab.go.id:8883).',
      'The broker address must start with mqtts://, mqtt://, wss:// or ws:// (e.g. mqtts://broker.blitarkab.go.id:8883).',
    );
  } else if (!url.hostname) {
    add('brokerUrl', 'Alamat broker tidak berisi nama server.', 'The broker address has no host name.');
  } else if (url.username || url.password) {
    add(
      'brokerUrl',
      'Jangan menaruh nama pengguna atau sandi di alamat broker; tiang memakai sertifikat.',
      'Do not put a user name or password in the broker address; the pole uses its certificate.',
    );
  }
}

async function readPem(field: string, file: string, add: Add): Promise<string | undefined> {
  if (!path.isAbsolute(file)) {
    add(
      field,
      `Tulis jalur lengkap berkas (diawali "/"): ${file}`,
      `Give the full path of the file (starting with "/"): ${file}`,
    );
    return undefined;
  }
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    add(field, `Berkas tidak dapat dibaca (${code}): ${file}`, `The file cannot be read (${code}): ${file}`);
    return undefined;
  }
}

function certificate(field: string, pem: string, now: number, add: Add): X509Certificate | undefined {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    add(
      field,
      'Berkas ini bukan sertifikat PEM yang dapat dibaca.',
      'This file is not a readable PEM certificate.',
    );
    return undefined;
  }
  if (Date.parse(cert.validTo) <= now) {
    add(
      field,
      `Sertifikat sudah kedaluwarsa sejak ${cert.validTo}.`,
      `The certificate expired on ${cert.validTo}.`,
    );
  } else if (Date.parse(cert.validFrom) > now) {
    add(
      field,
      `Sertifikat baru berlaku mulai ${cert.validFrom}.`,
      `The certificate is only valid from ${cert.validFrom}.`,
    );
  }
  return cert;
}

function validEd25519(raw: string): boolean {
  if (!/^[A-Za-z0-9_-]{43}$/.test(raw)) return false;
  try {
    publicKeyFromRaw(raw);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes the provisioning into the config file: a temp file beside it, loaded back through
 * the config loader (a file the agent could not start with is never put in place), then
 * fsync and rename. Returns the names of the fields that changed.
 */
export async function saveProvisioning(
  file: string,
  input: ProvisioningInput,
  simulate: boolean,
): Promise<string[]> {
  const text = await readFile(file, 'utf8');
  const doc = parseDocument(text);
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
  if (changed.length === 0) return changed;

  const dir = path.dirname(file);
  const temp = claimTempFile(dir, '.yaml');
  try {
    await writeFile(temp, String(doc), { mode: 0o640 });
    // Throws with the field named when the whole file would not load.
    loadConfig(temp, { env: {}, simulate });
    await copyFile(file, `${file}.bak`);
    await commitTempFile(temp, file);
  } catch (err) {
    await releaseTempFile(temp);
    throw err;
  }
  return changed;
}

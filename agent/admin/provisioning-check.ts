import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { rootCertificates } from 'node:tls';
import { z } from 'zod';
import { type Bilingual, bi, errnoCode } from '../../core/index.js';
import { NAME_RE, publicKeyFromRaw, trustedKeySchema } from '../../sync/index.js';

/**
 * The checks of the technician screen's provisioning form (docs/http.md), run before
 * anything is saved. Every problem names its field (`field` as in the request body, and in
 * words at the start of the message), in plain Indonesian first and English second: the
 * technician on the ladder is an electrician, not an IT specialist.
 */

const path500 = z.string().max(500);

export const provisioningInput = z.strictObject({
  deviceId: z.string().max(200).optional(),
  deviceName: z.string().max(200).optional(),
  brokerUrl: z.string().max(500).optional(),
  /** Replaced as a whole when given: a file left out is removed from the config. */
  tls: z
    .strictObject({ ca: path500.optional(), cert: path500.optional(), key: path500.optional() })
    .optional(),
  trustedKeys: z
    .array(z.strictObject({ kid: z.string().max(200), publicKey: z.string().max(200) }))
    .max(8)
    .optional(),
});
export type ProvisioningInput = z.infer<typeof provisioningInput>;

/** The provisioning values of a config, as the form shows them. */
export interface ProvisioningValues {
  deviceId: string;
  deviceName: string;
  brokerUrl: string;
  tls: { ca?: string; cert?: string; key?: string };
  trustedKeys: { kid: string; publicKey: string }[];
}

export interface ProvisioningProblem {
  field: string;
  message: Bilingual;
}

export interface CheckOptions {
  /** The values saved now: the address and the TLS files are checked together. */
  current?: ProvisioningValues;
  /** `embedded` (the simulator's own broker) is an address only on the simulator. */
  simulate?: boolean;
}

/** The largest TLS file read: a certificate chain is a few kilobytes. */
const MAX_PEM_BYTES = 256 * 1024;

const LABEL = {
  deviceId: bi('ID tiang', 'Pole id'),
  deviceName: bi('Nama tiang', 'Pole name'),
  brokerUrl: bi('Alamat broker', 'Broker address'),
  'tls.ca': bi('Berkas CA', 'CA file'),
  'tls.cert': bi('Berkas sertifikat tiang', 'Pole certificate file'),
  'tls.key': bi('Berkas kunci tiang', 'Pole key file'),
  trustedKeys: bi('Kunci ruang kendali', 'Control-room keys'),
} as const;
type Field = keyof typeof LABEL;

class Problems {
  readonly list: ProvisioningProblem[] = [];

  /** `field` is the body path (e.g. `trustedKeys.1.kid`); `label` names it in words. */
  add(field: string, label: Field | Bilingual, id: string, en: string): void {
    const name = typeof label === 'string' ? LABEL[label] : label;
    this.list.push({ field, message: bi(`${name.id}: ${id}`, `${name.en}: ${en}`) });
  }
}

/**
 * Every problem of the input, each naming its field; empty when it may be saved. A field left
 * out of the input is kept as it is and not checked, except where it goes with one given.
 */
export async function checkProvisioning(
  input: ProvisioningInput,
  now: number,
  opts: CheckOptions = {},
): Promise<ProvisioningProblem[]> {
  const p = new Problems();
  if (input.deviceId !== undefined && !NAME_RE.test(input.deviceId)) {
    p.add(
      'deviceId',
      'deviceId',
      `"${input.deviceId}" tidak bisa dipakai. Tulis 3–32 huruf kecil a–z, angka 0–9 atau tanda "-", tanpa spasi (contoh: blt-kanigoro-007).`,
      `"${input.deviceId}" cannot be used. Write 3–32 lower-case letters a–z, digits 0–9 or "-", without spaces (e.g. blt-kanigoro-007).`,
    );
  }
  if (input.deviceName !== undefined && (input.deviceName.length > 80 || /\p{Cc}/u.test(input.deviceName))) {
    p.add(
      'deviceName',
      'deviceName',
      'paling banyak 80 huruf, dalam satu baris.',
      'at most 80 characters, on one line.',
    );
  }

  // The address and the TLS files as they will be saved, for the rules that take both.
  const brokerUrl = input.brokerUrl ?? opts.current?.brokerUrl;
  const tls = input.tls ?? opts.current?.tls ?? {};
  const hasTls = Boolean(tls.ca || tls.cert || tls.key);
  if (input.brokerUrl !== undefined) checkBroker(input.brokerUrl, opts.simulate ?? false, p);
  if (brokerUrl !== undefined && (input.brokerUrl !== undefined || input.tls !== undefined)) {
    const scheme = /^([a-z]+):/.exec(brokerUrl)?.[1];
    if (hasTls && (scheme === 'mqtt' || scheme === 'ws')) {
      p.add(
        'brokerUrl',
        'brokerUrl',
        `berkas TLS diisi, tetapi ${scheme}:// tidak terenkripsi. Pakai ${scheme}s:// (contoh: mqtts://broker.blitarkab.go.id:8883).`,
        `TLS files are given, but ${scheme}:// is not encrypted. Use ${scheme}s:// (e.g. mqtts://broker.blitarkab.go.id:8883).`,
      );
    } else if (hasTls && brokerUrl === 'embedded') {
      p.add(
        'brokerUrl',
        'brokerUrl',
        'broker bawaan simulator tidak memakai berkas TLS; kosongkan berkas CA, sertifikat dan kunci.',
        "the simulator's own broker takes no TLS files; leave the CA, certificate and key empty.",
      );
    } else if ((scheme === 'mqtts' || scheme === 'wss') && !tls.ca && rootCertificates.length === 0) {
      p.add(
        'tls.ca',
        'tls.ca',
        `${scheme}:// perlu berkas CA untuk memeriksa broker, dan sistem ini tidak punya daftar CA. Isi berkas CA.`,
        `${scheme}:// needs a CA file to check the broker, and this system has no CA list. Give the CA file.`,
      );
    }
  }

  if (input.tls) await checkTls(input.tls, now, p);
  if (input.trustedKeys !== undefined) checkTrustedKeys(input.trustedKeys, p);
  return p.list;
}

const SCHEME = /^(mqtts?|wss?):\/\/\S+$/;

function checkBroker(raw: string, simulate: boolean, p: Problems): void {
  const add = (id: string, en: string) => p.add('brokerUrl', 'brokerUrl', id, en);
  const example = 'mqtts://broker.blitarkab.go.id:8883';
  if (raw === 'embedded') {
    if (!simulate) {
      add(
        `"embedded" hanya untuk simulator. Tulis alamat ruang kendali (contoh: ${example}).`,
        `"embedded" is for the simulator only. Write the control room's address (e.g. ${example}).`,
      );
    }
    return;
  }
  if (/\s/.test(raw)) {
    add('tidak boleh ada spasi di dalam alamat.', 'the address must not contain spaces.');
    return;
  }
  if (!SCHEME.test(raw)) {
    add(
      `alamat harus diawali mqtts://, mqtt://, wss:// atau ws:// (contoh: ${example}).`,
      `the address must start with mqtts://, mqtt://, wss:// or ws:// (e.g. ${example}).`,
    );
    return;
  }
  const authority = /^[a-z]+:\/\/([^/?#]*)/.exec(raw)?.[1] ?? '';
  if (authority.includes('@')) {
    add(
      'jangan menaruh nama pengguna atau sandi di alamat; tiang masuk dengan sertifikatnya.',
      'do not put a user name or password in the address; the pole logs in with its certificate.',
    );
    return;
  }
  const hostPort = /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(authority);
  const host = hostPort?.[1] ?? '';
  const port = hostPort?.[2];
  if (host === '' || host === '[]') {
    add(`nama server tidak ada (contoh: ${example}).`, `the server name is missing (e.g. ${example}).`);
    return;
  }
  if (port !== undefined && (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535)) {
    add(
      `nomor port "${port}" salah: harus 1–65535 (biasanya 8883 untuk mqtts://).`,
      `port "${port}" is wrong: it must be 1–65535 (usually 8883 for mqtts://).`,
    );
    return;
  }
  try {
    new URL(raw);
  } catch {
    add(`"${raw}" bukan alamat yang benar.`, `"${raw}" is not a valid address.`);
  }
}

type PemKind = 'certificate' | 'key';

async function checkTls(tls: NonNullable<ProvisioningInput['tls']>, now: number, p: Problems): Promise<void> {
  const ca = tls.ca ? await readPem('tls.ca', tls.ca, 'certificate', p) : undefined;
  const cert = tls.cert ? await readPem('tls.cert', tls.cert, 'certificate', p) : undefined;
  const key = tls.key ? await readPem('tls.key', tls.key, 'key', p) : undefined;

  if (ca !== undefined) {
    const certs = certificates('tls.ca', ca, p);
    // A CA bundle may hold old certificates next to current ones: one valid now is enough.
    if (certs.length > 0 && !certs.some((c) => validNow(c, now))) validity('tls.ca', certs[0]!, now, p);
  }
  const leaf = cert !== undefined ? certificates('tls.cert', cert, p)[0] : undefined;
  if (leaf && !validNow(leaf, now)) validity('tls.cert', leaf, now, p);

  let privateKey: KeyObject | undefined;
  if (key !== undefined) {
    try {
      privateKey = createPrivateKey(key);
    } catch (err) {
      // PKCS#8 "ENCRYPTED PRIVATE KEY", or the older "Proc-Type: 4,ENCRYPTED" header.
      if (/ENCRYPTED/.test(key) || /PASSPHRASE/.test(errnoCode(err) ?? '')) {
        p.add(
          'tls.key',
          'tls.key',
          'kunci ini dikunci dengan sandi; tiang perlu kunci tanpa sandi.',
          'this key is protected with a password; the pole needs one without.',
        );
      } else {
        p.add(
          'tls.key',
          'tls.key',
          'isi berkas bukan kunci privat yang dapat dibaca.',
          'the file does not hold a private key that can be read.',
        );
      }
    }
  }
  if (Boolean(tls.cert) !== Boolean(tls.key)) {
    const missing = tls.cert ? 'tls.key' : 'tls.cert';
    p.add(
      missing,
      missing,
      'sertifikat tiang dan kuncinya harus diisi bersama (atau keduanya kosong).',
      'the pole certificate and its key go together (or both stay empty).',
    );
  } else if (leaf && privateKey && !leaf.checkPrivateKey(privateKey)) {
    p.add(
      'tls.key',
      'tls.key',
      'kunci ini bukan pasangan sertifikat tiang. Pilih berkas kunci yang dibuat bersama sertifikat itu.',
      'this key does not belong to the pole certificate. Choose the key file made with that certificate.',
    );
  }
}

/** The file's text when it is a readable PEM file of the right kind; a problem otherwise. */
async function readPem(field: Field, file: string, kind: PemKind, p: Problems): Promise<string | undefined> {
  const add = (id: string, en: string) => p.add(field, field, id, en);
  if (!path.isAbsolute(file)) {
    add(
      `tulis jalur lengkap berkas, diawali "/" (contoh: /etc/tiang/tls/ca.pem), bukan "${file}".`,
      `write the full path of the file, starting with "/" (e.g. /etc/tiang/tls/ca.pem), not "${file}".`,
    );
    return undefined;
  }
  let text: string;
  try {
    // Non-blocking: a FIFO must not hold the request forever.
    const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const st = await handle.stat();
      if (!st.isFile()) {
        add(`${file} bukan berkas biasa.`, `${file} is not a plain file.`);
        return undefined;
      }
      if (st.size > MAX_PEM_BYTES) {
        add(
          `${file} terlalu besar untuk sertifikat atau kunci (${st.size} byte).`,
          `${file} is too large for a certificate or a key (${st.size} bytes).`,
        );
        return undefined;
      }
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (err) {
    const code = errnoCode(err) ?? 'error';
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      add(`berkas ${file} tidak ada. Periksa jalurnya.`, `${file} does not exist. Check the path.`);
    } else if (code === 'EACCES' || code === 'EPERM') {
      add(
        `agen tiang tidak boleh membaca ${file}. Izinkan: chgrp tiang ${file}; chmod 640 ${file}.`,
        `the pole agent may not read ${file}. Allow it: chgrp tiang ${file}; chmod 640 ${file}.`,
      );
    } else {
      add(`berkas ${file} tidak dapat dibaca (${code}).`, `${file} cannot be read (${code}).`);
    }
    return undefined;
  }
  const labels = [...text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----/g)].map((m) => m[1]!);
  if (labels.length === 0) {
    add(
      'berkas ini bukan berkas PEM (teks yang diawali "-----BEGIN"). Minta berkas .pem dari ruang kendali.',
      'this file is not a PEM file (text starting with "-----BEGIN"). Ask the control room for the .pem file.',
    );
    return undefined;
  }
  const isKey = (l: string) => l.endsWith('PRIVATE KEY');
  if (kind === 'certificate' && !labels.includes('CERTIFICATE')) {
    if (labels.some(isKey)) {
      add(
        'berkas ini berisi kunci privat, bukan sertifikat. Mungkin tertukar dengan berkas kunci.',
        'this file holds a private key, not a certificate. It may be swapped with the key file.',
      );
    } else {
      add('berkas ini tidak berisi sertifikat.', 'this file holds no certificate.');
    }
    return undefined;
  }
  if (kind === 'key' && !labels.some(isKey)) {
    add(
      labels.includes('CERTIFICATE')
        ? 'berkas ini berisi sertifikat, bukan kunci privat. Mungkin tertukar dengan berkas sertifikat.'
        : 'berkas ini tidak berisi kunci privat.',
      labels.includes('CERTIFICATE')
        ? 'this file holds a certificate, not a private key. It may be swapped with the certificate file.'
        : 'this file holds no private key.',
    );
    return undefined;
  }
  return text;
}

/** Every certificate of a PEM file, in order; a problem when one cannot be parsed. */
function certificates(field: Field, pem: string, p: Problems): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  const certs: X509Certificate[] = [];
  for (const block of blocks) {
    try {
      certs.push(new X509Certificate(block));
    } catch {
      p.add(
        field,
        field,
        'sertifikat di berkas ini rusak atau tidak lengkap dan tidak dapat dibaca.',
        'a certificate in this file is damaged or incomplete and cannot be read.',
      );
      return [];
    }
  }
  if (certs.length === 0) {
    p.add(field, field, 'berkas ini tidak berisi sertifikat.', 'this file holds no certificate.');
  }
  return certs;
}

const validNow = (c: X509Certificate, now: number) =>
  Date.parse(c.validFrom) <= now && now < Date.parse(c.validTo);

function validity(field: Field, c: X509Certificate, now: number, p: Problems): void {
  if (Date.parse(c.validTo) <= now) {
    p.add(
      field,
      field,
      `sertifikat sudah kedaluwarsa sejak ${c.validTo}. Minta sertifikat baru dari ruang kendali.`,
      `the certificate expired on ${c.validTo}. Ask the control room for a new one.`,
    );
  } else {
    p.add(
      field,
      field,
      `sertifikat baru berlaku mulai ${c.validFrom}. Periksa jam tiang, atau tunggu sampai tanggal itu.`,
      `the certificate is only valid from ${c.validFrom}. Check the pole's clock, or wait until then.`,
    );
  }
}

function checkTrustedKeys(keys: NonNullable<ProvisioningInput['trustedKeys']>, p: Problems): void {
  if (keys.length === 0) {
    p.add(
      'trustedKeys',
      'trustedKeys',
      'isi paling sedikit satu kunci. Tanpa kunci, tiang tidak menerima perintah apa pun dari ruang kendali.',
      'give at least one key. Without one, the pole accepts no command from the control room.',
    );
  }
  const seen = new Set<string>();
  for (const [i, k] of keys.entries()) {
    const label = bi(`Kunci ruang kendali no. ${i + 1}`, `Control-room key no. ${i + 1}`);
    // The contract's own rules: the kid as a signed document carries it, the key as the verifier reads it.
    if (!trustedKeySchema.shape.kid.safeParse(k.kid).success) {
      p.add(
        `trustedKeys.${i}.kid`,
        label,
        `nama kunci "${k.kid}" salah: 1–64 huruf A–Z, a–z, angka 0–9, ".", "_" atau "-", tanpa spasi.`,
        `key id "${k.kid}" is wrong: 1–64 letters A–Z, a–z, digits 0–9, ".", "_" or "-", without spaces.`,
      );
    } else if (seen.has(k.kid)) {
      p.add(
        `trustedKeys.${i}.kid`,
        label,
        `nama kunci "${k.kid}" sudah dipakai di baris lain. Setiap kunci perlu nama sendiri.`,
        `key id "${k.kid}" is already used on another line. Each key needs its own id.`,
      );
    }
    seen.add(k.kid);
    if (!validEd25519(k.publicKey)) {
      p.add(
        `trustedKeys.${i}.publicKey`,
        label,
        'ini bukan kunci publik Ed25519: 43 karakter seperti yang dicetak "tiangctl keygen". Salin lagi tanpa spasi.',
        'this is not an Ed25519 public key: 43 characters as printed by "tiangctl keygen". Copy it again without spaces.',
      );
    }
  }
}

function validEd25519(raw: string): boolean {
  try {
    publicKeyFromRaw(raw);
    return true;
  } catch {
    return false;
  }
}

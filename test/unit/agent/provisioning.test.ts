import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkProvisioning,
  type ProvisioningInput,
  saveProvisioning,
} from '../../../agent/admin/provisioning.js';
import { loadConfig } from '../../../agent/config/index.js';
import { generateSigningKey } from '../../../sync/index.js';
import { repoRoot } from '../../helpers/agent-process.js';
import { makeTlsFiles, type TlsFiles } from '../../helpers/mosquitto.js';
import { tempDir } from '../../helpers/temp-dir.js';

let dir: ReturnType<typeof tempDir>;
let tls: TlsFiles;
const NOW = Date.now();
const key = () => generateSigningKey().publicKey;

beforeAll(() => {
  dir = tempDir('tiang-provisioning-');
  tls = makeTlsFiles(dir.path, 'blt-kanigoro-007');
});
afterAll(() => dir.remove());

const good = (): ProvisioningInput => ({
  deviceId: 'blt-kanigoro-008',
  deviceName: 'Simpang Kanigoro Timur',
  brokerUrl: 'mqtts://broker.blitarkab.example:8883',
  tls: { ca: tls.ca, cert: tls.clientCert, key: tls.clientKey },
  trustedKeys: [{ kid: 'cr-2026', publicKey: key() }],
});

const fieldsOf = async (input: ProvisioningInput, now = NOW) =>
  (await checkProvisioning(input, now)).map((p) => p.field);

describe('provisioning check', () => {
  it('passes good values: a real CA, a matching certificate and key, an Ed25519 key', async () => {
    expect(await checkProvisioning(good(), NOW)).toEqual([]);
  });

  it('names the field of each bad value, in Indonesian and English', async () => {
    const cases: [Partial<ProvisioningInput>, string][] = [
      [{ deviceId: 'Tiang 8' }, 'deviceId'],
      [{ brokerUrl: 'http://broker.example' }, 'brokerUrl'],
      [{ brokerUrl: 'mqtts://' }, 'brokerUrl'],
      [{ brokerUrl: 'mqtts://user:secret@broker.example' }, 'brokerUrl'],
      [{ tls: { ca: path.join(dir.path, 'missing.pem') } }, 'tls.ca'],
      [{ tls: { ca: 'relative/ca.pem' } }, 'tls.ca'],
      [{ tls: { ca: tls.clientKey } }, 'tls.ca'],
      [{ tls: { cert: tls.clientCert, key: tls.serverKey } }, 'tls.key'],
      [{ tls: { cert: tls.clientCert } }, 'tls.key'],
      [{ trustedKeys: [] }, 'trustedKeys'],
      [{ trustedKeys: [{ kid: 'cr', publicKey: 'not-a-key' }] }, 'trustedKeys.0.publicKey'],
      [{ trustedKeys: [{ kid: 'x'.repeat(65), publicKey: key() }] }, 'trustedKeys.0.kid'],
      [
        {
          trustedKeys: [
            { kid: 'cr', publicKey: key() },
            { kid: 'cr', publicKey: key() },
          ],
        },
        'trustedKeys.1.kid',
      ],
    ];
    for (const [change, field] of cases) {
      const problems = await checkProvisioning({ ...good(), ...change }, NOW);
      expect(
        problems.map((p) => p.field),
        JSON.stringify(change),
      ).toContain(field);
      for (const p of problems) {
        expect(p.message.id).not.toBe('');
        expect(p.message.en).not.toBe('');
      }
    }
  });

  it('refuses an expired certificate', async () => {
    // The test certificates last two days: a year later they have expired.
    expect(await fieldsOf(good(), NOW + 365 * 86_400_000)).toEqual(
      expect.arrayContaining(['tls.ca', 'tls.cert']),
    );
  });
});

describe('provisioning save', () => {
  const configFile = () => {
    const file = path.join(dir.path, `tiang-${Math.random().toString(16).slice(2)}.yaml`);
    writeFileSync(file, readFileSync(path.join(repoRoot, 'deploy', 'tiang.yaml')));
    return file;
  };

  it('writes the new values, keeps comments and a .bak, and the agent loads the file', async () => {
    const file = configFile();
    const before = readFileSync(file, 'utf8');
    const changed = await saveProvisioning(file, good(), false);
    expect(changed).toEqual(
      expect.arrayContaining(['deviceId', 'deviceName', 'brokerUrl', 'tls.ca', 'trustedKeys']),
    );
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe(before);
    const after = readFileSync(file, 'utf8');
    expect(after).toContain('# Tiang pole configuration');
    const loaded = loadConfig(file, { env: {} });
    expect(loaded.config.device.id).toBe('blt-kanigoro-008');
    expect(loaded.config.mqtt.cert).toBe(tls.clientCert);
    expect(Object.keys(loaded.config.sync.trustedKeys)).toEqual(['cr-2026']);
  });

  it('leaves the file as it was when the result would not load, and no temp file behind', async () => {
    const file = configFile();
    const before = readFileSync(file, 'utf8');
    // A certificate without its key: the config loader refuses that file.
    await expect(saveProvisioning(file, { tls: { cert: tls.clientCert } }, false)).rejects.toThrow(/key/);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(existsSync(`${file}.bak`)).toBe(false);
    expect(readdirSync(dir.path).filter((n) => n.startsWith('.tmp-'))).toEqual([]);
  });
});

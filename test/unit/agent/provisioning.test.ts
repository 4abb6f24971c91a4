import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_COOKIE, AdminAuth } from '../../../agent/admin/index.js';
import {
  checkProvisioning,
  type ProvisioningInput,
  saveProvisioning,
} from '../../../agent/admin/provisioning.js';
import { simulatorConfig } from '../../../agent/cli/config-path.js';
import { type LoadedConfig, loadConfig } from '../../../agent/config/index.js';
import { registerProvisioningApi } from '../../../agent/http/provisioning-api.js';
import { createLocalServer } from '../../../agent/http/server.js';
import { silentLogger, systemClock } from '../../../core/index.js';
import { AuditLog, type Db, openDatabase, SettingsRepo } from '../../../store/index.js';
import { generateSigningKey } from '../../../sync/index.js';
import { repoRoot } from '../../helpers/agent-process.js';
import { makeTlsFiles, type TlsFiles } from '../../helpers/mosquitto.js';
import { tempDir } from '../../helpers/temp-dir.js';

let dir: ReturnType<typeof tempDir>;
let tls: TlsFiles;
/** Files a technician may pick by mistake, made with openssl like the good ones. */
let bad: { expiredCert: string; expiredKey: string; der: string; text: string; lockedKey: string };
/** Taken after the certificates are made: their notBefore is the second they were made in. */
let NOW: number;
const key = () => generateSigningKey().publicKey;

beforeAll(() => {
  dir = tempDir('tiang-provisioning-');
  tls = makeTlsFiles(dir.path, 'blt-kanigoro-007');
  const f = (name: string) => path.join(dir.path, name);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe', cwd: dir.path });
  // An expired pole certificate from the same CA: `openssl ca` takes explicit dates.
  ssl(
    ...['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'],
    ...['-subj', '/CN=blt-kanigoro-007', '-keyout', f('old.key'), '-out', f('old.csr')],
  );
  writeFileSync(f('index.txt'), '');
  writeFileSync(f('serial'), '1000\n');
  writeFileSync(
    f('ca.cnf'),
    '[ca]\ndefault_ca=d\n[d]\ndatabase=index.txt\nnew_certs_dir=.\nserial=serial\ndefault_md=sha256\npolicy=p\n[p]\ncommonName=supplied\n',
  );
  ssl(
    ...['ca', '-batch', '-config', f('ca.cnf'), '-cert', tls.ca, '-keyfile', f('ca.key')],
    ...['-in', f('old.csr'), '-out', f('old.crt'), '-notext'],
    ...['-startdate', '20200101000000Z', '-enddate', '20200201000000Z'],
  );
  // The same certificate in binary DER form: a real certificate, but not PEM.
  ssl('x509', '-in', tls.clientCert, '-outform', 'DER', '-out', f('client.der'));
  ssl('pkey', '-in', tls.clientKey, '-aes256', '-passout', 'pass:rahasia', '-out', f('locked.key'));
  writeFileSync(f('notes.txt'), 'sertifikat menyusul\n');
  bad = {
    expiredCert: f('old.crt'),
    expiredKey: f('old.key'),
    der: f('client.der'),
    text: f('notes.txt'),
    lockedKey: f('locked.key'),
  };
  NOW = Date.now();
});
afterAll(() => dir.remove());

const good = (): ProvisioningInput => ({
  deviceId: 'blt-kanigoro-008',
  deviceName: 'Simpang Kanigoro Timur',
  brokerUrl: 'mqtts://broker.blitarkab.example:8883',
  tls: { ca: tls.ca, cert: tls.clientCert, key: tls.clientKey },
  trustedKeys: [{ kid: 'cr-2026', publicKey: key() }],
});

/** The template copied into the temp dir: a pole's /etc/tiang/tiang.yaml outside the package. */
const configFile = (name = `tiang-${Math.random().toString(16).slice(2)}.yaml`) => {
  const file = path.join(dir.path, name);
  writeFileSync(file, readFileSync(path.join(repoRoot, 'deploy', 'tiang.yaml')));
  return file;
};

describe('provisioning check', () => {
  it('passes good values: a real CA, a matching certificate and key, an Ed25519 key', async () => {
    expect(await checkProvisioning(good(), NOW)).toEqual([]);
    // A CA left out is fine for mqtts://: Node's own CA list checks the broker.
    expect(
      await checkProvisioning({ ...good(), tls: { cert: tls.clientCert, key: tls.clientKey } }, NOW),
    ).toEqual([]);
  });

  it('names the field of each bad value, in the body and in words, in Indonesian and English', async () => {
    const missing = path.join(dir.path, 'missing.pem');
    const twoKeys = (a: string, b: string) => [
      { kid: a, publicKey: key() },
      { kid: b, publicKey: key() },
    ];
    // [change, field in the body, the field's name in the English message]
    const cases: [Partial<ProvisioningInput>, string, string][] = [
      [{ deviceId: 'Tiang 8' }, 'deviceId', 'Pole id'],
      [{ deviceId: 'ab' }, 'deviceId', 'Pole id'],
      [{ deviceName: 'x'.repeat(81) }, 'deviceName', 'Pole name'],
      [{ brokerUrl: 'http://broker.example' }, 'brokerUrl', 'Broker address'],
      [{ brokerUrl: 'mqtts://' }, 'brokerUrl', 'Broker address'],
      [{ brokerUrl: 'mqtts://:8883' }, 'brokerUrl', 'Broker address'],
      [{ brokerUrl: 'mqtts://broker.example:0' }, 'brokerUrl', 'Broker address'],
      [{ brokerUrl: 'mqtts://broker.example:70000' }, 'brokerUrl', 'Broker address'],
      [{ brokerUrl: 'mqtts://user:secret@broker.example' }, 'brokerUrl', 'Broker address'],
      [{ brokerUrl: ' mqtts://broker.example' }, 'brokerUrl', 'Broker address'],
      // TLS files with an unencrypted address: the pole would talk in the clear.
      [{ brokerUrl: 'mqtt://broker.example:1883' }, 'brokerUrl', 'Broker address'],
      // The simulator's own broker is no address for a pole.
      [{ brokerUrl: 'embedded', tls: {} }, 'brokerUrl', 'Broker address'],
      [{ tls: { ca: missing } }, 'tls.ca', 'CA file'],
      [{ tls: { ca: dir.path } }, 'tls.ca', 'CA file'],
      [{ tls: { ca: 'relative/ca.pem' } }, 'tls.ca', 'CA file'],
      [{ tls: { ca: bad.text } }, 'tls.ca', 'CA file'],
      [{ tls: { ca: bad.der } }, 'tls.ca', 'CA file'],
      [{ tls: { ca: tls.clientKey } }, 'tls.ca', 'CA file'],
      [{ tls: { cert: bad.expiredCert, key: bad.expiredKey } }, 'tls.cert', 'Pole certificate file'],
      [{ tls: { cert: tls.clientKey, key: tls.clientCert } }, 'tls.cert', 'Pole certificate file'],
      [{ tls: { cert: tls.clientCert, key: tls.serverKey } }, 'tls.key', 'Pole key file'],
      [{ tls: { cert: tls.clientCert, key: bad.text } }, 'tls.key', 'Pole key file'],
      [{ tls: { cert: tls.clientCert, key: bad.lockedKey } }, 'tls.key', 'Pole key file'],
      [{ tls: { cert: tls.clientCert } }, 'tls.key', 'Pole key file'],
      [{ trustedKeys: [] }, 'trustedKeys', 'Control-room keys'],
      [{ trustedKeys: [{ kid: 'cr', publicKey: 'not-a-key' }] }, 'trustedKeys.0.publicKey', 'key no. 1'],
      // 43 characters, but not a canonical 32-byte encoding.
      [
        { trustedKeys: [{ kid: 'cr', publicKey: `${'A'.repeat(42)}B` }] },
        'trustedKeys.0.publicKey',
        'key no. 1',
      ],
      [{ trustedKeys: [{ kid: 'cr', publicKey: `${key()}=` }] }, 'trustedKeys.0.publicKey', 'key no. 1'],
      [{ trustedKeys: [{ kid: 'x'.repeat(65), publicKey: key() }] }, 'trustedKeys.0.kid', 'key no. 1'],
      [{ trustedKeys: [{ kid: 'cr 2026', publicKey: key() }] }, 'trustedKeys.0.kid', 'key no. 1'],
      [{ trustedKeys: twoKeys('cr', 'cr') }, 'trustedKeys.1.kid', 'key no. 2'],
    ];
    for (const [change, field, name] of cases) {
      const problems = await checkProvisioning({ ...good(), ...change }, NOW);
      const label = JSON.stringify(change);
      const mine = problems.filter((p) => p.field === field);
      expect(mine.length, label).toBeGreaterThan(0);
      for (const p of mine) {
        expect(p.message.en, label).toContain(`${name}:`);
        expect(p.message.id, label).not.toBe(p.message.en);
        expect(p.message.id, label).toMatch(
          /^(ID tiang|Nama tiang|Alamat broker|Berkas|Kunci ruang kendali)/,
        );
      }
      // The others stay good: only the bad value is reported.
      expect(
        problems.every((p) => p.field === field || p.field.startsWith('tls.')),
        label,
      ).toBe(true);
    }
  });

  it('says in plain words what is wrong with a file', async () => {
    const messages = async (change: Partial<ProvisioningInput>) =>
      (await checkProvisioning({ ...good(), ...change }, NOW)).map((p) => p.message.en).join('\n');
    expect(await messages({ tls: { ca: bad.der } })).toMatch(/not a PEM file/);
    expect(await messages({ tls: { ca: path.join(dir.path, 'missing.pem') } })).toMatch(/does not exist/);
    expect(await messages({ tls: { ca: tls.clientKey } })).toMatch(/private key, not a certificate/);
    expect(await messages({ tls: { cert: bad.expiredCert, key: bad.expiredKey } })).toMatch(/expired on Feb/);
    expect(await messages({ tls: { cert: tls.clientCert, key: tls.serverKey } })).toMatch(
      /does not belong to the pole certificate/,
    );
    expect(await messages({ tls: { cert: tls.clientCert, key: bad.lockedKey } })).toMatch(/password/);
  });

  it('refuses certificates that have expired by the time of the check', async () => {
    // The test certificates last two days: a year later they have expired.
    const fields = (await checkProvisioning(good(), NOW + 365 * 86_400_000)).map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['tls.ca', 'tls.cert']));
  });

  it('checks the address with the TLS files already saved, and "embedded" on the simulator only', async () => {
    const current = { ...good(), trustedKeys: [] } as Required<ProvisioningInput>;
    const fields = async (input: ProvisioningInput, simulate = false) =>
      (await checkProvisioning(input, NOW, { current, simulate })).map((p) => p.field);
    expect(await fields({ brokerUrl: 'mqtt://broker.example' })).toEqual(['brokerUrl']);
    expect(await fields({ brokerUrl: 'mqtt://broker.example', tls: {} })).toEqual([]);
    expect(await fields({ brokerUrl: 'embedded', tls: {} }, true)).toEqual([]);
    expect(await fields({ brokerUrl: 'embedded' }, true)).toEqual(['brokerUrl']);
  });
});

describe('provisioning save', () => {
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

describe('provisioning routes', () => {
  let db: Db;
  let auth: AdminAuth;
  let audit: AuditLog;
  let cookie: Record<string, string>;
  const apps: FastifyInstance[] = [];

  beforeAll(async () => {
    db = openDatabase(path.join(dir.path, 'tiang.db'), { clock: systemClock, log: silentLogger() });
    audit = new AuditLog(db, systemClock);
    auth = new AdminAuth(new SettingsRepo(db, systemClock), audit, systemClock);
    await auth.setPin('246810', 'test');
    const login = await auth.login('246810', '127.0.0.1');
    if (login.kind !== 'ok') throw new Error('login failed');
    cookie = { [ADMIN_COOKIE]: login.token };
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    db.close();
  });

  async function serve(loaded: LoadedConfig) {
    const app = await createLocalServer({
      log: silentLogger(),
      bodyLimitBytes: 65536,
      routes: [(a) => registerProvisioningApi(a, loaded, auth, audit, systemClock)],
    });
    apps.push(app);
    const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
      app.inject({ method, url, cookies: cookie, ...(payload === undefined ? {} : { payload }) });
    return {
      get: () => call('GET', '/api/admin/provisioning'),
      check: (body: object) => call('POST', '/api/admin/provisioning/check', body),
      put: (body: object) => call('PUT', '/api/admin/provisioning', body),
      app,
    };
  }

  const tempsIn = (d: string) => readdirSync(d).filter((n) => n.startsWith('.tmp-'));

  it('shows the file, checks, refuses a bad value without writing, then saves good values', async () => {
    const folder = path.join(dir.path, 'etc-tiang');
    mkdirSync(folder);
    const file = path.join(folder, 'tiang.yaml');
    writeFileSync(file, readFileSync(path.join(repoRoot, 'deploy', 'tiang.yaml')));
    const api = await serve(loadConfig(file, { env: {} }));

    const shown = (await api.get()).json();
    expect(shown).toMatchObject({
      configFile: file,
      deviceId: 'blt-kanigoro-007',
      brokerUrl: 'mqtts://broker.kominfo.blitarkab.example:8883',
      tls: { ca: '/etc/tiang/tls/ca.pem', cert: '/etc/tiang/tls/pole.pem', key: '/etc/tiang/tls/pole.key' },
      trustedKeys: [],
      restartNeeded: false,
      writable: true,
    });

    const checked = await api.check({ ...good(), tls: { ...good().tls, key: tls.serverKey } });
    expect(checked.statusCode).toBe(200);
    expect(checked.json().ok).toBe(false);
    expect(checked.json().problems.map((p: { field: string }) => p.field)).toEqual(['tls.key']);
    expect((await api.check(good())).json()).toEqual({ ok: true, problems: [] });

    // One bad value: 400 with the problem, and not a byte written.
    const before = readFileSync(file);
    const refused = await api.put({ ...good(), tls: { ...good().tls, cert: bad.expiredCert } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().problems.map((p: { field: string }) => p.field)).toContain('tls.cert');
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(existsSync(`${file}.bak`)).toBe(false);
    expect(tempsIn(folder)).toEqual([]);

    const values = good();
    const saved = await api.put(values);
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ saved: true, restartNeeded: true });
    expect(readFileSync(`${file}.bak`).equals(before)).toBe(true);
    expect(tempsIn(folder)).toEqual([]);
    const after = readFileSync(file, 'utf8');
    expect(after).toContain('# Tiang pole configuration');
    const reloaded = loadConfig(file, { env: {} });
    expect(reloaded.config.device).toMatchObject({ id: 'blt-kanigoro-008', name: 'Simpang Kanigoro Timur' });
    expect(reloaded.config.mqtt).toMatchObject({ url: values.brokerUrl, ca: tls.ca, key: tls.clientKey });
    expect(reloaded.config.sync.trustedKeys).toEqual({ 'cr-2026': values.trustedKeys![0]!.publicKey });

    // GET shows what the file now holds, and that the running agent still uses the old values.
    expect((await api.get()).json()).toMatchObject({ deviceId: 'blt-kanigoro-008', restartNeeded: true });

    const entry = audit.recent(5).find((e) => e.action === 'provisioning.saved');
    expect(entry?.detail).toEqual({
      changed: expect.arrayContaining(['deviceId', 'brokerUrl', 'tls.cert', 'trustedKeys']),
    });
    const detail = JSON.stringify(entry?.detail);
    expect(detail).not.toContain(values.trustedKeys![0]!.publicKey);
    expect(detail).not.toContain(dir.path);
  });

  it('saves one request after the other', async () => {
    const file = configFile();
    const api = await serve(loadConfig(file, { env: {} }));
    const [a, b] = await Promise.all([
      api.put({ ...good(), deviceName: 'Satu' }),
      api.put({ ...good(), deviceName: 'Dua' }),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect(loadConfig(file, { env: {} }).config.device.name).toBe('Dua');
    expect(loadConfig(`${file}.bak`, { env: {} }).config.device.name).toBe('Satu');
  });

  it('needs the admin session, the same origin and a body of known fields', async () => {
    const api = await serve(loadConfig(configFile(), { env: {} }));
    expect((await api.app.inject({ method: 'GET', url: '/api/admin/provisioning' })).statusCode).toBe(401);
    const crossSite = await api.app.inject({
      method: 'PUT',
      url: '/api/admin/provisioning',
      cookies: cookie,
      headers: { origin: 'http://evil.example' },
      payload: good(),
    });
    expect(crossSite.statusCode).toBe(403);
    const unknown = await api.check({ deviceId: 'blt-kanigoro-008', password: 'x' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatch(/password/);
  });

  it("never rewrites the simulator's own file, but a simulator started with its own file may", async () => {
    const sim = simulatorConfig();
    const before = readFileSync(sim);
    const api = await serve(loadConfig(sim, { env: { TIANG_DATA_DIR: dir.path }, simulate: true }));
    const shown = (await api.get()).json();
    expect(shown).toMatchObject({ configFile: null, brokerUrl: 'embedded', writable: false });
    const refused = await api.put({ deviceName: 'Simpang baru' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatch(
      /the simulator's configuration is not changed from the admin screen; edit deploy\/sim\/tiang\.sim\.yaml/i,
    );
    expect(refused.json().reason.id).toContain('deploy/sim/tiang.sim.yaml');
    expect(readFileSync(sim).equals(before)).toBe(true);
    expect(existsSync(`${sim}.bak`)).toBe(false);

    const own = path.join(dir.path, 'my-sim.yaml');
    writeFileSync(own, before);
    const mine = await serve(loadConfig(own, { env: { TIANG_DATA_DIR: dir.path }, simulate: true }));
    expect((await mine.get()).json()).toMatchObject({ configFile: own, writable: true });
    const saved = await mine.put({ deviceName: 'Simpang baru', brokerUrl: 'embedded' });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().changed).toEqual(['deviceName']);
    expect(loadConfig(own, { env: {}, simulate: true }).config.device.name).toBe('Simpang baru');
  });
});

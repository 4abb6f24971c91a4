import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { isTiangError } from '../../../core/index.js';
import {
  checkDnsmasqConf,
  dnsmasqConf,
  generateNetworkConf,
  type HotspotNetwork,
  type WriteNetworkConfOptions,
  writeNetworkConf,
} from '../../../hotspot/netconf/index.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { net as base } from './network-fixture.js';

// An HTTPS API URL, one DNS server and rate limits: the variants dnsmasq --test and nft -c must take.
const NETWORK = base({
  dnsServers: ['1.1.1.1'],
  apiUrl: 'https://portal.tiang.example/captive-portal/api',
  upKbps: 2000,
  downKbps: 8000,
});
const net = (over: Partial<HotspotNetwork> = {}): HotspotNetwork => ({ ...NETWORK, ...over });

const dnsmasqMissing = spawnSync('dnsmasq', ['--version']).error
  ? 'dnsmasq is not installed (scripts/setup.sh installs dnsmasq-base)'
  : undefined;
if (dnsmasqMissing) console.warn(`dnsmasq --test checks skipped: ${dnsmasqMissing}`);

describe.skipIf(dnsmasqMissing !== undefined)(
  `dnsmasq --test${dnsmasqMissing ? ` (skipped: ${dnsmasqMissing})` : ''}`,
  () => {
    const combos: [string, Partial<HotspotNetwork>][] = [
      ['upstream servers', {}],
      ['resolv.conf', { dnsServers: undefined }],
      [
        'a /22 and a day-long lease',
        { prefixLength: 22, dhcpRange: { start: '10.42.0.10', end: '10.42.3.250' }, leaseMinutes: 1440 },
      ],
      ['an http API URL with a port', { apiUrl: 'http://10.42.0.1:8081/captive-portal/api?x=1&y=%22' }],
    ];
    for (const [what, over] of combos) {
      it(`accepts the generated file: ${what}`, async () => {
        expect(await checkDnsmasqConf(dnsmasqConf(net(over), { confDir: '/var/lib/tiang/hotspot' }))).toEqual(
          {
            ok: true,
          },
        );
      });
    }

    it('reports a broken file with dnsmasq’s message, naming the line', async () => {
      const conf = `${dnsmasqConf(NETWORK, { confDir: '/var/lib/tiang/hotspot' })}dhcp-range=10.42.0.10,nonsense\n`;
      const result = await checkDnsmasqConf(conf);
      expect(result).toEqual({
        ok: false,
        error: expect.stringMatching(/^bad dhcp-range at line \d+ of dnsmasq\.conf$/),
      });
      expect(await checkDnsmasqConf('no-such-option=1\n')).toEqual({
        ok: false,
        error: 'bad option at line 1 of dnsmasq.conf',
      });
    });

    it('says to install dnsmasq when it cannot be run', async () => {
      const err = await checkDnsmasqConf('', { dnsmasqPath: '/nonexistent/dnsmasq' }).catch(
        (e: unknown) => e,
      );
      expect(isTiangError(err) && err.code).toBe('HOTSPOT_CHECK_UNAVAILABLE');
      expect((err as Error).message).toMatch(/cannot run \/nonexistent\/dnsmasq \(ENOENT\)/);
      expect((err as { fix: { en: string } }).fix.en).toMatch(/apt install dnsmasq-base/);
    });
  },
);

/** nft -c talks to the kernel: in a namespace of its own, when this machine allows. */
function createNamespace(name: string): string | undefined {
  if (process.getuid?.() !== 0)
    return 'not root: nft and network namespaces need root (CI runs tests as root)';
  if (spawnSync('nft', ['--version']).error)
    return 'nft is not installed (scripts/setup.sh test installs it)';
  const add = spawnSync('ip', ['netns', 'add', name], { encoding: 'utf8' });
  if (add.error) return `ip is not installed (${add.error.message})`;
  if (add.status !== 0) return `ip netns add failed: ${add.stderr.trim()}`;
  return undefined;
}
const ns = `tiang-wr-${randomBytes(4).toString('hex')}`;
const nsMissing = createNamespace(ns);
if (nsMissing) console.warn(`writeNetworkConf runs without the nft check: ${nsMissing}`);
afterAll(() => {
  if (!nsMissing) spawnSync('ip', ['netns', 'del', ns]);
});

describe.skipIf(dnsmasqMissing !== undefined)('writeNetworkConf', () => {
  const opts: WriteNetworkConfOptions = {
    nft: nsMissing ? false : { execPrefix: ['ip', 'netns', 'exec', ns] },
  };
  const dirs: { remove: () => void }[] = [];
  const confDir = () => {
    const dir = tempDir('tiang-netconf-');
    dirs.push(dir);
    return path.join(dir.path, 'hotspot');
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) d.remove();
  });
  const snapshot = (dir: string) =>
    Object.fromEntries(readdirSync(dir).map((n) => [n, readFileSync(path.join(dir, n), 'utf8')]));

  it('writes the four files once checked, and says which changed each time', async () => {
    const dir = confDir();
    const files = generateNetworkConf(NETWORK, { confDir: dir });
    expect(await writeNetworkConf(dir, files, opts)).toEqual({
      changed: ['hostapd.conf', 'dnsmasq.conf', 'hotspot.nft', 'hotspot.env'],
      unchanged: [],
    });
    expect(snapshot(dir)).toEqual(files);
    // The WPA2 passphrase lives in hostapd.conf: only its owner reads it.
    expect(statSync(path.join(dir, 'hostapd.conf')).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(dir, 'dnsmasq.conf')).mode & 0o777).toBe(0o644);

    expect((await writeNetworkConf(dir, files, opts)).changed).toEqual([]);

    const renamed = generateNetworkConf(net({ ssid: 'Blitar Kota Wisata' }), { confDir: dir });
    expect(await writeNetworkConf(dir, renamed, opts)).toEqual({
      changed: ['hostapd.conf'],
      unchanged: ['dnsmasq.conf', 'hotspot.nft', 'hotspot.env'],
    });
    const slower = generateNetworkConf(net({ ssid: 'Blitar Kota Wisata', downKbps: 4000 }), { confDir: dir });
    expect((await writeNetworkConf(dir, slower, opts)).changed).toEqual(['hotspot.nft']);
    expect(snapshot(dir)).toEqual(slower);
  });

  it('changes no file when any check fails, and lists every failure', async () => {
    const dir = confDir();
    const files = generateNetworkConf(NETWORK, { confDir: dir });
    await writeNetworkConf(dir, files, opts);
    const next = generateNetworkConf(net({ ssid: 'Another name', maxClients: 10 }), { confDir: dir });
    const broken = {
      ...next,
      'dnsmasq.conf': `${next['dnsmasq.conf']}dhcp-range=broken\n`,
      'hostapd.conf': `${next['hostapd.conf']}this is not a setting\n`,
    };
    const err = await writeNetworkConf(dir, broken, opts).catch((e: unknown) => e);
    expect(isTiangError(err) && err.code).toBe('HOTSPOT_CONF_REJECTED');
    expect((err as Error).message).toMatch(/hostapd\.conf: line \d+ is not key=value/);
    expect((err as Error).message).toMatch(/dnsmasq\.conf: bad dhcp-range at line \d+ of dnsmasq\.conf/);
    // The old files, whole, and no temp file left behind.
    expect(snapshot(dir)).toEqual(files);
  });

  it.skipIf(nsMissing !== undefined)('refuses a ruleset nft refuses, writing nothing', async () => {
    const dir = confDir();
    const files = generateNetworkConf(NETWORK, { confDir: dir });
    const broken = { ...files, 'hotspot.nft': files['hotspot.nft'].replace(' masquerade\n', ' masquerad\n') };
    const err = await writeNetworkConf(dir, broken, opts).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(
      /^hotspot files not written, the old ones stay in use: hotspot\.nft: .*masquerad/s,
    );
    expect(() => readdirSync(dir)).toThrow(/ENOENT/);
  });

  it('replaces a file by rename, so a reader sees the old or the new file whole', async () => {
    const dir = confDir();
    await writeNetworkConf(dir, generateNetworkConf(NETWORK, { confDir: dir }), opts);
    const before = statSync(path.join(dir, 'hostapd.conf')).ino;
    writeFileSync(path.join(dir, 'unrelated.txt'), 'left alone');
    await writeNetworkConf(dir, generateNetworkConf(net({ channel: 11 }), { confDir: dir }), opts);
    expect(statSync(path.join(dir, 'hostapd.conf')).ino).not.toBe(before);
    expect(readFileSync(path.join(dir, 'hostapd.conf'), 'utf8')).toMatch(/^channel=11$/m);
    expect(readdirSync(dir).sort()).toEqual([
      'dnsmasq.conf',
      'hostapd.conf',
      'hotspot.env',
      'hotspot.nft',
      'unrelated.txt',
    ]);
  });

  it('writes one set at a time: concurrent calls end with the last one asked', async () => {
    const dir = confDir();
    const a = generateNetworkConf(net({ ssid: 'First' }), { confDir: dir });
    const b = generateNetworkConf(net({ ssid: 'Second' }), { confDir: dir });
    const [ra, rb] = await Promise.all([writeNetworkConf(dir, a, opts), writeNetworkConf(dir, b, opts)]);
    expect(ra.changed).toHaveLength(4);
    expect(rb.changed).toEqual(['hostapd.conf']);
    expect(snapshot(dir)).toEqual(b);
  });
});

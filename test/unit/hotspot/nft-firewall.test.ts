import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../core/index.js';
import { NftFirewall, parseNftSetJson } from '../../../hotspot/index.js';

/** A private network namespace, so the test's nftables changes never touch this machine's firewall. */
function createNamespace(name: string): string | undefined {
  if (process.getuid?.() !== 0) return 'not root';
  const nft = spawnSync('nft', ['--version'], { encoding: 'utf8' });
  if (nft.error) return 'nft is not installed';
  const add = spawnSync('ip', ['netns', 'add', name], { encoding: 'utf8' });
  if (add.error) return `ip is not installed (${add.error.message})`;
  if (add.status !== 0) return `ip netns add failed: ${add.stderr.trim()}`;
  return undefined;
}

const ns = `tiang-test-${randomBytes(4).toString('hex')}`;
const skipReason = createNamespace(ns);
const inNs = ['ip', 'netns', 'exec', ns];

afterAll(() => {
  if (!skipReason) spawnSync('ip', ['netns', 'del', ns]);
});

const nftInNs = (...args: string[]) =>
  spawnSync('ip', ['netns', 'exec', ns, 'nft', ...args], { encoding: 'utf8' });
const firewall = (table = 'tiang') => new NftFirewall({ table, log: silentLogger(), execPrefix: inNs });
const client = { mac: 'DA:BB:CC:DD:EE:01', ip: '10.42.0.17' };

describe.skipIf(skipReason !== undefined)(
  `NftFirewall with real nft in a network namespace${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    it('creates the table and timeout set, idempotently, keeping allowed clients', async () => {
      const fw = firewall('tiang_init');
      await fw.init();
      await fw.allow({ ...client, timeoutS: 600 });
      await fw.init();
      const ruleset = nftInNs('list', 'table', 'inet', 'tiang_init').stdout;
      expect(ruleset).toMatch(/set allowed_clients \{\s+type ether_addr \. ipv4_addr\s+flags timeout/);
      expect(await fw.list()).toHaveLength(1);
    });

    it('allows a client with its timeout and lists it with the MAC in lower case', async () => {
      const fw = firewall();
      await fw.init();
      const before = Date.now();
      await fw.allow({ ...client, timeoutS: 3600 });
      const [entry, ...rest] = await fw.list();
      expect(rest).toEqual([]);
      expect(entry).toMatchObject({ mac: 'da:bb:cc:dd:ee:01', ip: '10.42.0.17' });
      expect(entry!.expiresAt).toBeGreaterThan(before + 3_595_000);
      expect(entry!.expiresAt).toBeLessThanOrEqual(Date.now() + 3_600_000);
      expect(nftInNs('list', 'set', 'inet', 'tiang', 'allowed_clients').stdout).toContain(
        'da:bb:cc:dd:ee:01 . 10.42.0.17 timeout 1h',
      );
    });

    // Kernels from 6.10 update the timeout on a plain `add element`; older ones (a Pi on
    // 6.6) keep the old one, which is why allow() deletes and re-adds in one batch.
    it('restarts the timeout when a client is allowed again', async () => {
      const fw = firewall('tiang_again');
      await fw.init();
      await fw.allow({ ...client, timeoutS: 60 });
      await fw.allow({ ...client, timeoutS: 7200 });
      const list = await fw.list();
      expect(list).toHaveLength(1);
      expect(list[0]!.expiresAt).toBeGreaterThan(Date.now() + 7_000_000);
    });

    it('revokes a client, and revoking again is not an error', async () => {
      const fw = firewall('tiang_revoke');
      await fw.init();
      await fw.allow({ ...client, timeoutS: 600 });
      await fw.allow({ mac: 'da:bb:cc:dd:ee:02', ip: '10.42.0.18', timeoutS: 600 });
      await fw.revoke(client);
      await fw.revoke(client);
      expect((await fw.list()).map((c) => c.ip)).toEqual(['10.42.0.18']);
    });

    it('lets the kernel drop a client when its time is up', async () => {
      const fw = firewall('tiang_expire');
      await fw.init();
      await fw.allow({ ...client, timeoutS: 1 });
      expect(await fw.list()).toHaveLength(1);
      await new Promise((r) => setTimeout(r, 1_500));
      expect(await fw.list()).toEqual([]);
    });

    it('refuses a bad address before running nft', async () => {
      const fw = firewall();
      await fw.init();
      await expect(
        fw.allow({ mac: 'da:bb:cc:dd:ee:01 } ; flush ruleset ; {', ip: '10.0.0.1', timeoutS: 60 }),
      ).rejects.toThrow(/is not a MAC address/);
      await expect(fw.revoke({ mac: 'da:bb:cc:dd:ee:01', ip: '10.0.0.300' })).rejects.toThrow(
        '"10.0.0.300" is not an IPv4 address',
      );
    });

    it('reports nft failures with the command and nft message', async () => {
      const fw = firewall('tiang_missing');
      await expect(fw.list()).rejects.toThrow(/before init/);
      await fw.init();
      // Someone removes the table behind the agent's back.
      nftInNs('delete', 'table', 'inet', 'tiang_missing');
      await expect(fw.list()).rejects.toMatchObject({ code: 'FIREWALL_NFT_FAILED' });
      await expect(fw.list()).rejects.toThrow(
        /nft -j list set inet tiang_missing allowed_clients failed: .*No such file or directory/s,
      );
    });
  },
);

describe('NftFirewall without nft', () => {
  it('says to install nftables when nft cannot be run', async () => {
    const fw = new NftFirewall({ log: silentLogger(), nftPath: '/nonexistent/nft' });
    await expect(fw.init()).rejects.toMatchObject({ code: 'FIREWALL_NFT_MISSING' });
    await expect(fw.init()).rejects.toThrow(/cannot run \/nonexistent\/nft \(ENOENT\)/);
  });

  it('refuses a table name that could inject into the nft script', () => {
    expect(() => new NftFirewall({ log: silentLogger(), table: 'tiang { }; flush ruleset' })).toThrow(
      /not a usable nftables table name/,
    );
  });
});

describe('parseNftSetJson', () => {
  it('reads elements with and without timeouts', () => {
    const json = JSON.stringify({
      nftables: [
        { metainfo: { version: '1.0.6' } },
        {
          set: {
            family: 'inet',
            name: 'allowed_clients',
            table: 'tiang',
            elem: [
              { elem: { val: { concat: ['da:bb:cc:dd:ee:01', '10.42.0.17'] }, timeout: 100, expires: 99 } },
              { concat: ['DA:BB:CC:DD:EE:02', '10.42.0.18'] },
            ],
          },
        },
      ],
    });
    expect(parseNftSetJson(json, 1_000)).toEqual([
      { mac: 'da:bb:cc:dd:ee:01', ip: '10.42.0.17', expiresAt: 100_000 },
      { mac: 'da:bb:cc:dd:ee:02', ip: '10.42.0.18' },
    ]);
  });

  it('reads an empty set (nft leaves out "elem") as no clients', () => {
    const json =
      '{"nftables": [{"metainfo": {}}, {"set": {"name": "allowed_clients", "flags": ["timeout"]}}]}';
    expect(parseNftSetJson(json, 0)).toEqual([]);
  });
});

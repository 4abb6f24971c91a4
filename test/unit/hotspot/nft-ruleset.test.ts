import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { isTiangError } from '../../../core/index.js';
import {
  checkNftRuleset,
  type FirewallNetwork,
  HOTSPOT_LIMITS,
  nftRuleset,
} from '../../../hotspot/netconf/index.js';
import { createNamespace } from '../../helpers/netns.js';

const NET: FirewallNetwork = {
  interface: 'wlan0',
  address: '10.42.0.1',
  prefixLength: 24,
  uplinkInterface: 'eth0',
  portalPort: 8081,
  table: 'tiang',
};
/** The first rules from the hotspot, in both chains: IPv6 and sources outside 10.42.0.0/24 (DHCP's 0.0.0.0 aside). */
const FORGED = ['meta nfproto ipv6 drop', 'ip saddr != { 10.42.0.0/24, 0.0.0.0 } drop'];
const net = (over: Partial<FirewallNetwork> = {}): FirewallNetwork => ({ ...NET, ...over });
/** The rules of one chain, from the second `table` block (where the rules are added). */
function chain(ruleset: string, name: string): string[] {
  const rules = ruleset.slice(ruleset.lastIndexOf('\ntable '));
  const body = new RegExp(`\\n  chain ${name} \\{\\n([\\s\\S]*?)\\n  \\}`).exec(rules)?.[1] ?? '';
  return body
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

describe('nftRuleset text', () => {
  const text = nftRuleset(NET);

  it('declares the two counted allow-list sets and never flushes or deletes the table', () => {
    expect(text).toMatch(
      /set allowed_clients \{\n\s+type ether_addr \. ipv4_addr\n\s+flags timeout\n\s+counter\n/,
    );
    expect(text).toMatch(/set allowed_down \{\n\s+type ipv4_addr\n\s+flags timeout\n\s+counter\n/);
    expect(text).not.toMatch(/^\s*(flush|delete) table/m);
    expect(text).not.toMatch(/^\s*(flush|delete) set inet tiang allowed_/m);
    for (const c of [
      'prerouting',
      'input',
      'hotspot_in',
      'forward',
      'from_hotspot',
      'to_hotspot',
      'postrouting',
    ]) {
      expect(text).toContain(`flush chain inet tiang ${c}\n`);
    }
    // Chains are emptied before they are refilled.
    expect(text.indexOf('flush chain')).toBeLessThan(text.lastIndexOf('\ntable '));
  });

  it('sends port 80 of clients not allowed to the portal, and port 80 of the pole to its unprivileged port', () => {
    expect(chain(text, 'prerouting')).toEqual([
      'iifname "wlan0" ip daddr 10.42.0.1 tcp dport 80 dnat ip to 10.42.0.1:8081',
      'iifname "wlan0" tcp dport 80 ether saddr . ip saddr != @allowed_clients dnat ip to 10.42.0.1:8081',
    ]);
    expect(chain(nftRuleset(net({ portalPort: 80 })), 'prerouting')).toEqual([
      'iifname "wlan0" tcp dport 80 ether saddr . ip saddr != @allowed_clients dnat ip to 10.42.0.1:80',
    ]);
  });

  it('lets hotspot users reach only DHCP, DNS (limited), the portal (limited) and ping (limited) on the pole', () => {
    expect(chain(text, 'input')).toEqual(['iifname "wlan0" jump hotspot_in']);
    const rules = chain(text, 'hotspot_in');
    // First of all, before any meter: forged sources (they would fill the meters) and IPv6.
    expect(rules.slice(0, 2)).toEqual(FORGED);
    const { dns, portal } = HOTSPOT_LIMITS;
    expect(rules).toContain(
      `ip daddr 10.42.0.1 meta l4proto { tcp, udp } th dport 53 update @dns_meter { ip saddr limit rate over ${dns.perSecond}/second burst ${dns.burst} packets } drop`,
    );
    expect(rules).toContain('udp dport 67 accept');
    expect(rules).toContain(
      `ip daddr 10.42.0.1 tcp dport 8081 ct state new update @portal_meter { ip saddr limit rate over ${portal.perSecond}/second burst ${portal.burst} packets } drop`,
    );
    expect(rules).toContain('ip daddr 10.42.0.1 tcp dport 8081 accept');
    expect(rules.at(-1)).toBe('drop');
    // Nothing else is accepted: no admin, API, MQTT or SSH port appears.
    const accepts = rules.filter((r) => / accept$/.test(r));
    expect(accepts.join('\n')).not.toMatch(/dport (22|1883|8080|8883)\b/);
    expect(accepts).toHaveLength(5);
  });

  it('isolates clients, lets allowed ones out both ways, refuses HTTPS and QUIC, rejects the rest', () => {
    expect(chain(text, 'forward')).toEqual([
      'iifname "wlan0" oifname "wlan0" drop',
      'iifname "wlan0" jump from_hotspot',
      'oifname "wlan0" jump to_hotspot',
    ]);
    expect(chain(text, 'from_hotspot')).toEqual([
      ...FORGED,
      'ether saddr . ip saddr @allowed_clients ct mark set ct mark or 0x00010000 accept',
      'tcp dport 443 reject with tcp reset',
      'udp dport 443 reject with icmpx type port-unreachable',
      'reject with icmpx type admin-prohibited',
    ]);
    expect(chain(text, 'to_hotspot')).toEqual(['ip daddr @allowed_down accept', 'drop']);
  });

  it('masquerades only marked (allowed) connections, out of the uplink or else any other interface', () => {
    expect(chain(text, 'postrouting')).toEqual([
      'oifname "eth0" ip saddr 10.42.0.0/24 ct mark and 0x00010000 == 0x00010000 masquerade',
    ]);
    expect(chain(nftRuleset(net({ uplinkInterface: undefined })), 'postrouting')).toEqual([
      'oifname != "wlan0" ip saddr 10.42.0.0/24 ct mark and 0x00010000 == 0x00010000 masquerade',
    ]);
  });

  it('limits each client up and down when rates are set (kbit/s to bytes/s), before the allow-list counts', () => {
    const limited = nftRuleset(net({ upKbps: 2000, downKbps: 8000 }));
    // Right after the forged sources are dropped: a forged address never reaches a meter.
    expect(chain(limited, 'from_hotspot').slice(0, 2)).toEqual(FORGED);
    expect(chain(limited, 'from_hotspot')[2]).toBe(
      'update @up_meter { ip saddr limit rate over 250000 bytes/second burst 250000 bytes } drop',
    );
    expect(chain(limited, 'to_hotspot')[0]).toBe(
      'update @down_meter { ip daddr limit rate over 1000000 bytes/second burst 1000000 bytes } drop',
    );
    expect(limited).toMatch(
      /\nadd set inet tiang up_meter \{[^}]+\}\ndelete set inet tiang up_meter\nadd set inet tiang up_meter /,
    );
    // Without rates the meters are removed (after the chains that used them are emptied).
    expect(text).toMatch(
      /\nadd set inet tiang up_meter \{[^}]+\}\ndelete set inet tiang up_meter\nadd set inet tiang down_meter/,
    );
    expect(text).not.toContain('@up_meter');
    expect(text).not.toContain('@down_meter');
  });

  it('uses the table name from the network, tiang when unset', () => {
    expect(nftRuleset(net({ table: 'hotspot_lab' }))).toContain('table inet hotspot_lab {');
    expect(nftRuleset(net({ table: undefined }))).toContain('table inet tiang {');
  });

  it('refuses every value that would go into the ruleset unchecked, naming the field', () => {
    const cases: [string, Partial<FirewallNetwork>][] = [
      ['interface', { interface: 'wlan0" accept; #' }],
      ['interface', { interface: 'wlan0 ' }],
      ['uplinkInterface', { uplinkInterface: 'eth0\nflush ruleset' }],
      ['address', { address: '10.42.0.1; flush ruleset' }],
      ['prefixLength', { prefixLength: 7 }],
      ['portalPort', { portalPort: 80.5 }],
      ['portalPort', { portalPort: '8081 accept' as unknown as number }],
      ['upKbps', { upKbps: -1 }],
      ['downKbps', { downKbps: Number.NaN }],
      ['table', { table: 'tiang }' }],
    ];
    for (const [field, over] of cases) {
      let err: unknown;
      try {
        nftRuleset(net(over));
      } catch (e) {
        err = e;
      }
      expect(isTiangError(err) && err.code, field).toBe('HOTSPOT_CONF_INVALID');
      expect((err as Error).message).toMatch(new RegExp(`^hotspot network: ${field} `));
    }
  });
});

const ns = `tiang-rs-${randomBytes(4).toString('hex')}`;
const skipReason = createNamespace(ns);
if (skipReason) console.warn(`nft ruleset kernel checks skipped: ${skipReason}`);
const inNs = ['ip', 'netns', 'exec', ns];
afterAll(() => {
  if (!skipReason) spawnSync('ip', ['netns', 'del', ns]);
});

describe.skipIf(skipReason !== undefined)(
  `the kernel accepts the ruleset (nft -c in a network namespace)${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    const combos: [string, Partial<FirewallNetwork>][] = [
      ['portal on 8081, uplink, no rates', {}],
      ['portal on 80', { portalPort: 80 }],
      ['no uplink', { uplinkInterface: undefined }],
      ['upload limit only', { upKbps: 512 }],
      ['download limit only', { downKbps: 4096 }],
      [
        'both limits, a /22, another table',
        { upKbps: 1000, downKbps: 8000, prefixLength: 22, table: 'hotspot2' },
      ],
    ];
    for (const [what, over] of combos) {
      it(what, async () => {
        expect(await checkNftRuleset(nftRuleset(net(over)), { execPrefix: inNs })).toEqual({ ok: true });
      });
    }

    it('loads, and loads again over itself and over other options', () => {
      const load = (text: string) =>
        spawnSync('ip', ['netns', 'exec', ns, 'nft', '-f', '-'], { input: text, encoding: 'utf8' });
      for (const over of [
        {},
        { upKbps: 100, downKbps: 200 },
        { upKbps: 100, downKbps: 200 },
        { portalPort: 80 },
        {},
      ]) {
        const r = load(nftRuleset(net({ ...over, table: 'reload' })));
        expect(r.status, r.stderr).toBe(0);
      }
    });

    it('reports what nft refuses, with its message', async () => {
      const broken = nftRuleset(NET).replace('tcp dport 443 reject with tcp reset', 'tcp dport 443 rejekt');
      const result = await checkNftRuleset(broken, { execPrefix: inNs });
      expect(result.ok).toBe(false);
      expect(!result.ok && result.error).toMatch(/syntax error[\s\S]*rejekt/);
    });

    it('checks a ruleset that conflicts only with an older table as it would load at boot', async () => {
      // An older release made allowed_clients without counters: declaring it again fails.
      const old =
        'table inet olderfw {\n  set allowed_clients {\n    type ether_addr . ipv4_addr\n    flags timeout\n  }\n}\n';
      const r = spawnSync('ip', ['netns', 'exec', ns, 'nft', '-f', '-'], { input: old, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(await checkNftRuleset(nftRuleset(net({ table: 'olderfw' })), { execPrefix: inNs })).toEqual({
        ok: true,
      });
    });
  },
);

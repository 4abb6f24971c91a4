import type { FirewallNetwork } from './types.js';
import { checkInt, checkInterfaces, checkSubnet, checkTable } from './validate.js';

/** Clients let out, by MAC and IP: per-element timeout (the session) and counter (bytes up). */
export const ALLOWED_SET = 'allowed_clients';
/** The same clients by IP: downloads (in forward the Ethernet header is the uplink's) and bytes down. */
export const DOWN_SET = 'allowed_down';
export const DEFAULT_TABLE = 'tiang';
/** The conntrack mark bit forward sets on an allowed client's connections; postrouting masquerades only those. */
export const ALLOWED_CT_MARK = 0x00010000;

/** Per-source limits on what the pole itself serves to the hotspot. */
export const HOTSPOT_LIMITS = {
  /** DNS queries (UDP and TCP 53) per client IP. */
  dns: { perSecond: 50, burst: 100 },
  /** New connections to the portal per client IP. */
  portal: { perSecond: 30, burst: 60 },
  /** Pings to the pole, all clients together. */
  ping: { perSecond: 5, burst: 10 },
} as const;

/** kbit/s in the config; nft counts bytes/s. */
const bytesPerSecond = (kbps: number): number => kbps * 125;

/** Dynamic sets of per-client limit state: emptied on every apply, so a new rate counts at once. */
const METERS = ['dns_meter', 'portal_meter', 'up_meter', 'down_meter'] as const;
type Meter = (typeof METERS)[number];
/**
 * The same declaration for every meter, always: declaring an existing set with other
 * properties fails ("File exists") on recent kernels.
 */
const METER_DECL = 'type ipv4_addr; flags dynamic,timeout; timeout 1m; size 65535;';

const CHAINS = {
  prerouting: 'type nat hook prerouting priority dstnat; policy accept;',
  input: 'type filter hook input priority filter; policy accept;',
  hotspot_in: '',
  forward: 'type filter hook forward priority filter; policy accept;',
  from_hotspot: '',
  to_hotspot: '',
  postrouting: 'type nat hook postrouting priority srcnat; policy accept;',
} as const;

/**
 * The allow-list sets, inside a `table` block. Written the same way wherever they are
 * declared: declaring an existing set with other properties fails on recent kernels.
 */
const ALLOW_LIST_SETS = `  # Clients let out, by MAC and IP: timeout = the session, counter = bytes up.
  set ${ALLOWED_SET} {
    type ether_addr . ipv4_addr
    flags timeout
    counter
  }

  # The same clients by IP: downloads (in forward the Ethernet header is the uplink's), bytes down.
  set ${DOWN_SET} {
    type ipv4_addr
    flags timeout
    counter
  }
`;

/** Just the allow-list sets (no chains): what a firewall without the hotspot network declares. */
export function nftAllowListSets(table: string): string {
  return `table inet ${checkTable('table', table)} {\n${ALLOW_LIST_SETS}}\n`;
}

export interface CheckedFirewallNetwork {
  table: string;
  iface: string;
  uplink: string | undefined;
  address: string;
  cidr: string;
  portalPort: number;
  upKbps: number | undefined;
  downKbps: number | undefined;
}

/** Every value the ruleset holds, checked; a bad one is a TiangError naming its field. */
export function checkFirewallNetwork(net: FirewallNetwork): CheckedFirewallNetwork {
  const table = checkTable('table', net.table ?? DEFAULT_TABLE);
  const { iface, uplink } = checkInterfaces(net);
  const { address, cidr } = checkSubnet(net);
  const portalPort = checkInt('portalPort', net.portalPort, 1, 65535);
  const rate = (field: 'upKbps' | 'downKbps') =>
    net[field] === undefined ? undefined : checkInt(field, net[field], 1, 10_000_000);
  return {
    table,
    iface,
    uplink,
    address,
    cidr,
    portalPort,
    upKbps: rate('upKbps'),
    downKbps: rate('downKbps'),
  };
}

/**
 * The hotspot's nftables ruleset: one `table inet`, as one `nft -f` script that is atomic and
 * can be applied again and again. It declares the table, sets and chains (declaring what
 * exists changes nothing, so allowed clients survive an agent restart or a new rate limit),
 * empties and refills each chain, and makes the limit meters anew. It never flushes or
 * deletes the table: that would empty the allow-list.
 *
 * Clients on the hotspot reach only DHCP, DNS (rate-limited) and the portal on the pole;
 * port 80 of clients not allowed goes to the portal; HTTPS is refused, never intercepted;
 * allowed clients are let out (masqueraded), with their bytes counted in the sets.
 */
export function nftRuleset(network: FirewallNetwork): string {
  const n = checkFirewallNetwork(network);
  const t = `inet ${n.table}`;
  const hs = JSON.stringify(n.iface);
  const mark = `0x${ALLOWED_CT_MARK.toString(16).padStart(8, '0')}`;
  const portal = `${n.address}:${n.portalPort}`;
  const { dns, portal: portalLimit, ping } = HOTSPOT_LIMITS;

  const meters = new Set<Meter>(['dns_meter', 'portal_meter']);
  if (n.upKbps !== undefined) meters.add('up_meter');
  if (n.downKbps !== undefined) meters.add('down_meter');
  const byteLimit = (kbps: number) => {
    const rate = bytesPerSecond(kbps);
    // A second's worth of burst: TCP through a policer needs some room. (The kernel's bucket
    // holds rate + burst, so a new client's first two seconds' worth goes through at once.)
    return `limit rate over ${rate} bytes/second burst ${rate} bytes`;
  };

  const prerouting = [
    ...(n.portalPort === 80
      ? []
      : [
          '# The portal listens on an unprivileged port; port 80 of the pole address is the portal too.',
          `iifname ${hs} ip daddr ${n.address} tcp dport 80 dnat ip to ${portal}`,
        ]),
    '# Web pages of clients not allowed (yet) land on the portal, which answers with a redirect.',
    `iifname ${hs} tcp dport 80 ether saddr . ip saddr != @${ALLOWED_SET} dnat ip to ${portal}`,
  ];
  const input = [
    '# Only traffic from the hotspot; the rest of what the pole receives is left alone.',
    `iifname ${hs} jump hotspot_in`,
  ];
  // A forged source address would fill the per-IP limit meters (65535 entries) and so switch
  // the limits off for everyone: nothing from outside the hotspot network gets that far.
  const forged = [
    '# IPv6 is not served on the hotspot.',
    'meta nfproto ipv6 drop',
    '# Sources outside the hotspot network are forged (DHCP clients send from 0.0.0.0).',
    `ip saddr != { ${n.cidr}, 0.0.0.0 } drop`,
  ];
  const hotspotIn = [
    ...forged,
    `# DNS, per client IP at most ${dns.perSecond}/s (before the conntrack accept: a flood may reuse one port).`,
    `ip daddr ${n.address} meta l4proto { tcp, udp } th dport 53 update @dns_meter { ip saddr limit rate over ${dns.perSecond}/second burst ${dns.burst} packets } drop`,
    `ip daddr ${n.address} meta l4proto { tcp, udp } th dport 53 accept`,
    `ip daddr ${n.address} icmp type echo-request limit rate ${ping.perSecond}/second burst ${ping.burst} packets accept`,
    'icmp type echo-request drop',
    '# Replies and the rest of connections accepted below; new ones that are not are dropped.',
    'ct state established,related accept',
    'ct state invalid drop',
    '# DHCP (clients have no address yet: broadcast from 0.0.0.0).',
    'udp dport 67 accept',
    `# The portal, at most ${portalLimit.perSecond} new connections/s per client IP.`,
    `ip daddr ${n.address} tcp dport ${n.portalPort} ct state new update @portal_meter { ip saddr limit rate over ${portalLimit.perSecond}/second burst ${portalLimit.burst} packets } drop`,
    `ip daddr ${n.address} tcp dport ${n.portalPort} accept`,
    '# Anything else on the pole (admin, API, MQTT, SSH, IPv6 ...) is not for hotspot users.',
    'drop',
  ];
  const forward = [
    '# Client to client through the pole: isolation.',
    `iifname ${hs} oifname ${hs} drop`,
    `iifname ${hs} jump from_hotspot`,
    `oifname ${hs} jump to_hotspot`,
  ];
  const fromHotspot = [
    ...forged,
    ...(n.upKbps === undefined
      ? []
      : [
          `# Upload limit, ${n.upKbps} kbit/s per client.`,
          `update @up_meter { ip saddr ${byteLimit(n.upKbps)} } drop`,
        ]),
    `# Allowed clients (the lookup counts their bytes up); their connections are marked for masquerade.`,
    `ether saddr . ip saddr @${ALLOWED_SET} ct mark set ct mark or ${mark} accept`,
    '# Not allowed: HTTPS is refused at once (never intercepted), the rest rejected.',
    'tcp dport 443 reject with tcp reset',
    'udp dport 443 reject with icmpx type port-unreachable',
    'reject with icmpx type admin-prohibited',
  ];
  const toHotspot = [
    ...(n.downKbps === undefined
      ? []
      : [
          `# Download limit, ${n.downKbps} kbit/s per client.`,
          `update @down_meter { ip daddr ${byteLimit(n.downKbps)} } drop`,
        ]),
    `# Allowed clients by IP (the lookup counts their bytes down).`,
    `ip daddr @${DOWN_SET} accept`,
    'drop',
  ];
  const postrouting = [
    '# Only connections of allowed clients are masqueraded.',
    `${n.uplink === undefined ? `oifname != ${hs}` : `oifname ${JSON.stringify(n.uplink)}`} ip saddr ${n.cidr} ct mark and ${mark} == ${mark} masquerade`,
  ];

  const rules: Record<keyof typeof CHAINS, string[]> = {
    prerouting,
    input,
    hotspot_in: hotspotIn,
    forward,
    from_hotspot: fromHotspot,
    to_hotspot: toHotspot,
    postrouting,
  };
  const block = (lines: string[], indent: string) => lines.map((l) => `${indent}${l}`).join('\n');
  const chainNames = Object.keys(CHAINS) as (keyof typeof CHAINS)[];

  return `#!/usr/sbin/nft -f
# Tiang hotspot firewall. Generated by the agent and rewritten on every change: do not edit.
# Loaded at boot (tiang-hotspot-firewall.service) and applied live by the agent, in one atomic
# step each time. Applying it again keeps allowed clients: the sets below are declared (which
# changes nothing when they exist), and only the chains are emptied and refilled.
# Never add "flush table" or "delete table" here: that would empty the allow-list.
table ${t} {
${ALLOW_LIST_SETS}
${chainNames.map((c) => `  chain ${c} {${CHAINS[c] ? `\n    ${CHAINS[c]}\n  ` : ''}}`).join('\n')}
}

${chainNames.map((c) => `flush chain ${t} ${c}`).join('\n')}

# Limit meters hold no clients: made anew so a changed rate counts at once; unused ones go.
${METERS.map((m) => {
  const add = `add set ${t} ${m} { ${METER_DECL} }`;
  return `${add}\ndelete set ${t} ${m}${meters.has(m) ? `\n${add}` : ''}`;
}).join('\n')}

table ${t} {
${chainNames.map((c) => `  chain ${c} {\n${block(rules[c], '    ')}\n  }`).join('\n\n')}
}
`;
}

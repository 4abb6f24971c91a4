import { bi, ipv4Subnet, ipv4ToInt, TiangError } from '../../core/index.js';

/**
 * Checks of every value that goes into hostapd.conf, dnsmasq.conf or the nft ruleset. Each
 * failure is a TiangError naming the field, so nothing a control-room setting holds can add
 * a line to a file or a statement to the ruleset.
 */

export function badField(field: string, problem: string): TiangError {
  return new TiangError(
    'HOTSPOT_CONF_INVALID',
    `hotspot network: ${field} ${problem}`,
    bi(
      `Perbaiki pengaturan hotspot "${field}" (berkas tiang.yaml bagian portal, atau pengaturan hotspot dari ruang kendali). Berkas hotspot lama tetap dipakai.`,
      `Fix the hotspot setting "${field}" (the portal section of tiang.yaml, or the hotspot settings from the control room). The previous hotspot files stay in use.`,
    ),
  );
}

const show = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));

/** A Linux interface name as nft and the kernel take it (IFNAMSIZ 16 with the NUL). */
export const INTERFACE_NAME = /^[A-Za-z0-9_.-]{1,15}$/;
/** An nftables table name the pole owns. */
export const TABLE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;

export function checkInterface(field: string, v: unknown): string {
  if (typeof v !== 'string' || !INTERFACE_NAME.test(v) || v === '.' || v === '..') {
    throw badField(field, `${show(v)} is not an interface name (1 to 15 of A-Z a-z 0-9 _ . -, e.g. wlan0)`);
  }
  return v;
}

export function checkTable(field: string, v: unknown): string {
  if (typeof v !== 'string' || !TABLE_NAME.test(v)) {
    throw badField(
      field,
      `${show(v)} is not a usable nftables table name (letters, digits and _, starting with a letter, e.g. tiang)`,
    );
  }
  return v;
}

export function checkIpv4(field: string, v: unknown): string {
  const parts = typeof v === 'string' ? v.split('.') : [];
  const ok = parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
  if (!ok) throw badField(field, `${show(v)} is not an IPv4 address (four numbers 0-255, e.g. 10.42.0.1)`);
  return v as string;
}

export function checkInt(field: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw badField(field, `${show(v)} must be a whole number from ${min} to ${max}`);
  }
  return v;
}

/** Control characters (and the Unicode line separators) would end a line in a config file. */
export function checkNoControl(field: string, v: string): string {
  if (/[\p{Cc}\u2028\u2029]/u.test(v)) {
    throw badField(
      field,
      `${show(v)} holds a line break or control character, which no config file may take`,
    );
  }
  return v;
}

export interface CheckedSubnet {
  address: string;
  prefixLength: number;
  cidr: string;
  netmask: string;
  inSubnet: (ip: string) => boolean;
}

/** The pole's address and network size: an address that is a host of its network. */
export function checkSubnet(net: { address: unknown; prefixLength: unknown }): CheckedSubnet {
  const address = checkIpv4('address', net.address);
  const prefixLength = checkInt('prefixLength', net.prefixLength, 8, 30);
  const subnet = ipv4Subnet(address, prefixLength);
  const n = ipv4ToInt(address);
  const base = ipv4ToInt(subnet.network);
  if (n === base || n === base + 2 ** (32 - prefixLength) - 1) {
    throw badField('address', `${address} is the network or broadcast address of ${subnet.cidr}, not a host`);
  }
  return { address, prefixLength, cidr: subnet.cidr, netmask: subnet.netmask, inSubnet: subnet.inSubnet };
}

export function checkDhcpRange(range: unknown, subnet: CheckedSubnet): { start: string; end: string } {
  if (typeof range !== 'object' || range === null) throw badField('dhcpRange', 'must have start and end');
  const { start: rawStart, end: rawEnd } = range as { start?: unknown; end?: unknown };
  const start = checkIpv4('dhcpRange.start', rawStart);
  const end = checkIpv4('dhcpRange.end', rawEnd);
  for (const [field, ip] of [
    ['dhcpRange.start', start],
    ['dhcpRange.end', end],
  ] as const) {
    if (!subnet.inSubnet(ip)) throw badField(field, `${ip} is outside ${subnet.cidr}`);
  }
  const s = ipv4ToInt(start);
  const e = ipv4ToInt(end);
  if (s > e) throw badField('dhcpRange.end', `${end} comes before dhcpRange.start ${start}`);
  const self = ipv4ToInt(subnet.address);
  if (self >= s && self <= e) {
    throw badField('dhcpRange', `${start}-${end} includes the pole's own address ${subnet.address}`);
  }
  const base = ipv4ToInt(subnet.cidr.split('/')[0] as string);
  const last = base + 2 ** (32 - subnet.prefixLength) - 1;
  if (s === base || e === last) {
    throw badField(
      'dhcpRange',
      `${start}-${end} includes the network or broadcast address of ${subnet.cidr}`,
    );
  }
  return { start, end };
}

/** Hotspot and uplink interfaces, which must differ. */
export function checkInterfaces(net: { interface: unknown; uplinkInterface?: unknown }): {
  iface: string;
  uplink: string | undefined;
} {
  const iface = checkInterface('interface', net.interface);
  const uplink =
    net.uplinkInterface === undefined ? undefined : checkInterface('uplinkInterface', net.uplinkInterface);
  if (uplink === iface) {
    throw badField(
      'uplinkInterface',
      `${show(uplink)} is the hotspot interface itself; name the uplink (e.g. eth0)`,
    );
  }
  return { iface, uplink };
}

/** 2.4 GHz channels Indonesia (like most of the world) allows. */
const CHANNELS_24 = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
/** 5 GHz 20 MHz channels; which of them a country allows is the regulatory database's call. */
const CHANNELS_5 = new Set([
  36, 40, 44, 48, 52, 56, 60, 64, 100, 104, 108, 112, 116, 120, 124, 128, 132, 136, 140, 144, 149, 153, 157,
  161, 165,
]);

export function checkChannel(v: unknown): { channel: number; hwMode: 'g' | 'a'; dfs: boolean } {
  if (typeof v === 'number' && CHANNELS_24.has(v)) return { channel: v, hwMode: 'g', dfs: false };
  if (typeof v === 'number' && CHANNELS_5.has(v))
    return { channel: v, hwMode: 'a', dfs: v >= 52 && v <= 144 };
  const n = typeof v === 'number' && Number.isInteger(v) ? v : undefined;
  const why =
    n === 14
      ? '14 is allowed in Japan only'
      : n !== undefined && n > 14 && n < 36
        ? `${n} is in neither band`
        : n !== undefined && n >= 36 && n <= 165
          ? `${n} is not a 5 GHz channel (36-64 and 100-144 in steps of 4, or 149-165)`
          : `${show(v)} is not a Wi-Fi channel`;
  throw badField('channel', `${why}: use 1-13 (2.4 GHz) or a 5 GHz channel such as 36, 40, 44, 48, 149`);
}

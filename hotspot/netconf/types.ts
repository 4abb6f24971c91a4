/** Open (the portal asks for consent) or WPA2-PSK with a passphrase shown at the pole. */
export type HotspotSecurity = { mode: 'open' } | { mode: 'wpa2'; passphrase: string };

/**
 * The hotspot network as hostapd, dnsmasq and the nftables ruleset are generated from it.
 * Radio facts (interface, channel, country) come from the pole's config file; what the city
 * decides (SSID, security, limits, rates) from the control room.
 */
export interface HotspotNetwork {
  /** The Wi-Fi interface hostapd runs, e.g. wlan0. */
  interface: string;
  /** The pole's IPv4 address on the hotspot network (gateway, DNS and portal). */
  address: string;
  /** Size of the hotspot network: address/prefixLength. */
  prefixLength: number;
  /** Addresses dnsmasq hands out: inside the network, not the pole's own. */
  dhcpRange: { start: string; end: string };
  leaseMinutes: number;
  /** The interface allowed clients are masqueraded out of; any but the hotspot's when unset. */
  uplinkInterface?: string;
  /** 1–13 on 2.4 GHz, 36–165 on 5 GHz. */
  channel: number;
  /** Regulatory country, ISO 3166-1 alpha-2 (ID). */
  country: string;
  /** Upstream DNS servers for dnsmasq; the system's resolv.conf when unset or empty. */
  dnsServers?: readonly string[];
  /** The RFC 8908 captive-portal API URL, announced in DHCP option 114 (RFC 8910). */
  apiUrl: string;
  /** Where the portal listens on `address`; clients' port 80 is redirected here. */
  portalPort: number;
  /** At most 32 bytes of UTF-8. */
  ssid: string;
  security: HotspotSecurity;
  /** Most clients associated at once (hostapd max_num_sta). */
  maxClients: number;
  /** Per-client rate limits in kilobits per second; none when unset. */
  downKbps?: number;
  upKbps?: number;
  /** The nftables table (family inet) the pole owns; `tiang` when unset. */
  table?: string;
}

/** What the nftables ruleset needs of the network. */
export type FirewallNetwork = Pick<
  HotspotNetwork,
  | 'interface'
  | 'address'
  | 'prefixLength'
  | 'uplinkInterface'
  | 'portalPort'
  | 'downKbps'
  | 'upKbps'
  | 'table'
>;

/** The files of the conf dir, by name. */
export interface NetworkConfFiles {
  'hostapd.conf': string;
  'dnsmasq.conf': string;
  'hotspot.nft': string;
  /** TIANG_HOTSPOT_IFACE and TIANG_HOTSPOT_CIDR for tiang-hostapd.service; optional. */
  'hotspot.env'?: string;
}

export type NetworkConfName = keyof NetworkConfFiles;

/** Result of checking one generated file with its own tool. */
export type ConfCheck = { ok: true } | { ok: false; error: string };

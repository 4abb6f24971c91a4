import type { HotspotNetwork } from '../../../hotspot/netconf/index.js';

/** A pole's hotspot as the generators see it: open, on wlan0, routed out of eth0. */
export const NETWORK: HotspotNetwork = {
  interface: 'wlan0',
  address: '10.42.0.1',
  prefixLength: 24,
  dhcpRange: { start: '10.42.0.10', end: '10.42.0.250' },
  leaseMinutes: 120,
  uplinkInterface: 'eth0',
  channel: 6,
  country: 'ID',
  dnsServers: ['1.1.1.1', '8.8.8.8'],
  apiUrl: 'http://10.42.0.1/captive-portal/api',
  portalPort: 8081,
  ssid: 'Blitar-WiFi-Gratis',
  security: { mode: 'open' },
  maxClients: 20,
  table: 'tiang',
};

/** NETWORK with some fields changed. */
export const net = (over: Partial<HotspotNetwork> = {}): HotspotNetwork => ({ ...NETWORK, ...over });

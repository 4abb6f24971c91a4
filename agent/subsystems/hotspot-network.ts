import path from 'node:path';
import {
  CAPTIVE_API_PATH,
  generateNetworkConf,
  type HotspotNetwork,
  type HotspotPolicy,
  hotspotPolicy,
  type PortalContent,
} from '../../hotspot/index.js';
import type { HotspotSection } from '../../sync/index.js';
import type { TiangConfig } from '../config/index.js';

/** The network name when the control room has not named it (fits hostapd's 32 bytes). */
export const DEFAULT_SSID = 'WiFi-Gratis-Blitar';

/** Where the generated hostapd.conf, dnsmasq.conf, hotspot.nft and hotspot.env live. */
export const hotspotConfDir = (config: TiangConfig): string =>
  path.resolve(config.portal.confDir ?? path.join(config.dataDir, 'hotspot'));

/**
 * The hotspot network from the pole's config file (radio, addresses, uplink) and the city's
 * desired `hotspot` section (name, security, limits, rates). `portalPort` is where the portal
 * really listens (the config's port, or the one the system gave for port 0).
 */
export function hotspotNetwork(
  config: TiangConfig,
  section: HotspotSection | undefined,
  portalPort: number,
): HotspotNetwork {
  const p = config.portal;
  const policy = hotspotPolicy(section);
  return {
    interface: p.interface,
    address: p.address,
    prefixLength: p.prefixLength,
    dhcpRange: p.dhcpRange,
    leaseMinutes: p.leaseMinutes,
    ...(p.uplinkInterface ? { uplinkInterface: p.uplinkInterface } : {}),
    channel: p.channel,
    country: p.country,
    ...(p.dnsServers ? { dnsServers: p.dnsServers } : {}),
    // Port 80 of the pole is the portal for every hotspot client (the ruleset redirects it).
    apiUrl: p.apiUrl ?? `http://${p.address}${CAPTIVE_API_PATH}`,
    portalPort,
    ssid: section?.ssid ?? DEFAULT_SSID,
    security: section?.security ?? { mode: 'open' },
    maxClients: policy.maxClients,
    ...(policy.downKbps !== undefined ? { downKbps: policy.downKbps } : {}),
    ...(policy.upKbps !== undefined ? { upKbps: policy.upKbps } : {}),
    table: config.firewall.table,
  };
}

/**
 * Why this pole cannot run the desired `hotspot` section (undefined: it can). The desired
 * applier asks before taking the section in, so a section hostapd or nft would refuse (an
 * SSID too long in UTF-8, a passphrase hostapd cannot read) fails in `reported` and the
 * hotspot keeps running as it was.
 */
export function hotspotSectionProblem(
  config: TiangConfig,
  section: HotspotSection | undefined,
): string | undefined {
  if (!config.portal.enabled) return undefined;
  try {
    generateNetworkConf(hotspotNetwork(config, section, config.portal.port || 80), {
      confDir: hotspotConfDir(config),
    });
    return undefined;
  } catch (err) {
    return `hotspot: ${(err as Error).message}`;
  }
}

/** What the portal pages show, for one desired version. */
export function portalContent(
  config: TiangConfig,
  section: HotspotSection | undefined,
  version: number,
  policy: HotspotPolicy,
): PortalContent {
  return {
    version,
    poleName: config.device.name || config.device.id,
    ssid: section?.ssid ?? DEFAULT_SSID,
    ...(section?.provider ? { provider: section.provider } : {}),
    ...(section?.terms ? { terms: section.terms } : {}),
    ...(section?.welcome ? { welcome: section.welcome } : {}),
    policy: {
      sessionMinutes: policy.sessionMinutes,
      idleMinutes: policy.idleMinutes,
      dailyMinutes: policy.dailyMinutes,
    },
  };
}

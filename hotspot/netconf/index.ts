export { checkDnsmasqConf, checkNftRuleset, type DnsmasqCheckOptions } from './checks.js';
export { checkApiUrl, type DnsmasqConfOptions, type DnsmasqNetwork, dnsmasqConf } from './dnsmasq-conf.js';
export { generateNetworkConf } from './generate.js';
export { checkHostapdConf, type HostapdNetwork, hostapdConf, SSID_MAX_BYTES } from './hostapd-conf.js';
export { checkHotspotEnv, hotspotEnv } from './hotspot-env.js';
export {
  ALLOWED_CT_MARK,
  ALLOWED_SET,
  checkFirewallNetwork,
  DEFAULT_TABLE,
  DOWN_SET,
  HOTSPOT_LIMITS,
  nftRuleset,
} from './nft-ruleset.js';
export type {
  ConfCheck,
  FirewallNetwork,
  HotspotNetwork,
  HotspotSecurity,
  NetworkConfFiles,
  NetworkConfName,
} from './types.js';
export { INTERFACE_NAME } from './validate.js';
export { type WriteNetworkConfOptions, type WriteNetworkConfResult, writeNetworkConf } from './write.js';

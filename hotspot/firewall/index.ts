export { assertIpv4, assertTimeoutS, normaliseMac } from './client-address.js';
export { NftFirewall, type NftFirewallOptions } from './nft-firewall.js';
export { parseNftIpCounters, parseNftSetJson } from './nft-set-json.js';
export { SimFirewall } from './sim-firewall.js';
export type { Firewall, FirewallClient } from './types.js';

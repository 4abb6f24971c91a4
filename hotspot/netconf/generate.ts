import { type DnsmasqConfOptions, dnsmasqConf } from './dnsmasq-conf.js';
import { hostapdConf } from './hostapd-conf.js';
import { hotspotEnv } from './hotspot-env.js';
import { nftRuleset } from './nft-ruleset.js';
import type { HotspotNetwork, NetworkConfFiles } from './types.js';

/**
 * Every file of the conf dir for this network; throws a TiangError naming the first bad
 * field before anything is made.
 */
export function generateNetworkConf(
  net: HotspotNetwork,
  opts: DnsmasqConfOptions,
): Required<NetworkConfFiles> {
  return {
    'hostapd.conf': hostapdConf(net),
    'dnsmasq.conf': dnsmasqConf(net, opts),
    'hotspot.nft': nftRuleset(net),
    'hotspot.env': hotspotEnv(net),
  };
}

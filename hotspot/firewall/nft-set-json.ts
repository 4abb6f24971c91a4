import type { FirewallClient } from './types.js';

interface NftElem {
  val?: unknown;
  timeout?: number;
  expires?: number;
}

/**
 * Clients in the output of `nft -j list set ...`. An element with a timeout comes as
 * { elem: { val: { concat: [mac, ip] }, timeout, expires } } (seconds); one without as
 * { concat: [mac, ip] }.
 */
export function parseNftSetJson(json: string, now: number): FirewallClient[] {
  const doc = JSON.parse(json) as { nftables?: { set?: { elem?: unknown[] } }[] };
  const set = doc.nftables?.find((entry) => entry.set)?.set;
  if (!set) throw new Error('nft output holds no set');
  const clients: FirewallClient[] = [];
  for (const raw of set.elem ?? []) {
    const elem: NftElem = isObject(raw) && isObject(raw.elem) ? (raw.elem as NftElem) : { val: raw };
    const concat = isObject(elem.val) ? elem.val.concat : undefined;
    if (!Array.isArray(concat) || typeof concat[0] !== 'string' || typeof concat[1] !== 'string') continue;
    const client: FirewallClient = { mac: concat[0].toLowerCase(), ip: concat[1] };
    if (typeof elem.expires === 'number') client.expiresAt = now + elem.expires * 1000;
    clients.push(client);
  }
  return clients;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

import type { FirewallClient } from './types.js';

interface NftElem {
  val?: unknown;
  timeout?: number;
  expires?: number;
  counter?: { packets?: unknown; bytes?: unknown };
}

function setElements(json: string): NftElem[] {
  const doc = JSON.parse(json) as { nftables?: { set?: { elem?: unknown[] } }[] };
  const set = doc.nftables?.find((entry) => entry.set)?.set;
  if (!set) throw new Error('nft output holds no set');
  // An element with a timeout or counter comes as { elem: { val, timeout, expires, counter } }
  // (seconds; counter { packets, bytes }); one with neither as its bare value.
  return (set.elem ?? []).map((raw) =>
    isObject(raw) && isObject(raw.elem) ? (raw.elem as NftElem) : { val: raw },
  );
}

const counterBytes = (elem: NftElem): number | undefined =>
  typeof elem.counter?.bytes === 'number' ? elem.counter.bytes : undefined;

/**
 * Clients in the output of `nft -j list set` of the allow-list (`ether_addr . ipv4_addr`):
 * MAC in lower case, when the permission lapses, and the element's counter as bytes up
 * (in 1.0.6: { elem: { val: { concat: [mac, ip] }, timeout, expires, counter: { packets, bytes } } }).
 */
export function parseNftSetJson(json: string, now: number): FirewallClient[] {
  const clients: FirewallClient[] = [];
  for (const elem of setElements(json)) {
    const concat = isObject(elem.val) ? elem.val.concat : undefined;
    if (!Array.isArray(concat) || typeof concat[0] !== 'string' || typeof concat[1] !== 'string') continue;
    const client: FirewallClient = { mac: concat[0].toLowerCase(), ip: concat[1] };
    if (typeof elem.expires === 'number') client.expiresAt = now + elem.expires * 1000;
    const bytes = counterBytes(elem);
    if (bytes !== undefined) client.bytesUp = bytes;
    clients.push(client);
  }
  return clients;
}

/**
 * Bytes counted per IP in the output of `nft -j list set` of an `ipv4_addr` set with
 * counters (the download set): { elem: { val: "10.42.0.17", ..., counter: { bytes } } }.
 * IPs without a counter are left out.
 */
export function parseNftIpCounters(json: string): Map<string, number> {
  const bytes = new Map<string, number>();
  for (const elem of setElements(json)) {
    const n = counterBytes(elem);
    if (typeof elem.val === 'string' && n !== undefined) bytes.set(elem.val, n);
  }
  return bytes;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

import { readFileSync } from 'node:fs';

const ARP_TABLE = '/proc/net/arp';

/**
 * The MAC address behind a hotspot client's IP, from the kernel's neighbour table.
 * A phone with a randomised MAC keeps one per network, so MAC + IP names a client.
 * Reads the table on every call; the portal uses neighbourLookup(), which caches it.
 */
export function macForIp(ip: string, arpTable = ARP_TABLE): string | undefined {
  return readNeighbours(arpTable).get(ip);
}

/**
 * macForIp with the table cached: read at most once per `maxAgeMs`, so a flood of requests
 * does not read the file for each, and read again on a miss (a phone that just joined) but
 * not more often than every `missRereadMs`. `fresh` reads it now, whatever the cache holds:
 * for Connect, where the answer decides who is let out (the portal limits Connect per IP).
 */
export function neighbourLookup(
  opts: { arpTable?: string; maxAgeMs?: number; missRereadMs?: number; now?: () => number } = {},
): (ip: string, fresh?: boolean) => string | undefined {
  const { arpTable = ARP_TABLE, maxAgeMs = 1000, missRereadMs = 50, now = () => performance.now() } = opts;
  let table = new Map<string, string>();
  let readAt = Number.NEGATIVE_INFINITY;
  const reread = (t: number) => {
    table = readNeighbours(arpTable);
    readAt = t;
  };
  return (ip, fresh = false) => {
    const t = now();
    if (fresh || t - readAt >= maxAgeMs) reread(t);
    const mac = table.get(ip);
    if (mac !== undefined || t - readAt < missRereadMs) return mac;
    reread(t);
    return table.get(ip);
  };
}

/** IP → MAC for the complete entries of a /proc/net/arp-format file (empty when unreadable). */
function readNeighbours(arpTable: string): Map<string, string> {
  const table = new Map<string, string>();
  let text: string;
  try {
    text = readFileSync(arpTable, 'utf8');
  } catch {
    return table;
  }
  for (const line of text.split('\n').slice(1)) {
    const [addr, , flags, mac] = line.trim().split(/\s+/);
    // Flags 0x0 = incomplete entry: no MAC learned yet.
    if (addr && mac && flags !== '0x0' && mac !== '00:00:00:00:00:00' && !table.has(addr)) {
      table.set(addr, mac.toLowerCase());
    }
  }
  return table;
}

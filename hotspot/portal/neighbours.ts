import { readFileSync } from 'node:fs';

/**
 * The MAC address behind a hotspot client's IP, from the kernel's neighbour table.
 * A phone with a randomised MAC keeps one per network, so MAC + IP names a client.
 */
export function macForIp(ip: string, arpTable = '/proc/net/arp'): string | undefined {
  let text: string;
  try {
    text = readFileSync(arpTable, 'utf8');
  } catch {
    return undefined;
  }
  for (const line of text.split('\n').slice(1)) {
    const [addr, , flags, mac] = line.trim().split(/\s+/);
    // Flags 0x0 = incomplete entry: no MAC learned yet.
    if (addr === ip && mac && flags !== '0x0' && mac !== '00:00:00:00:00:00') return mac.toLowerCase();
  }
  return undefined;
}

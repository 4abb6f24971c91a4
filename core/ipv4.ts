/** IPv4 arithmetic for the hotspot network (config checks, DHCP range, nft ruleset). */

/** A dotted quad as an unsigned 32-bit number; the caller has checked the format. */
export function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

export function intToIpv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** The network `address/prefixLength` belongs to, e.g. 10.42.0.1/24 → 10.42.0.0/24. */
export function ipv4Subnet(
  address: string,
  prefixLength: number,
): { network: string; cidr: string; netmask: string; inSubnet: (ip: string) => boolean } {
  const size = 2 ** (32 - prefixLength);
  const base = Math.floor(ipv4ToInt(address) / size) * size;
  const network = intToIpv4(base);
  return {
    network,
    cidr: `${network}/${prefixLength}`,
    netmask: intToIpv4(2 ** 32 - size),
    inSubnet: (ip: string) => {
      const n = ipv4ToInt(ip);
      return n >= base && n < base + size;
    },
  };
}

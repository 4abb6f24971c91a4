import { bi, TiangError } from '../../core/index.js';

function badClient(what: string): TiangError {
  return new TiangError(
    'FIREWALL_BAD_CLIENT',
    what,
    bi(
      'Klien tidak diizinkan. Jika terus terjadi, periksa tabel ARP (`ip neigh`) dan laporkan sebagai bug.',
      'The client was not let through. If this keeps happening, check the neighbour table (`ip neigh`) and report a bug.',
    ),
  );
}

/** Checks a MAC address and writes it the way nft and the neighbour table do: aa:bb:cc:dd:ee:ff. */
export function normaliseMac(mac: string): string {
  if (typeof mac !== 'string' || !/^[0-9a-f]{2}([:-][0-9a-f]{2}){5}$/i.test(mac)) {
    throw badClient(`"${String(mac)}" is not a MAC address (expected six hex pairs like aa:bb:cc:dd:ee:ff)`);
  }
  const normal = mac.toLowerCase().replaceAll('-', ':');
  if (normal === '00:00:00:00:00:00') throw badClient(`MAC ${normal} is the empty address, not a client`);
  // A set low bit in the first octet marks a group address: no single phone sends from one.
  if (Number.parseInt(normal.slice(0, 2), 16) & 1)
    throw badClient(`MAC ${normal} is a multicast address, not a client`);
  return normal;
}

/** Checks a dotted-quad IPv4 address (no leading zeros, which some tools read as octal). */
export function assertIpv4(ip: string): string {
  const parts = typeof ip === 'string' ? ip.split('.') : [];
  const ok = parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
  if (!ok)
    throw badClient(`"${String(ip)}" is not an IPv4 address (expected four numbers 0-255 like 10.42.0.17)`);
  return ip;
}

/** Checks a session length: whole seconds, at least one. */
export function assertTimeoutS(timeoutS: number): number {
  if (!Number.isInteger(timeoutS) || timeoutS < 1) {
    throw new RangeError(`firewall timeout must be a whole number of seconds >= 1, got ${String(timeoutS)}`);
  }
  return timeoutS;
}

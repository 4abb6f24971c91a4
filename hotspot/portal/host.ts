/** What a request's Host header names. */
export type RequestHost =
  /** No Host header (HTTP/1.0): the client came to the portal's address itself. */
  | { kind: 'none' }
  /** Lower-case host name or address without the port; `header` is the valid header as sent. */
  | { kind: 'name'; hostname: string; header: string }
  /** Not a host name (junk, over-long): answered 400. */
  | { kind: 'invalid' };

// A DNS name or IPv4 address, or an IPv6 literal in brackets, each with an optional port.
const HOST_RE =
  /^(?:([a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)*\.?)|\[([0-9a-f:.]{2,45})\])(?::\d{1,5})?$/i;

export function parseHost(header: string | undefined): RequestHost {
  if (header === undefined || header === '') return { kind: 'none' };
  if (header.length > 260) return { kind: 'invalid' };
  const m = HOST_RE.exec(header);
  if (!m) return { kind: 'invalid' };
  const hostname = (m[1] ?? m[2]!).toLowerCase().replace(/\.$/, '');
  return { kind: 'name', hostname, header };
}

/** The host part of a URL, as parseHost gives it (IPv6 without brackets). */
export function urlHostname(url: string): string {
  return new URL(url).hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
}

/**
 * The answers operating systems expect from their connectivity checks when the network is
 * online. Before a client is let out, the portal answers these with a redirect to the splash
 * (so the OS opens its portal window); after, with exactly these (so it closes the window and
 * marks the network online). Requests reach the portal for these hosts because the firewall
 * sends captive clients' port 80 here.
 */
export interface ProbeAnswer {
  status: 200 | 204;
  contentType?: string;
  body?: string;
}

/** Apple (iOS, macOS): any of its probe hosts (captive.apple.com, www.apple.com, ...). */
const APPLE: ProbeAnswer = {
  status: 200,
  contentType: 'text/html',
  body: '<HTML><HEAD><TITLE>Success</TITLE></HEAD><BODY>Success</BODY></HTML>',
};
/** Android and Chrome (connectivitycheck.gstatic.com, clients3.google.com, www.google.com, vendors' own). */
const NO_CONTENT: ProbeAnswer = { status: 204 };
/** Windows NCSI, current and older. */
const WINDOWS: ProbeAnswer = { status: 200, contentType: 'text/plain', body: 'Microsoft Connect Test' };
const WINDOWS_OLD: ProbeAnswer = { status: 200, contentType: 'text/plain', body: 'Microsoft NCSI' };
/** Firefox: compared byte for byte with its captivedetect.canonicalContent. */
const FIREFOX_CANONICAL: ProbeAnswer = {
  status: 200,
  contentType: 'text/html',
  body: '<meta http-equiv="refresh" content="0;url=https://support.mozilla.org/kb/captive-portal"/>',
};
const FIREFOX_SUCCESS: ProbeAnswer = { status: 200, contentType: 'text/plain', body: 'success\n' };

const FIREFOX_HOST = 'detectportal.firefox.com';

/**
 * The online answer for a probe, or undefined when `path` is no probe. The OS families use
 * many hosts (and phone makers add their own generate_204 hosts), so the path decides, except
 * Firefox's generic-looking paths, which count on its own host only.
 */
export function probeAnswer(hostname: string, path: string): ProbeAnswer | undefined {
  switch (path) {
    case '/hotspot-detect.html':
    case '/library/test/success.html':
      return APPLE;
    case '/generate_204':
    case '/gen_204':
      return NO_CONTENT;
    case '/connecttest.txt':
      return WINDOWS;
    case '/ncsi.txt':
      return WINDOWS_OLD;
    case '/canonical.html':
      return hostname === FIREFOX_HOST ? FIREFOX_CANONICAL : undefined;
    case '/success.txt':
      return hostname === FIREFOX_HOST ? FIREFOX_SUCCESS : undefined;
    default:
      return undefined;
  }
}

import http, { type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';

/** Redirects followed before giving up: enough for a CDN hop or two, few enough to stop a loop. */
export const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Something a stall watchdog can cut off: the request until headers arrive, then the response. */
export interface Destroyable {
  destroy(error?: Error): unknown;
}

export interface GetOptions {
  headers: OutgoingHttpHeaders;
  signal: AbortSignal;
  /** Extra trusted CA certificates (PEM) for HTTPS, on top of Node's bundled roots. */
  ca?: string | Buffer | (string | Buffer)[];
  /** Called with each request and then with the response, so the caller can cut either off. */
  track: (target: Destroyable) => void;
}

/** An error that names a URL the way it may be logged. */
export class HttpGetError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'HttpGetError';
  }
}

/**
 * The URL without its query and fragment, for messages and logs: content URLs are often
 * pre-signed, and the signature in the query is a credential.
 */
export function redactUrl(url: URL | string): string {
  try {
    const u = new URL(url);
    // Not `origin`: it is "null" for mqtt:, mqtts: and other non-web schemes.
    return `${u.protocol}//${u.host}${u.pathname}${u.search ? '?…' : ''}`;
  } catch {
    return '(invalid URL)';
  }
}

function requestOnce(url: URL, opts: GetOptions): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const secure = url.protocol === 'https:';
    const requestOpts: https.RequestOptions = { method: 'GET', headers: opts.headers, signal: opts.signal };
    // Passing `ca` replaces Node's root store, so add the extra CA to it rather than swap it in:
    // the same pole may fetch from the control room's own server and from a public CDN.
    if (secure && opts.ca !== undefined) requestOpts.ca = [...rootCertificates, ...[opts.ca].flat()];
    const req = (secure ? https : http).request(url, requestOpts, resolve);
    req.on('error', reject);
    opts.track(req);
    req.end();
  });
}

/**
 * GET `url`, following up to MAX_REDIRECTS redirects, and resolve with the final response
 * (any status but a redirect) and the URL it came from. The caller owns the response.
 */
export async function httpGet(url: string, opts: GetOptions): Promise<{ res: IncomingMessage; url: URL }> {
  let current = new URL(url);
  for (let hop = 0; ; hop++) {
    if (current.protocol !== 'http:' && current.protocol !== 'https:') {
      throw new HttpGetError(`unsupported URL scheme ${current.protocol} (${redactUrl(current)})`, false);
    }
    const res = await requestOnce(current, opts);
    opts.track(res);
    const location = res.headers.location;
    if (!REDIRECT_STATUSES.has(res.statusCode ?? 0) || location === undefined) return { res, url: current };
    // Drop rather than drain the redirect's body: nothing bounds its size.
    res.destroy();
    if (hop >= MAX_REDIRECTS) {
      throw new HttpGetError(`more than ${MAX_REDIRECTS} redirects, last to ${redactUrl(current)}`, false);
    }
    try {
      current = new URL(location, current);
    } catch {
      throw new HttpGetError(`invalid redirect location from ${redactUrl(current)}`, false);
    }
  }
}

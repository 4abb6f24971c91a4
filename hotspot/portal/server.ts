import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { baseFastifyOptions, type Clock, type Logger, portalDist, systemClock } from '../../core/index.js';
import type { HotspotClient, SessionGate } from '../sessions/types.js';
import type { PortalContent } from './content.js';
import { portalSecurityHeaders } from './headers.js';
import { parseHost, type RequestHost, urlHostname } from './host.js';
import { PortalPages } from './pages.js';
import { probeAnswer } from './probes.js';
import { RateLimiter } from './rate-limit.js';

export interface PortalServerOptions {
  /** The pole's address on the hotspot network. The portal listens there and answers as itself for it. */
  host: string;
  /** Where it listens: 80 on a pole, or the unprivileged port the ruleset redirects port 80 to; 0 = any. */
  port: number;
  /** Never gets a client's IP or MAC from the portal (the session gate logs a salted hash). */
  log: Logger;
  /** Who is online, and letting a client in (hotspot/sessions). */
  gate: SessionGate;
  /**
   * The MAC of the client at this IP, or undefined when it is not (yet) in the neighbour table.
   * On a pole: neighbourLookup() (the kernel's /proc/net/arp, cached; `fresh` = read it now, for Connect); in the simulator: made up.
   */
  resolveMac: (ip: string, fresh?: boolean) => string | undefined;
  /**
   * The city's settings for the portal, asked on every page request: return the same object
   * until something changes, with a new `version` then (pages are rendered once per version).
   */
  content: () => PortalContent;
  /** Requests one client IP may make per minute before the portal answers 429. Default 300. */
  requestsPerMinute?: number;
  /**
   * The splash's URL, where captive clients are sent (a name given here also counts as the
   * portal's own host). Default http://<host>/, with :<port> unless it listens on 80.
   */
  portalUrl?: string;
  /** The RFC 8908 API URL DHCP option 114 announces, if it names another host: that host is the portal's too. */
  apiUrl?: string;
  /** The built pages (Vite). Default dist/portal. */
  pagesDir?: string;
  clock?: Clock;
}

/** Where the RFC 8908 captive-portal API answers (announced by DHCP option 114, RFC 8910). */
export const CAPTIVE_API_PATH = '/captive-portal/api';

/** The landing page after Connect (`/welcome.html`, its old name, is an alias). */
export const WELCOME_PATH = '/welcome';

const HTML = 'text/html; charset=utf-8';
const MAX_URL_LENGTH = 2048;
/** A person presses Connect a few times a minute at most; each press costs the firewall work. */
const ACCEPTS_PER_MINUTE = 20;

const clientIp = (req: FastifyRequest): string => req.ip.replace(/^::ffff:/, '');
const isRead = (req: FastifyRequest): boolean => req.method === 'GET' || req.method === 'HEAD';

/** Open sockets the portal takes at most. */
const MAX_CONNECTIONS = 4096;

/**
 * The captive portal's own listener on the hotspot address. It serves the splash, the accept
 * action, the landing page and the RFC 8908 API for its own host name, answers the operating
 * systems' connectivity checks for the hosts the firewall diverts here, and nothing of the
 * pole (no files at all: the pages are rendered into memory from the Vite build).
 *
 * Requests for other hosts (the firewall sends a captive client's port 80 here):
 * - client not let out yet: 307 to the splash (303 for other methods), so the OS opens its
 *   portal window;
 * - client let out: the OS probes get their real "online" answers, so the window closes and
 *   the network counts as online. Anything else can only be a connection kept alive from
 *   before Connect (new connections go out to the internet): 307 to the very same URL with
 *   `connection: close`, so the browser fetches it again on a new connection, which now goes
 *   out. (A 503 would show the person an error page for a request that can succeed.)
 */
export async function createPortalServer(opts: PortalServerOptions): Promise<FastifyInstance> {
  const { gate, log } = opts;
  const clock = opts.clock ?? systemClock;
  const pages = PortalPages.load(opts.pagesDir ?? portalDist(), log);
  const security = portalSecurityHeaders(pages.styleHashes);
  const limiter = new RateLimiter(opts.requestsPerMinute ?? 300, clock.now);
  const acceptLimiter = new RateLimiter(ACCEPTS_PER_MINUTE, clock.now);
  const ownHosts = new Set([opts.host.toLowerCase().replace(/^\[(.*)\]$/, '$1')]);
  for (const url of [opts.portalUrl, opts.apiUrl]) if (url) ownHosts.add(urlHostname(url));

  const app = Fastify({
    ...baseFastifyOptions(log, { bodyLimit: 1024, timeoutMs: 15_000 }),
    // A URL the router cannot decode (bad %-escapes) skips the hooks: the same front door, then
    // a plain 400 page instead of Fastify's JSON, which would echo the URL.
    frameworkErrors: (_err, req, reply) => {
      if (!frontDoor(req, reply)) page(reply, 400, pages.notice('badRequest'));
    },
  });

  // A cap on open sockets, far above what a pole's radio carries (about 100 clients, a few
  // connections each): a flood of half-open requests cannot take every file descriptor.
  app.server.maxConnections = MAX_CONNECTIONS;

  // Where clients are sent; with port 0 it is known once the listener is up.
  let base = opts.portalUrl;
  let redirectBody: { url: string; body: string } | undefined;
  const portalUrl = (): string => {
    if (base) return base;
    const addr = app.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : opts.port;
    const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
    const url = `http://${host}${port === 80 ? '' : `:${port}`}/`;
    if (port !== 0) base = url;
    return url;
  };
  const redirectToPortal = (url: string): string => {
    if (redirectBody?.url !== url) redirectBody = { url, body: pages.redirect(url) };
    return redirectBody.body;
  };

  const clientOf = (req: FastifyRequest, fresh = false): HotspotClient | undefined => {
    const ip = clientIp(req);
    const mac = opts.resolveMac(ip, fresh)?.toLowerCase();
    return mac === undefined ? undefined : { mac, ip };
  };

  const page = (reply: FastifyReply, status: number, body: string | Buffer): FastifyReply =>
    reply.code(status).header('cache-control', 'no-store').type(HTML).send(body);

  /** A request for a host other than the portal's: see the comment on createPortalServer. */
  const answerForeign = (
    req: FastifyRequest,
    reply: FastifyReply,
    host: { hostname: string; header: string },
  ) => {
    const client = clientOf(req);
    const allowed = client !== undefined && gate.state(client).allowed;
    reply.header('cache-control', 'no-store');
    if (!allowed) {
      const url = portalUrl();
      reply
        .code(isRead(req) ? 307 : 303)
        .header('location', url)
        .type(HTML)
        .send(redirectToPortal(url));
      return;
    }
    const target = req.url.startsWith('/') ? req.url : '/';
    const probe = probeAnswer(host.hostname, target.split('?')[0]!);
    if (probe) {
      reply.code(probe.status);
      if (probe.contentType) reply.type(probe.contentType);
      reply.send(probe.body);
      return;
    }
    reply.code(307).header('location', `http://${host.header}${target}`).header('connection', 'close').send();
  };

  // Form posts only (no JSON, no multipart): a body the portal cannot use is refused before it is read.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
    done(null, new URLSearchParams(body as string)),
  );

  /**
   * Every request first: security headers, the per-IP limit, then who it is for. True when
   * this answered it (limited, bad Host, another host, over-long URL).
   */
  const frontDoor = (req: FastifyRequest, reply: FastifyReply): boolean => {
    reply.headers(security);
    const wait = limiter.take(clientIp(req));
    if (wait > 0) {
      reply.header('retry-after', String(wait));
      page(reply, 429, pages.notice('busy'));
      return true;
    }
    const host: RequestHost = parseHost(req.headers.host);
    if (host.kind === 'invalid') {
      page(reply, 400, pages.notice('badRequest'));
      return true;
    }
    if (host.kind === 'name' && !ownHosts.has(host.hostname)) {
      answerForeign(req, reply, host);
      return true;
    }
    if (req.url.length > MAX_URL_LENGTH) {
      page(reply, 414, pages.notice('badRequest'));
      return true;
    }
    return false;
  };
  app.addHook('onRequest', (req, reply, done) => {
    if (!frontDoor(req, reply)) done();
  });

  app.setErrorHandler((err: Partial<Error> & { statusCode?: number }, _req, reply) => {
    const code = err.statusCode;
    const status = code !== undefined && code >= 400 && code < 600 ? code : 500;
    if (status >= 500) log.error({ err: withoutClientIds(String(err.message)) }, 'portal request failed');
    page(reply, status, pages.notice(status >= 500 ? 'error' : 'badRequest'));
  });

  // Nothing else here: reads go to the splash, anything else is refused.
  app.setNotFoundHandler((req, reply) => {
    if (isRead(req))
      return reply.code(302).header('location', '/').header('cache-control', 'no-store').send();
    return page(reply, 404, pages.notice('badRequest'));
  });

  // The splash: the same bytes for everyone until the city's settings change.
  const splash = (req: FastifyRequest, reply: FastifyReply) => {
    const { body, etag } = pages.splash(opts.content());
    reply.header('etag', etag).header('cache-control', 'no-cache').type(HTML);
    if (req.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.send(body);
  };
  app.get('/', splash);
  app.get('/index.html', splash);

  app.post('/accept', async (req, reply) => {
    // Only the portal's own form presses Connect: a page from elsewhere, open on the phone,
    // must not let the phone out behind its user's back. Browsers name a request's origin
    // in Sec-Fetch-Site (a page cannot forge it); one that sends none is taken at its word.
    // (Origin is no help: with no-referrer, the portal's own form sends "Origin: null".)
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') {
      log.info({ site }, 'portal: Connect from another site refused');
      return page(reply, 403, pages.notice('badRequest'));
    }
    const form = req.body;
    const accept = form instanceof URLSearchParams ? form.getAll('accept') : [];
    if (accept.length !== 1 || accept[0] !== 'yes') return page(reply, 400, pages.notice('badRequest'));
    const wait = acceptLimiter.take(clientIp(req));
    if (wait > 0) return page(reply.header('retry-after', String(wait)), 429, pages.notice('busy'));
    const client = clientOf(req, true);
    if (client === undefined) {
      log.info('portal: Connect from a device missing from the neighbour table');
      return page(reply, 409, pages.notice('rejoin'));
    }
    const result = await gate.accept(client);
    if (result.ok) {
      log.info('portal: a client connected');
      return reply.code(303).header('location', WELCOME_PATH).header('cache-control', 'no-store').send();
    }
    log.info({ reason: result.reason }, 'portal: Connect refused');
    const now = clock.now();
    const retryAfter =
      result.retryAt === undefined ? 60 : Math.max(1, Math.ceil((result.retryAt - now) / 1000));
    // The day's minutes are used up: a quota, 429. The hotspot is full: a passing overload, 503.
    reply.header('retry-after', String(retryAfter));
    return page(
      reply,
      result.reason === 'daily-limit' ? 429 : 503,
      pages.refused(result.message, result.retryAt, now),
    );
  });

  const welcome = (req: FastifyRequest, reply: FastifyReply) => {
    const client = clientOf(req);
    const state = client && gate.state(client);
    if (!state?.allowed)
      return reply.code(303).header('location', '/').header('cache-control', 'no-store').send();
    return page(reply, 200, pages.welcome(opts.content(), state.endsAt, clock.now()));
  };
  app.get(WELCOME_PATH, welcome);
  app.get('/welcome.html', welcome);

  // RFC 8908: whether this client is still held at the portal, and where the portal is.
  app.get(CAPTIVE_API_PATH, (req, reply) => {
    const client = clientOf(req);
    const state = client && gate.state(client);
    const doc: Record<string, unknown> = {
      captive: !state?.allowed,
      'user-portal-url': portalUrl(),
      'venue-info-url': new URL(WELCOME_PATH, portalUrl()).href,
    };
    if (state?.allowed) {
      if (state.endsAt !== undefined) {
        doc['seconds-remaining'] = Math.max(0, Math.round((state.endsAt - clock.now()) / 1000));
      }
      doc['can-extend-session'] = state.canExtend;
    }
    return reply
      .header('cache-control', 'private, no-store')
      .type('application/captive+json')
      .send(JSON.stringify(doc));
  });

  return app;
}

/** Error texts may quote a firewall command or a request: keep addresses out of the log. */
function withoutClientIds(text: string): string {
  return text
    .replace(/\b(?:[0-9a-f]{2}[:-]){5}[0-9a-f]{2}\b/gi, '<mac>')
    .replace(/\b\d{1,3}(?:\.\d{1,3}){3}\b/g, '<ip>')
    .replace(/\b(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}\b/gi, '<ip>');
}

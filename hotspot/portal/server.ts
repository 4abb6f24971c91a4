import { existsSync } from 'node:fs';
import formbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { baseFastifyOptions, type Logger, portalDist, registerSecurityHeaders } from '../../core/index.js';
import type { Firewall } from '../firewall/types.js';

export interface PortalServerOptions {
  host: string;
  port: number;
  firewall: Firewall;
  log: Logger;
  /** MAC of the client at this IP (neighbour table on a pole; made up in the simulator). */
  resolveMac: (ip: string) => string | undefined;
  sessionSeconds: () => number;
}

/** Where the RFC 8908 captive-portal API answers (announced by DHCP option 114, RFC 8910). */
export const CAPTIVE_API_PATH = '/captive-portal/api';

const clientIp = (ip: string) => ip.replace(/^::ffff:/, '');

/**
 * The captive portal's own listener on the hotspot address. It serves the splash and
 * landing pages, the accept action and the RFC 8908 API, and nothing of the pole's admin,
 * kiosk or API: those live on a different listener that the hotspot cannot reach.
 */
export async function createPortalServer(opts: PortalServerOptions): Promise<FastifyInstance> {
  const app = Fastify(baseFastifyOptions(opts.log, { bodyLimit: 4096, timeoutMs: 15_000 }));
  await registerSecurityHeaders(app);
  await app.register(formbody);
  app.setNotFoundHandler((_req, reply) => reply.redirect('/', 302));

  const dist = portalDist();
  if (existsSync(dist)) {
    await app.register(fastifyStatic, { root: dist, prefix: '/', index: ['index.html'], wildcard: false });
  } else {
    opts.log.warn({ dist }, 'portal pages are not built (run npm run build)');
  }

  // RFC 8908: whether this client is still held at the portal, and where the portal is.
  app.get(CAPTIVE_API_PATH, async (req, reply) => {
    const ip = clientIp(req.ip);
    const mac = opts.resolveMac(ip)?.toLowerCase();
    const allowed = mac ? (await opts.firewall.list()).find((c) => c.mac === mac && c.ip === ip) : undefined;
    const addr = app.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : opts.port;
    const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
    const remaining =
      allowed?.expiresAt === undefined
        ? undefined
        : Math.max(0, Math.round((allowed.expiresAt - Date.now()) / 1000));
    reply.header('cache-control', 'private, no-store');
    return reply.type('application/captive+json').send(
      JSON.stringify({
        captive: allowed === undefined,
        'user-portal-url': `http://${host}${port === 80 ? '' : `:${port}`}/`,
        ...(remaining === undefined ? {} : { 'seconds-remaining': remaining, 'can-extend-session': true }),
      }),
    );
  });

  app.post('/accept', async (req, reply) => {
    const ip = clientIp(req.ip);
    const mac = opts.resolveMac(ip);
    if (!mac) {
      return reply
        .code(409)
        .type('text/plain; charset=utf-8')
        .send(
          'Perangkat Anda belum dikenali. Sambungkan ulang ke Wi-Fi. / Your device is not recognised yet. Rejoin the Wi-Fi.',
        );
    }
    await opts.firewall.allow({ mac, ip, timeoutS: opts.sessionSeconds() });
    opts.log.info({ ip }, 'hotspot client allowed');
    return reply.redirect('/welcome.html', 303);
  });
  return app;
}

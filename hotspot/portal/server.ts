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

/**
 * The captive portal's own listener on the hotspot address. It serves the splash and
 * landing pages and the accept action, and nothing of the pole's admin, kiosk or API:
 * those live on a different listener that the hotspot cannot reach.
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

  app.post('/accept', async (req, reply) => {
    const ip = req.ip.replace(/^::ffff:/, '');
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

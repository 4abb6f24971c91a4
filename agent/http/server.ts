import { existsSync } from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { baseFastifyOptions, type Logger, registerSecurityHeaders, rendererDist } from '../../core/index.js';

export interface LocalServerOptions {
  log: Logger;
  bodyLimitBytes: number;
  /** Routes of the agent's API, registered by the composition root. */
  routes: ((app: FastifyInstance) => Promise<void> | void)[];
}

/**
 * The local HTTP server: kiosk, admin, /healthz, JSON API and the live channel.
 * Only ever bound to loopback (and the service Ethernet address if configured): the
 * hotspot has its own listener in hotspot/ that serves the portal and nothing else.
 */
export async function createLocalServer(opts: LocalServerOptions): Promise<FastifyInstance> {
  const app = Fastify(baseFastifyOptions(opts.log, { bodyLimit: opts.bodyLimitBytes, timeoutMs: 30_000 }));
  await registerSecurityHeaders(app);
  await app.register(cookie);

  app.setErrorHandler((err: { statusCode?: number; code?: string; message: string }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    if (status >= 500) req.log.error({ err, url: req.url }, 'request failed');
    const message =
      err.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? `request body is larger than the limit of ${opts.bodyLimitBytes} bytes`
        : status >= 500
          ? 'internal error'
          : err.message;
    return reply.code(status).send({ error: message });
  });
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send({ error: `no such path: ${req.method} ${req.url.split('?')[0]}` }),
  );

  for (const register of opts.routes) await register(app);

  const dist = rendererDist();
  if (existsSync(dist)) {
    await app.register(fastifyStatic, {
      root: dist,
      prefix: '/',
      index: ['index.html'],
      redirect: true,
      wildcard: false,
      // The pages are small and change with each release; the hashed assets never change.
      setHeaders: (res, file) => {
        res.header(
          'cache-control',
          file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  } else {
    opts.log.warn({ dist }, 'browser apps are not built (run npm run build): /kiosk/ and /admin/ will 404');
  }
  app.get('/', async (_req, reply) => reply.redirect('/kiosk/'));
  return app;
}

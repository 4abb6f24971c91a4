import type { Server } from 'node:http';
import { type FastifyBaseLogger, type FastifyHttpOptions, LogController } from 'fastify';
import type { Logger } from './log.js';

/**
 * Options every Tiang HTTP listener shares: our pino logger, no per-request log lines
 * (a busy kiosk would fill the SD card), and timeouts so slow clients cannot hold
 * sockets on a small device: `timeoutMs` for a whole request and for a silent socket, at
 * most 10 s for the headers, and 5 s for an idle keep-alive connection between requests.
 */
export function baseFastifyOptions(
  log: Logger,
  opts: { bodyLimit: number; timeoutMs: number },
): FastifyHttpOptions<Server> {
  return {
    loggerInstance: log as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: opts.bodyLimit,
    connectionTimeout: opts.timeoutMs,
    requestTimeout: opts.timeoutMs,
    keepAliveTimeout: Math.min(5000, opts.timeoutMs),
    http: {
      headersTimeout: Math.min(10_000, opts.timeoutMs),
      // Node checks the two request timeouts this often (30 s by default, which gave a slow
      // client up to that much more than its time).
      connectionsCheckingInterval: Math.max(250, Math.min(2000, Math.floor(opts.timeoutMs / 4))),
    },
    return503OnClosing: true,
  };
}

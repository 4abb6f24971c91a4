import { type FastifyBaseLogger, type FastifyServerOptions, LogController } from 'fastify';
import type { Logger } from './log.js';

/**
 * Options every Tiang HTTP listener shares: our pino logger, no per-request log lines
 * (a busy kiosk would fill the SD card), and timeouts so slow clients cannot hold
 * sockets on a small device.
 */
export function baseFastifyOptions(
  log: Logger,
  opts: { bodyLimit: number; timeoutMs: number },
): FastifyServerOptions {
  return {
    loggerInstance: log as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: opts.bodyLimit,
    connectionTimeout: opts.timeoutMs,
    requestTimeout: opts.timeoutMs,
    return503OnClosing: true,
  };
}

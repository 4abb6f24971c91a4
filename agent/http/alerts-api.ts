import type { FastifyInstance } from 'fastify';
import type { AlertView } from '../sync/alerts.js';

/**
 * GET /api/alerts: the active CAP alerts, the same document as the live `alerts` event.
 * Public and read-only like /api/air: the kiosk reads it on every (re)connect, so a kiosk
 * that was away when an alert ended does not keep showing it.
 */
export function registerAlertsApi(app: FastifyInstance, active: () => AlertView[]): void {
  app.get('/api/alerts', async (_req, reply) => {
    reply.header('cache-control', 'no-store');
    return { active: active() };
  });
}

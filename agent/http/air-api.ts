import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { describeIssues } from '../../core/index.js';
import type { AdminAuth } from '../admin/index.js';
import { requireAdmin } from '../admin/index.js';
import type { SensorsSubsystem } from '../subsystems/sensors.js';

const seriesQuery = z.strictObject({
  hours: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 365)
    .default(24),
  resolution: z.enum(['60', '900']).default('900'),
});

export function registerAirApi(app: FastifyInstance, sensors: SensorsSubsystem, auth: AdminAuth): void {
  app.get('/api/air', async (_req, reply) => {
    reply.header('cache-control', 'no-store');
    return sensors.status();
  });

  app.get('/api/admin/air/series', { preHandler: requireAdmin(auth) }, async (req, reply) => {
    const q = seriesQuery.safeParse(req.query);
    if (!q.success) return reply.code(400).send({ error: describeIssues(q.error, { root: 'query' }) });
    const to = Date.now();
    return {
      resolutionS: Number(q.data.resolution),
      buckets: sensors.series(to - q.data.hours * 3_600_000, to, q.data.resolution === '60' ? 60 : 900),
    };
  });
}

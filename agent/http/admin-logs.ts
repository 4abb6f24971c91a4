import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { describeIssues, type LogRing, logEntryText } from '../../core/index.js';
import { type AdminAuth, requireAdmin } from '../admin/index.js';

const logsQuery = z.strictObject({
  lines: z.coerce.number().int().min(1).max(2000).default(200),
  level: z.enum(['info', 'warn', 'error']).optional(),
});

export interface LogsDeps {
  /** Absent when the agent runs without a ring (in-process tests): no lines. */
  ring: LogRing | undefined;
  deviceId: string;
  timezone: string;
}

/** `tiang-<device>-<YYYY-MM-DD>.log`, the date as on the pole's own calendar. */
export function logFileName(deviceId: string, timezone: string, now: Date): string {
  const date = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
  return `tiang-${deviceId.replace(/[^A-Za-z0-9._-]/g, '_')}-${date}.log`;
}

/** GET /api/admin/logs and /api/admin/logs.txt: the agent's recent log lines, secrets left out. */
export function registerAdminLogs(app: FastifyInstance, d: LogsDeps, auth: AdminAuth): void {
  const entries = (query: unknown) => {
    const q = logsQuery.safeParse(query);
    if (!q.success) return { error: describeIssues(q.error, { root: 'query' }) };
    const lines = d.ring?.recent({
      limit: q.data.lines,
      ...(q.data.level ? { minLevel: q.data.level } : {}),
    });
    return { lines: lines ?? [] };
  };

  app.get('/api/admin/logs', { preHandler: requireAdmin(auth) }, async (req, reply) => {
    const result = entries(req.query);
    reply.header('cache-control', 'no-store');
    return 'error' in result ? reply.code(400).send(result) : result;
  });

  app.get('/api/admin/logs.txt', { preHandler: requireAdmin(auth) }, async (req, reply) => {
    const result = entries(req.query);
    if ('error' in result) return reply.code(400).send(result);
    const text = result.lines.map(logEntryText).join('\n');
    reply.header('cache-control', 'no-store');
    reply.header(
      'content-disposition',
      `attachment; filename="${logFileName(d.deviceId, d.timezone, new Date())}"`,
    );
    return reply.type('text/plain; charset=utf-8').send(text.length > 0 ? `${text}\n` : '');
  });
}

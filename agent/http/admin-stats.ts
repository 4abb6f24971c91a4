import type { FastifyInstance } from 'fastify';
import { bi, type Clock } from '../../core/index.js';
import type { HourCounts } from '../../store/index.js';
import { type AdminAuth, requireAdmin } from '../admin/index.js';
import { queryInt } from './query-int.js';

const HOUR_MS = 3_600_000;
const HOURS = { min: 1, max: 168, default: 24 };

/**
 * `hours` whole hours ending with the one that holds `now`, oldest first, each with its
 * counts from `rows` (hours with no line are zeros).
 */
export function fillHours(rows: readonly HourCounts[], now: number, hours: number): HourCounts[] {
  const byHour = new Map(rows.map((r) => [r.at, r]));
  const current = Math.floor(now / HOUR_MS) * HOUR_MS;
  const out: HourCounts[] = [];
  for (let i = hours - 1; i >= 0; i--) {
    const at = current - i * HOUR_MS;
    const r = byHour.get(at);
    out.push({
      at,
      played: r?.played ?? 0,
      failed: r?.failed ?? 0,
      cut: r?.cut ?? 0,
      stopped: r?.stopped ?? 0,
      expired: r?.expired ?? 0,
      missed: r?.missed ?? 0,
    });
  }
  return out;
}

export interface StatsRouteDeps {
  playLog: () => { countsByHour(from: number, to: number): HourCounts[] };
  /** Distinct hotspot clients online in each hour of [from, to); null when the pole has no hotspot. */
  clientsPerHour: (from: number, to: number) => { hour: number; clients: number }[] | null;
  clock: Clock;
}

/** GET /api/admin/stats/plays-per-hour and /api/admin/stats/hotspot-clients. */
export function registerStatsRoutes(app: FastifyInstance, deps: StatsRouteDeps, auth: AdminAuth): void {
  app.get('/api/admin/stats/plays-per-hour', { preHandler: requireAdmin(auth) }, async (req, reply) => {
    const hours = queryInt(req.query, 'hours', HOURS);
    if ('error' in hours) return reply.code(400).send({ error: hours.error });
    const now = deps.clock.now();
    const end = Math.floor(now / HOUR_MS) * HOUR_MS + HOUR_MS;
    const rows = deps.playLog().countsByHour(end - hours.value * HOUR_MS, end);
    reply.header('cache-control', 'no-store');
    return { hours: fillHours(rows, now, hours.value) };
  });

  app.get('/api/admin/stats/hotspot-clients', { preHandler: requireAdmin(auth) }, async (req, reply) => {
    const hours = queryInt(req.query, 'hours', HOURS);
    if ('error' in hours) return reply.code(400).send({ error: hours.error });
    const end = Math.floor(deps.clock.now() / HOUR_MS) * HOUR_MS + HOUR_MS;
    const rows = deps.clientsPerHour(end - hours.value * HOUR_MS, end);
    reply.header('cache-control', 'no-store');
    if (rows === null) {
      return {
        points: [],
        note: bi('Hotspot tidak aktif di tiang ini.', 'The hotspot is not enabled on this pole.'),
      };
    }
    return { points: rows.map((r) => ({ at: r.hour, clients: r.clients })) };
  });
}

import type { HotspotSessionsRepo } from '../../store/hotspot-sessions.js';

/** The `portal` usage event's data (sync/contract/outbound.ts) for a period. */
export interface PortalUsage {
  /** Sessions started in the period. */
  sessions: number;
  /** Distinct clients online at some moment of the period (per-day hashes: one phone on two days counts twice). */
  clients: number;
  periodS: number;
  from: number;
  /** Bytes of the sessions that ended in the period: summing consecutive periods counts every byte once. */
  bytesUp: number;
  bytesDown: number;
  /** Client-minutes online in the period (sessions clipped to it). */
  minutes: number;
  /** Connect presses refused for the daily limit, in the hours that start in the period. */
  refusedDaily: number;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
/** clientsPerHour covers at most this many hours in one call. */
const MAX_CHART_HOURS = 31 * 24;

/**
 * Usage of [from, to) from the session records. An open row counts as online until `now`
 * (its counters are those of the last tick).
 */
export function portalUsage(repo: HotspotSessionsRepo, from: number, to: number, now: number): PortalUsage {
  const clients = new Set<string>();
  let onlineMs = 0;
  for (const r of repo.overlapping(from, to)) {
    const overlap = Math.min(r.endedAt ?? Math.max(now, r.startedAt), to) - Math.max(r.startedAt, from);
    if (overlap > 0) onlineMs += overlap;
    if (overlap > 0 || r.startedAt >= from) clients.add(r.clientHash);
  }
  const bytes = repo.bytesEndedBetween(from, to);
  return {
    sessions: repo.startedBetween(from, to),
    clients: clients.size,
    periodS: Math.round((to - from) / 1000),
    from,
    bytesUp: bytes.bytesUp,
    bytesDown: bytes.bytesDown,
    minutes: Math.round((onlineMs / MINUTE_MS) * 100) / 100,
    refusedDaily: repo.refusedDailyBetween(from, to),
  };
}

/**
 * Distinct clients online during each hour of [from, to) (hours on the UTC grid, which is
 * WIB's too), every hour present, oldest first: the admin's 24-hour chart.
 */
export function clientsPerHour(
  repo: HotspotSessionsRepo,
  from: number,
  to: number,
  now: number,
): { hour: number; clients: number }[] {
  const first = Math.floor(from / HOUR_MS) * HOUR_MS;
  if ((to - first) / HOUR_MS > MAX_CHART_HOURS) {
    throw new RangeError(`clientsPerHour covers at most ${MAX_CHART_HOURS} hours`);
  }
  const rows = repo.overlapping(first, to);
  const out: { hour: number; clients: number }[] = [];
  for (let hour = first; hour < to; hour += HOUR_MS) {
    const seen = new Set<string>();
    for (const r of rows) {
      const end = r.endedAt ?? Math.max(now, r.startedAt);
      // A session that started and ended in the same instant still counts in its hour.
      const inHour =
        r.startedAt < hour + HOUR_MS && (end > hour || (r.startedAt >= hour && end === r.startedAt));
      if (inHour) seen.add(r.clientHash);
    }
    out.push({ hour, clients: seen.size });
  }
  return out;
}

import type { FastifyInstance } from 'fastify';
import type { HealthModel } from '../../core/index.js';
import { type AdminAuth, requireAdmin } from '../admin/index.js';
import type { HotspotSubsystem } from '../subsystems/hotspot.js';
import type { SensorsSubsystem } from '../subsystems/sensors.js';
import type { SpeakerSubsystem } from '../subsystems/speaker.js';
import type { StoreSubsystem } from '../subsystems/store.js';
import type { SyncSubsystem } from '../subsystems/sync.js';

export interface OverviewDeps {
  health: HealthModel;
  store: StoreSubsystem;
  speaker: SpeakerSubsystem;
  sensors: SensorsSubsystem;
  sync: SyncSubsystem;
  hotspot: HotspotSubsystem;
}

/** Everything the admin dashboard shows at a glance, in one document. */
export async function adminOverview(d: OverviewDeps) {
  const speaker = d.speaker.status();
  const usage = d.speaker.library.usage();
  const [volume, clients] = await Promise.all([
    d.speaker.mixer.getVolume().catch(() => null),
    d.hotspot.clientCount(),
  ]);
  let freeBytes: number | null = null;
  try {
    freeBytes = d.store.freeDiskBytes();
  } catch {
    // Unknown: the screen shows a dash.
  }
  return {
    amplifier: {
      state: speaker.amplifier,
      level: d.health.get('amplifier')?.level ?? 'ok',
    },
    volume,
    speaker,
    link: d.sync.linkStatus(),
    content: { items: usage.items, bytes: usage.bytes, freeBytes, downloads: d.sync.downloads },
    hotspot: { clients, today: d.hotspot.summary() },
    air: d.sensors.status(),
  };
}

/** GET /api/admin/overview */
export function registerAdminOverview(app: FastifyInstance, deps: OverviewDeps, auth: AdminAuth): void {
  app.get('/api/admin/overview', { preHandler: requireAdmin(auth) }, async (_req, reply) => {
    reply.header('cache-control', 'no-store');
    return adminOverview(deps);
  });
}

import type { FastifyInstance } from 'fastify';
import type { Clock, HealthModel } from '../../core/index.js';
import type { DesiredStateRepo } from '../../store/index.js';
import type { TiangConfig } from '../config/index.js';
import { type KioskServices, registerKioskApi } from './kiosk-api.js';
import type { LiveHub } from './live.js';

export interface ApiDeps {
  config: TiangConfig;
  version: string;
  startedAt: number;
  clock: Clock;
  health: HealthModel;
  live: LiveHub;
  desired: () => DesiredStateRepo;
  /** Picture probes and spoken pages, shared by every listener. */
  kiosk: KioskServices;
}

/** The health document: what /healthz answers and what the live channel sends as `health`. */
export function healthDocument(deps: ApiDeps) {
  const now = deps.clock.now();
  return {
    status: deps.health.overall(),
    version: deps.version,
    device: { id: deps.config.device.id, name: deps.config.device.name },
    simulated: deps.config.simulate,
    startedAt: deps.startedAt,
    uptimeS: Math.round((now - deps.startedAt) / 1000),
    now,
    subsystems: deps.health.snapshot(),
  };
}

interface KioskSection {
  kiosk?: unknown;
  content?: unknown;
  hotspot?: { ssid?: string; enabled?: boolean };
  settings?: { kiosk?: { idleResetS?: number; screenOn?: string; screenOff?: string } };
}

/** Public, read-only routes: the kiosk reads these without logging in. */
export function registerPublicApi(app: FastifyInstance, deps: ApiDeps): void {
  app.get('/healthz', async (_req, reply) => {
    reply.header('cache-control', 'no-store');
    return healthDocument(deps);
  });

  app.get('/api/kiosk', async (_req, reply) => {
    reply.header('cache-control', 'no-store');
    const current = deps.desired().current<KioskSection>();
    return {
      device: {
        id: deps.config.device.id,
        name: deps.config.device.name,
        timezone: deps.config.device.timezone,
      },
      desiredVersion: current?.version ?? null,
      kiosk: current?.body.kiosk ?? null,
      // Idle reset and screen hours: the kiosk page and the Electron shell keep in step with these.
      screen: current?.body.settings?.kiosk ?? null,
      wifi: current?.body.hotspot?.enabled ? { ssid: current.body.hotspot.ssid ?? null } : null,
      // Pictures of the content list by content id: measured, or why the kiosk leaves them out.
      images: await deps.kiosk.images.describe(current?.body.content),
    };
  });

  registerKioskApi(app, deps);

  app.get('/api/live', (req, reply) => {
    // ?screen=kiosk lets the health model know the kiosk screen is alive.
    const screen = (req.query as { screen?: unknown }).screen;
    const kind = typeof screen === 'string' && /^[a-z]{1,16}$/.test(screen) ? screen : undefined;
    reply.hijack();
    if (!deps.live.attach(reply.raw, kind)) {
      reply.raw.writeHead(503, { 'content-type': 'application/json', 'retry-after': '5' });
      reply.raw.end(JSON.stringify({ error: 'too many live connections' }));
      return;
    }
    req.log.debug('live client connected');
  });
}

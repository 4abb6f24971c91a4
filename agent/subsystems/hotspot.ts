import type { FastifyInstance } from 'fastify';
import type { Clock, HealthReporter, Logger } from '../../core/index.js';
import {
  createPortalServer,
  type Firewall,
  macForIp,
  NftFirewall,
  SimFirewall,
} from '../../hotspot/index.js';
import type { TiangConfig } from '../config/index.js';
import type { Subsystem } from '../lifecycle.js';

/** In the simulator every "phone" is this laptop: give each client IP a stable, locally administered MAC. */
export const simulatedMac = (ip: string): string => {
  const octets = ip.split('.').map((n) => Number(n) & 0xff);
  while (octets.length < 4) octets.push(0);
  return ['02', '00', ...octets.map((n) => n.toString(16).padStart(2, '0'))].join(':');
};

/** Free Wi-Fi: the firewall that lets clients out, and the captive portal listener. */
export class HotspotSubsystem implements Subsystem {
  readonly name = 'hotspot';
  firewall!: Firewall;
  private portal: FastifyInstance | undefined;

  constructor(
    private readonly config: TiangConfig,
    private readonly clock: Clock,
    private readonly sessionSeconds: () => number,
    private readonly health: HealthReporter,
    private readonly log: Logger,
  ) {}

  get portalUrl(): string | undefined {
    if (!this.portal) return undefined;
    const addr = this.portal.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : this.config.portal.port;
    return `http://${this.config.portal.address}:${port}/`;
  }

  /** Clients the firewall lets out now (accepted at the portal, session not lapsed); null without a hotspot. */
  async clientCount(): Promise<number | null> {
    if (!this.portal) return null;
    try {
      return (await this.firewall.list()).length;
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'hotspot clients could not be counted');
      return null;
    }
  }

  async start(): Promise<void> {
    const { portal, simulate } = this.config;
    if (!portal.enabled) {
      this.health.report({ level: 'ok', cause: 'hotspot disabled in config' });
      return;
    }
    this.firewall = simulate
      ? new SimFirewall(this.clock)
      : new NftFirewall({ table: this.config.firewall.table, log: this.log });
    await this.firewall.init();
    this.portal = await createPortalServer({
      host: portal.address,
      port: portal.port,
      firewall: this.firewall,
      log: this.log,
      resolveMac: simulate ? simulatedMac : (ip) => macForIp(ip),
      sessionSeconds: this.sessionSeconds,
    });
    await this.portal.listen({ host: portal.address, port: portal.port });
    this.health.report({
      level: 'ok',
      cause: simulate ? 'simulated firewall' : undefined,
      detail: { simulated: simulate, portal: this.portalUrl },
    });
  }

  async stop(): Promise<void> {
    await this.portal?.close();
    this.portal = undefined;
    await this.firewall?.close();
  }
}

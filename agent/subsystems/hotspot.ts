import { unlink } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { bi, type Clock, errnoCode, type HealthReporter, type Logger } from '../../core/index.js';
import {
  createPortalServer,
  type Firewall,
  generateNetworkConf,
  type HotspotPolicy,
  HotspotSessions,
  type HotspotSummary,
  hotspotPolicy,
  loadSessionSecret,
  NftFirewall,
  neighbourLookup,
  type PortalContent,
  SimFirewall,
  writeNetworkConf,
} from '../../hotspot/index.js';
import { HotspotSessionsRepo } from '../../store/index.js';
import type { HotspotSection } from '../../sync/index.js';
import type { TiangConfig } from '../config/index.js';
import type { Subsystem } from '../lifecycle.js';
import { hotspotConfDir, hotspotNetwork, portalContent } from './hotspot-network.js';
import type { StoreSubsystem } from './store.js';

/** In the simulator every "phone" is this laptop: give each client IP a stable, locally administered MAC. */
export const simulatedMac = (ip: string): string => {
  const octets = ip.split('.').map((n) => Number(n) & 0xff);
  while (octets.length < 4) octets.push(0);
  return ['02', '00', ...octets.map((n) => n.toString(16).padStart(2, '0'))].join(':');
};

export interface HotspotSubsystemDeps {
  config: TiangConfig;
  store: StoreSubsystem;
  clock: Clock;
  health: HealthReporter;
  log: Logger;
}

const HOUR_MS = 3_600_000;
/** Sessions are checked against the firewall's counters and timeouts this often. */
const TICK_MS = 30_000;
/** The end of the last hour whose `portal` usage event went to the outbox. */
const USAGE_KEY = 'hotspot.usageReportedTo';
/** Usage events are hourly; after a long outage at most this many hours are caught up. */
const MAX_USAGE_CATCHUP_H = 48;

/**
 * Free Wi-Fi: the firewall (nftables on a pole, in memory in the simulator), the sessions
 * and their records, the captive portal's own listener, and the hostapd/dnsmasq/nft files
 * systemd runs the radio, DHCP and DNS from. The city's desired `hotspot` section (name,
 * security, limits, terms) applies while clients stay online.
 */
export class HotspotSubsystem implements Subsystem {
  readonly name = 'hotspot';
  firewall: Firewall | undefined;
  sessions: HotspotSessions | undefined;
  private portal: FastifyInstance | undefined;
  private section: HotspotSection | undefined;
  private policy: HotspotPolicy = hotspotPolicy(undefined);
  private content!: PortalContent;
  private version = 0;
  private tickTimer: NodeJS.Timeout | undefined;
  /** Network changes, one at a time, in order. */
  private applying: Promise<void> = Promise.resolve();
  private problem: string | undefined;

  constructor(private readonly d: HotspotSubsystemDeps) {}

  get enabled(): boolean {
    return this.d.config.portal.enabled;
  }

  get portalUrl(): string | undefined {
    const port = this.listeningPort();
    if (port === undefined) return undefined;
    const { address } = this.d.config.portal;
    return `http://${address.includes(':') ? `[${address}]` : address}:${port}/`;
  }

  /** Clients allowed now; null without a hotspot. */
  async clientCount(): Promise<number | null> {
    return this.sessions ? this.sessions.clientCount() : null;
  }

  /** Today's figures for the admin screen; null without a hotspot. */
  summary(): HotspotSummary | null {
    return this.sessions?.summary() ?? null;
  }

  async start(): Promise<void> {
    const { config, store, clock, log } = this.d;
    const { portal } = config;
    if (!portal.enabled) {
      this.d.health.report({ level: 'ok', cause: 'hotspot disabled in config' });
      return;
    }
    const desired = store.desired.current<{ hotspot?: HotspotSection }>();
    this.take(desired?.body.hotspot, desired?.version ?? 0);

    const simulatedFirewall =
      config.firewall.driver === 'sim' || (config.firewall.driver === 'auto' && config.simulate);
    // The allow-list first (clients a previous run let out stay out); the full ruleset once
    // the portal's port is known.
    this.firewall = simulatedFirewall
      ? new SimFirewall(clock)
      : new NftFirewall({ table: config.firewall.table, log, clock });
    await this.firewall.init();

    this.sessions = new HotspotSessions({
      firewall: this.firewall,
      repo: new HotspotSessionsRepo(store.db),
      clock,
      policy: () => this.policy,
      secret: loadSessionSecret(path.join(config.dataDir, 'hotspot-secret')),
      log,
      timeZone: config.device.timezone,
    });
    await this.sessions.start();

    this.portal = await createPortalServer({
      host: portal.address,
      port: portal.port,
      log,
      gate: this.sessions,
      // A simulated firewall has no phones behind it: the laptop's connections get made-up MACs.
      resolveMac: simulatedFirewall ? simulatedMac : neighbourLookup(),
      content: () => this.content,
      requestsPerMinute: portal.requestsPerMinute,
      ...(portal.apiUrl ? { apiUrl: portal.apiUrl } : {}),
      clock,
    });
    await this.portal.listen({ host: portal.address, port: portal.port });

    // On a pole a hotspot without its ruleset must not run: a failure here fails the start.
    await this.applyNetwork({ strict: !simulatedFirewall });
    if (!store.settings.get<number>(USAGE_KEY)) store.settings.set(USAGE_KEY, this.hourStart());
    this.tickTimer = setInterval(() => void this.tick(), TICK_MS);
    this.tickTimer.unref();
    this.reportHealth();
  }

  /** A new desired document was taken in: apply the hotspot section if it changed. */
  desiredChanged(section: HotspotSection | undefined, version: number): void {
    if (!this.sessions) return;
    const changed = JSON.stringify(section) !== JSON.stringify(this.section);
    this.take(section, version);
    if (!changed) return;
    this.d.log.info({ version }, 'hotspot settings changed');
    this.applying = this.applying.then(() => this.applyNetwork({ strict: false }));
  }

  /** Distinct clients per hour for the admin chart. */
  clientsPerHour(from: number, to: number): { hour: number; clients: number }[] | null {
    return this.sessions?.clientsPerHour(from, to) ?? null;
  }

  async stop(): Promise<void> {
    if (this.tickTimer) clearInterval(this.tickTimer);
    this.tickTimer = undefined;
    await this.applying.catch(() => {});
    await this.portal?.close();
    this.portal = undefined;
    // Clients stay in the kernel's sets: the next start adopts them.
    await this.sessions?.stop();
    this.sessions = undefined;
    await this.firewall?.close();
    this.firewall = undefined;
  }

  private take(section: HotspotSection | undefined, version: number): void {
    this.section = section;
    this.version = version;
    this.policy = hotspotPolicy(section);
    this.content = portalContent(this.d.config, section, version, this.policy);
  }

  private listeningPort(): number | undefined {
    const addr = this.portal?.server.address();
    return typeof addr === 'object' && addr ? addr.port : undefined;
  }

  private hourStart(): number {
    return Math.floor(this.d.clock.now() / HOUR_MS) * HOUR_MS;
  }

  /**
   * The ruleset (live, keeping allowed clients) and the files for hostapd, dnsmasq and the
   * boot-time ruleset, from the config and the current section. When the city turned the
   * hotspot off, hostapd.conf goes (systemd stops the radio) and every client is let go.
   */
  private async applyNetwork({ strict }: { strict: boolean }): Promise<void> {
    const { config, log } = this.d;
    const { firewall, sessions } = this;
    if (!firewall || !sessions) return;
    try {
      const net = hotspotNetwork(config, this.section, this.listeningPort() ?? config.portal.port);
      const confDir = hotspotConfDir(config);
      const files = generateNetworkConf(net, { confDir });
      await firewall.apply(net);
      // The simulator's firewall is in memory: there is no nft to check its file with.
      const written = await writeNetworkConf(confDir, files, firewall.simulated ? { nft: false } : {});
      if (this.section?.enabled === false) {
        await unlink(path.join(confDir, 'hostapd.conf')).catch((err: unknown) => {
          if (errnoCode(err) !== 'ENOENT') throw err;
        });
        for (const client of await firewall.list()) await sessions.revoke(client);
        log.info('hotspot turned off by the control room: radio off, clients let go');
      }
      if (written.changed.length > 0)
        log.info({ confDir, changed: written.changed }, 'hotspot files written');
      this.problem = undefined;
    } catch (err) {
      this.problem = (err as Error).message;
      log.error({ err: this.problem }, 'hotspot network not applied');
      if (strict) throw err;
    }
    this.reportHealth();
  }

  private async tick(): Promise<void> {
    try {
      await this.sessions?.tick();
      this.reportUsage();
    } catch (err) {
      this.d.log.warn({ err: (err as Error).message }, 'hotspot tick failed');
    }
    this.reportHealth();
  }

  /** One `portal` event per finished hour with any use (an idle hour sends nothing). */
  private reportUsage(): void {
    const { store } = this.d;
    const sessions = this.sessions;
    if (!sessions) return;
    const now = this.hourStart();
    let from = store.settings.get<number>(USAGE_KEY) ?? now;
    from = Math.max(from, now - MAX_USAGE_CATCHUP_H * HOUR_MS);
    for (; from + HOUR_MS <= now; from += HOUR_MS) {
      const usage = sessions.usageSince(from, from + HOUR_MS);
      const idle = usage.sessions === 0 && usage.clients === 0 && usage.refusedDaily === 0;
      store.db.transaction(() => {
        if (!idle) store.outbox.enqueue('events', 'portal', usage);
        store.settings.set(USAGE_KEY, from + HOUR_MS);
      })();
    }
  }

  private reportHealth(): void {
    const detail = {
      simulated: this.firewall?.simulated ?? false,
      portal: this.portalUrl,
      clients: this.sessions?.clientCount() ?? 0,
      maxClients: this.policy.maxClients,
      off: this.section?.enabled === false,
    };
    if (this.problem) {
      this.d.health.report({
        level: 'degraded',
        cause: `hotspot settings not applied: ${this.problem}`,
        hint: bi(
          'Periksa bagian portal di tiang.yaml dan pengaturan hotspot dari ruang kendali.',
          'Check the portal part of tiang.yaml and the hotspot settings from the control room.',
        ),
        detail,
      });
      return;
    }
    this.d.health.report({
      level: 'ok',
      cause: this.firewall?.simulated ? 'simulated firewall' : undefined,
      hint: undefined,
      detail,
    });
  }
}

import type { FastifyInstance } from 'fastify';
import type { HealthReporter, Logger } from '../../core/index.js';
import type { TiangConfig } from '../config/index.js';
import type { LiveHub } from '../http/live.js';
import { createLocalServer } from '../http/server.js';
import type { Subsystem } from '../lifecycle.js';

type RouteRegistrar = (app: FastifyInstance) => Promise<void> | void;

/** The local HTTP server (kiosk, admin, API), started last so a 200 on /healthz means "ready". */
export class HttpSubsystem implements Subsystem {
  readonly name = 'http';
  private servers: FastifyInstance[] = [];

  constructor(
    private readonly config: TiangConfig,
    private readonly live: LiveHub,
    private readonly routes: RouteRegistrar[],
    private readonly health: HealthReporter,
    private readonly log: Logger,
  ) {}

  get url(): string {
    const addr = this.servers[0]?.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : this.config.http.port;
    return `http://${this.config.http.host}:${port}`;
  }

  async start(): Promise<void> {
    const hosts = [this.config.http.host, this.config.http.serviceAddress].filter((h): h is string =>
      Boolean(h),
    );
    for (const host of hosts) {
      // One server per address: the service Ethernet gets the same app, the hotspot never does.
      const app = await createLocalServer({
        log: this.log,
        bodyLimitBytes: this.config.http.bodyLimitBytes,
        routes: this.routes,
      });
      await app.listen({ host, port: this.config.http.port });
      this.servers.push(app);
    }
    this.health.report({ level: 'ok', detail: { url: this.url } });
  }

  async stop(): Promise<void> {
    // End live streams first: open event streams would otherwise keep close() waiting.
    this.live.close();
    await Promise.all(this.servers.map((s) => s.close()));
    this.servers = [];
  }
}

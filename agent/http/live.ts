import type { ServerResponse } from 'node:http';
import type { Logger } from '../../core/index.js';

/**
 * The live-update channel: Server-Sent Events on /api/live. Subsystems publish named
 * events; a screen that connects (or reconnects) first gets the last value of each
 * event, so it never shows a blank tile while waiting for the next change.
 */
export class LiveHub {
  private readonly clients = new Set<ServerResponse>();
  /** Which kind of screen each client said it is (kiosk, admin), for the health model. */
  private readonly screens = new Map<ServerResponse, string>();
  private readonly last = new Map<string, string>();
  private heartbeat: NodeJS.Timeout | undefined;
  private nextId = 1;

  constructor(
    private readonly log: Logger,
    private readonly opts: { maxClients: number; heartbeatMs: number } = {
      maxClients: 32,
      heartbeatMs: 15_000,
    },
  ) {}

  get clientCount(): number {
    return this.clients.size;
  }

  /** Publish an event to every connected screen. `retain` keeps it for screens that connect later. */
  publish(event: string, data: unknown, retain = true): void {
    if (!/^[a-z][a-z0-9.-]*$/.test(event)) throw new Error(`live: bad event name ${event}`);
    const frame = `id: ${this.nextId++}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    if (retain) this.last.set(event, frame);
    for (const res of this.clients) res.write(frame);
  }

  /** How many clients of this kind of screen are connected now. */
  screenCount(kind: string): number {
    let n = 0;
    for (const k of this.screens.values()) if (k === kind) n += 1;
    return n;
  }

  /** Take over a raw HTTP response as an event stream. Returns false when too many screens are connected. */
  attach(res: ServerResponse, screen?: string): boolean {
    if (this.clients.size >= this.opts.maxClients) return false;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-content-type-options': 'nosniff',
      // Tell browsers to come back quickly after the agent restarts.
    });
    res.write('retry: 2000\n\n');
    for (const frame of this.last.values()) res.write(frame);
    this.clients.add(res);
    if (screen) this.screens.set(res, screen);
    res.on('close', () => {
      this.clients.delete(res);
      this.screens.delete(res);
    });
    if (!this.heartbeat) {
      // A comment line every few seconds keeps proxies and the kiosk's offline detector honest.
      this.heartbeat = setInterval(() => {
        for (const c of this.clients) c.write(': ping\n\n');
      }, this.opts.heartbeatMs);
      this.heartbeat.unref();
    }
    return true;
  }

  close(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    for (const res of this.clients) res.end();
    this.clients.clear();
    this.screens.clear();
    this.log.debug('live channel closed');
  }
}

// Shared by the portal tests: the pages built from the real templates, a tiny in-memory
// session gate (the real one lives in hotspot/sessions), and a portal with its log captured.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { build } from 'vite';
import { afterAll, afterEach } from 'vitest';
import { type Clock, createRootLogger } from '../../../core/index.js';
import {
  createPortalServer,
  type PortalContent,
  type PortalServerOptions,
} from '../../../hotspot/portal/index.js';
import type {
  AcceptResult,
  ClientState,
  HotspotClient,
  SessionGate,
} from '../../../hotspot/sessions/types.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

let pagesDir: Promise<string> | undefined;
const builtDirs: string[] = [];
afterAll(() => {
  for (const dir of builtDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  pagesDir = undefined;
});

/** The portal pages built from renderer/portal by vite.portal.config.ts, into a temp folder (once per file). */
export function portalPages(): Promise<string> {
  pagesDir ??= (async () => {
    const outDir = mkdtempSync(path.join(os.tmpdir(), 'tiang-portal-pages-'));
    builtDirs.push(outDir);
    await build({
      configFile: path.join(repoRoot, 'vite.portal.config.ts'),
      logLevel: 'silent',
      build: { outDir, emptyOutDir: true },
    });
    return outDir;
  })();
  return pagesDir;
}

/** Clients in memory: accept() lets a client in for an hour, or answers what `refuse` says. */
export class MemoryGate implements SessionGate {
  readonly sessions = new Map<string, number>();
  refuse: Extract<AcceptResult, { ok: false }> | undefined;
  accepts = 0;

  constructor(private readonly clock: Clock) {}

  async accept(client: HotspotClient): Promise<AcceptResult> {
    this.accepts++;
    if (this.refuse) return this.refuse;
    const endsAt = this.clock.now() + 3_600_000;
    this.sessions.set(`${client.mac}|${client.ip}`, endsAt);
    return { ok: true, endsAt };
  }

  state(client: HotspotClient): ClientState {
    const endsAt = this.sessions.get(`${client.mac}|${client.ip}`);
    return endsAt !== undefined && endsAt > this.clock.now()
      ? { allowed: true, endsAt, canExtend: true }
      : { allowed: false, canExtend: true };
  }
}

export const PORTAL_HOST = '10.42.0.1';
export const PHONE = { ip: '10.42.0.23', mac: '02:00:0a:2a:00:17' };
export const OTHER_PHONE = { ip: '10.42.0.24', mac: '02:00:0a:2a:00:18' };
/** In the hotspot network but not in the neighbour table. */
export const STRANGER_IP = '10.42.0.99';

export const baseContent = (over: Partial<PortalContent> = {}): PortalContent => ({
  version: 1,
  poleName: 'Alun-alun Blitar',
  policy: { sessionMinutes: 60, idleMinutes: 15, dailyMinutes: 240 },
  ...over,
});

export interface TestPortal {
  app: FastifyInstance;
  gate: MemoryGate;
  /** Every log line the portal wrote. */
  logs: string[];
  /** Replace what content() returns. */
  setContent(content: PortalContent): void;
  clock: { now(): number; set(ms: number): void };
}

const apps: FastifyInstance[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

/** A portal on 10.42.0.1 that knows PHONE and OTHER_PHONE; closed after each test. */
export async function startPortal(over: Partial<PortalServerOptions> = {}): Promise<TestPortal> {
  let now = Date.parse('2026-03-10T05:00:00Z'); // 12.00 WIB
  const clock = { now: () => now, set: (ms: number) => (now = ms) };
  const gate = new MemoryGate(clock);
  const logs: string[] = [];
  const log = createRootLogger('trace', { write: (line: string) => void logs.push(line) });
  let content = baseContent();
  const macs = new Map([PHONE, OTHER_PHONE].map((p) => [p.ip, p.mac.toUpperCase()]));
  const app = await createPortalServer({
    host: PORTAL_HOST,
    port: 80,
    log,
    gate,
    resolveMac: (ip) => macs.get(ip),
    content: () => content,
    pagesDir: await portalPages(),
    clock,
    ...over,
  });
  apps.push(app);
  return { app, gate, logs, setContent: (c) => (content = c), clock };
}

/** inject() as a phone: from `ip`, for the portal's own host unless `host` says otherwise. */
export function from(
  ip: string,
  opts: {
    url?: string;
    method?: 'GET' | 'POST' | 'HEAD';
    host?: string;
    headers?: Record<string, string>;
    payload?: string;
  } = {},
) {
  return {
    method: opts.method ?? 'GET',
    url: opts.url ?? '/',
    remoteAddress: ip,
    headers: { host: opts.host ?? PORTAL_HOST, ...opts.headers },
    ...(opts.payload === undefined ? {} : { payload: opts.payload }),
  } as const;
}

export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

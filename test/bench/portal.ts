// Captive portal benchmark (issue 9).
//  1. splash_rps / splash_p99_ms: autocannon, 200 connections, 5 rounds of 5 s taking turns
//     with the baseline (medians reported), GET / on the simulator agent's
//     portal listener (the whole agent runs, as on a pole). Baseline in the same run: Debian's
//     nginx serving the very same splash bytes as a static file, one worker process (the
//     agent is one Node process; the machine's other core runs autocannon).
//  2. probe_rps / probe_p99_ms: the Android check (GET /generate_204, Host
//     connectivitycheck.gstatic.com) from a client not yet allowed: answered per client state
//     with a redirect to the splash.
//  3. accept_p99_ms: in network namespaces, the agent with the real nft firewall in the pole
//     namespace and 500 client addresses in the phone namespace; each client POSTs /accept
//     in turn (after 10 s to settle and 20 warm-up clients, not counted); the time until the
//     303 (sent once the nft element is in the kernel set). Afterwards the set must hold all
//     500. BENCH_VERBOSE=1 prints each accept slower than 20 ms. The lab raises the kernel's
//     ARP table limits while it runs (test/helpers/netns.ts: raiseNeighbourLimits).
// The per-IP request limit is raised for (1) and (2): every autocannon connection comes from
// 127.0.0.1. The limit itself is tested in test/unit/hotspot.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { startAgent } from '../helpers/agent-process.js';
import { createHotspotLab, netnsUnavailable, Phone } from '../helpers/netns.js';
import { LAB_PORTAL_PORT, startLabPole } from '../helpers/netns-pole.js';
import { freePort } from '../helpers/ports.js';
import { tempDir } from '../helpers/temp-dir.js';
import { median, percentile, report } from './lib/report.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 200);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5);
/** Agent and nginx take turns this many times: drift on this shared machine hits both alike. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ACCEPT_CLIENTS = Number(process.env.BENCH_ACCEPT_CLIENTS ?? 500);
/** Clients that connect first, not measured (JIT). */
const ACCEPT_WARMUP = 20;
/** The agent has just started: its start-up work settles before the measured accepts. */
const ACCEPT_SETTLE_MS = 10_000;
const figures: Parameters<typeof report>[1] = [];

interface Load {
  rps: number;
  p99: number;
  statuses: Map<string, number>;
  errors: number;
}

async function loadOnce(url: string, headers: Record<string, string>): Promise<Load> {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, headers });
  const statuses = new Map<string, number>();
  for (const [code, st] of Object.entries(r.statusCodeStats ?? {})) {
    statuses.set(code, (st as { count: number }).count);
  }
  return { rps: r.requests.average, p99: r.latency.p99, statuses, errors: r.errors + r.timeouts };
}

/** One warm-up, then ROUNDS runs of each target in turn; the medians of rps and p99. */
async function compare(
  targets: { url: string; headers?: Record<string, string> }[],
): Promise<{ rps: number; p99: number; statuses: string; errors: number }[]> {
  for (const t of targets)
    await autocannon({ url: t.url, connections: CONNECTIONS, duration: 2, headers: t.headers });
  const runs: Load[][] = targets.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, t] of targets.entries()) runs[i]!.push(await loadOnce(t.url, t.headers ?? {}));
  }
  return runs.map((r) => {
    const statuses = new Map<string, number>();
    for (const run of r)
      for (const [code, n] of run.statuses) statuses.set(code, (statuses.get(code) ?? 0) + n);
    return {
      rps: median(r.map((x) => x.rps)),
      p99: median(r.map((x) => x.p99)),
      statuses: [...statuses].map(([code, n]) => `${code}:${n}`).join(' '),
      errors: r.reduce((sum, x) => sum + x.errors, 0),
    };
  });
}

function ensureNginx(): string {
  const found = spawnSync('sh', ['-c', 'command -v nginx || ls /usr/sbin/nginx'], { encoding: 'utf8' });
  if (found.status === 0) return found.stdout.trim().split('\n')[0]!;
  console.log('bench: installing nginx (Debian) for the baseline');
  const apt = spawnSync(
    'sh',
    [
      '-c',
      'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx',
    ],
    {
      stdio: 'inherit',
    },
  );
  if (apt.status !== 0) throw new Error('cannot install nginx: run as root, or apt-get install nginx');
  // The package may start its own server on port 80; the bench runs its own instance.
  spawnSync('sh', [
    '-c',
    'systemctl disable --now nginx 2>/dev/null || service nginx stop 2>/dev/null || true',
  ]);
  return '/usr/sbin/nginx';
}

async function startNginx(splash: Buffer): Promise<{ url: string; stop: () => void }> {
  const nginx = ensureNginx();
  const dir = tempDir('tiang-bench-nginx-');
  // Run as root, nginx's worker is www-data: it must be able to read the page.
  chmodSync(dir.path, 0o755);
  const root = path.join(dir.path, 'www');
  mkdirSync(root, { mode: 0o755 });
  writeFileSync(path.join(root, 'index.html'), splash);
  const port = await freePort();
  const conf = path.join(dir.path, 'nginx.conf');
  writeFileSync(
    conf,
    `worker_processes 1;
daemon off;
pid ${dir.path}/nginx.pid;
error_log ${dir.path}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  client_body_temp_path ${dir.path}/body;
  proxy_temp_path ${dir.path}/proxy;
  fastcgi_temp_path ${dir.path}/fastcgi;
  uwsgi_temp_path ${dir.path}/uwsgi;
  scgi_temp_path ${dir.path}/scgi;
  server {
    listen 127.0.0.1:${port};
    root ${root};
    default_type text/html;
    location / { index index.html; }
  }
}
`,
  );
  const proc = spawn(nginx, ['-c', conf, '-p', dir.path], { stdio: ['ignore', 'inherit', 'inherit'] });
  const url = `http://127.0.0.1:${port}/`;
  let ok = false;
  for (let i = 0; i < 100 && !ok; i++) {
    ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (!ok) await new Promise((r) => setTimeout(r, 50));
  }
  if (!ok) {
    proc.kill('SIGQUIT');
    throw new Error(`nginx did not serve the splash at ${url} (see ${dir.path}/error.log)`);
  }
  return {
    url,
    stop: () => {
      proc.kill('SIGQUIT');
      dir.remove();
    },
  };
}

async function splashAndProbes(): Promise<void> {
  const agent = await startAgent({
    env: { TIANG_LOG_LEVEL: 'warn', TIANG_PORTAL_REQUESTS_PER_MINUTE: '1000000' },
  });
  try {
    const splashUrl = `${agent.portalUrl}/`;
    const splash = Buffer.from(await (await fetch(splashUrl)).arrayBuffer());
    const nginx = await startNginx(splash);
    try {
      const [base, ours] = await compare([{ url: nginx.url }, { url: splashUrl }]);
      console.log(
        `splash ${splash.length} bytes; ${ROUNDS} rounds of ${DURATION_S} s each, taking turns; agent ${ours!.statuses} errors ${ours!.errors}; nginx ${base!.statuses} errors ${base!.errors}`,
      );
      figures.push(
        { metric: 'splash_rps', value: ours!.rps, unit: 'req/s', baseline: base!.rps, samples: ROUNDS },
        { metric: 'splash_p99_ms', value: ours!.p99, unit: 'ms', baseline: base!.p99, samples: ROUNDS },
      );
    } finally {
      nginx.stop();
    }
    const [probe] = await compare([
      { url: `${agent.portalUrl}/generate_204`, headers: { host: 'connectivitycheck.gstatic.com' } },
    ]);
    console.log(`probe ${probe!.statuses} errors ${probe!.errors}`);
    figures.push(
      { metric: 'probe_rps', value: probe!.rps, unit: 'req/s', samples: ROUNDS },
      { metric: 'probe_p99_ms', value: probe!.p99, unit: 'ms', samples: ROUNDS },
    );
  } finally {
    await agent.dispose();
  }
}

async function acceptToAllowed(): Promise<void> {
  const why = netnsUnavailable();
  if (why) {
    console.log(`accept_p99_ms not measured: ${why}`);
    return;
  }
  // 10.42.0.0/22: the phone namespace holds the warm-up and the measured addresses from 10.42.1.0 on.
  const all = Array.from(
    { length: ACCEPT_WARMUP + ACCEPT_CLIENTS },
    (_, i) => `10.42.${1 + Math.floor(i / 250)}.${1 + (i % 250)}`,
  );
  const addresses = all.slice(ACCEPT_WARMUP);
  const lab = createHotspotLab({ prefixLength: 22, extraPhoneAddresses: all });
  try {
    const phone = Phone.start(lab);
    const pole = await startLabPole(lab, phone, 22);
    try {
      pole.pushDesired({ version: 100, hotspot: { enabled: true, maxClients: 1000, dailyMinutes: 600 } });
      // Higher client limits than one radio manages: the ruleset and sets are what is measured.
      await new Promise((r) => setTimeout(r, ACCEPT_SETTLE_MS));
      const ms: number[] = [];
      const refused: string[] = [];
      for (const [i, address] of all.entries()) {
        // Each client first meets the portal (as a phone does), which puts it in the neighbour table.
        await phone.http({
          url: `http://${lab.poleAddress}:${LAB_PORTAL_PORT}/captive-portal/api`,
          localAddress: address,
        });
        const r = await phone.http({
          url: `http://${lab.poleAddress}/accept`,
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'accept=yes',
          localAddress: address,
        });
        if (i < ACCEPT_WARMUP) continue;
        if (r.status !== 303) {
          refused.push(`${address}: ${r.status ?? r.error}`);
          continue;
        }
        ms.push(r.ms);
        if (process.env.BENCH_VERBOSE && r.ms > 20) console.log(`slow accept #${i}: ${r.ms.toFixed(1)} ms`);
      }
      const set = pole.nft('list', 'set', 'inet', 'tiang', 'allowed_clients');
      const present = addresses.filter(
        (a) => set.includes(` . ${a} `) || set.includes(` . ${a},`) || set.includes(` . ${a}\n`),
      );
      console.log(
        `accept: ${ms.length} allowed, ${refused.length} refused (${refused.slice(0, 3).join('; ')}); ${present.length} of ${addresses.length} in the nft set; p50 ${percentile(ms, 50).toFixed(1)} ms`,
      );
      if (present.length !== addresses.length) throw new Error('not every accepted client is in the nft set');
      figures.push({ metric: 'accept_p99_ms', value: percentile(ms, 99), unit: 'ms', samples: ms.length });
    } finally {
      await pole.stop();
    }
  } finally {
    lab.destroy();
  }
}

await splashAndProbes();
await acceptToAllowed();
report('portal', figures);
process.exit(0);

// Agent cold start to the first 200 from /healthz, and resident memory 10 s after start.
// Each run: a fresh data folder (first start: database created, demo content seeded), the
// compiled CLI as a user runs it (`tiang start --sim`), stopped with SIGTERM afterwards.
import { readFileSync } from 'node:fs';
import { startAgent } from '../helpers/agent-process.js';
import { median, report } from './lib/report.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const RSS_AFTER_MS = 10_000;

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]);
  return kb / 1024;
}

const starts: number[] = [];
const rss: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const t0 = performance.now();
  const agent = await startAgent({ env: { TIANG_LOG_LEVEL: 'warn' } });
  const startS = (performance.now() - t0) / 1000;
  starts.push(startS);
  await new Promise((r) => setTimeout(r, Math.max(0, RSS_AFTER_MS - (performance.now() - t0))));
  const mb = rssMb(agent.proc.pid!);
  rss.push(mb);
  await agent.dispose();
  console.error(`run ${i + 1}/${RUNS}: start ${startS.toFixed(3)} s, rss ${mb.toFixed(1)} MB`);
}

report('startup', [
  { metric: 'start_median_s', value: median(starts), unit: 's', samples: RUNS },
  { metric: 'start_max_s', value: Math.max(...starts), unit: 's', samples: RUNS },
  { metric: 'rss_mb', value: median(rss), unit: 'MB', samples: RUNS },
  { metric: 'rss_max_mb', value: Math.max(...rss), unit: 'MB', samples: RUNS },
]);

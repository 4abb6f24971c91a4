// Sync benchmark (issue 5), everything on loopback against a real mosquitto:
//  1. Outbox drain: N queued events through the pole's real outbox, link and envelope code,
//     until a subscriber holds every id. Baseline in the same run: a bare MQTT.js QoS 1
//     publish loop of the same number of messages of the same size.
//  2. Alert latency: signed CAP alerts published → first sample handed to the (simulated)
//     sound card, amplifier warm.
//  3. Content: a 200 MB file downloaded and verified by the pole's downloader. Baseline: a
//     plain Node HTTP download to /dev/null. Then the downloader in its own process is
//     SIGKILLed half-way and run again: bytes the server sent beyond the file size.
//  4. Fault run: the broker restarted 20 times during a 10,000-event drain; ids missing at
//     the subscriber.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import pino from 'pino';
import { ContentDownloader } from '../../sync/index.js';
import { keludAlert } from '../helpers/cap.js';
import { ControlRoom } from '../helpers/control-room.js';
import { type Mosquitto, startMosquitto } from '../helpers/mosquitto.js';
import { startSimPole } from '../helpers/sim-pole.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';
import { median, percentile, report } from './lib/report.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const ALERTS = Number(process.env.BENCH_ALERTS ?? 200);
const CONTENT_MB = Number(process.env.BENCH_CONTENT_MB ?? 200);
const FAULT_EVENTS = Number(process.env.BENCH_FAULT_EVENTS ?? 10_000);
const RESTARTS = Number(process.env.BENCH_RESTARTS ?? 20);
const DEVICE = 'blt-sim-001';
const figures: Parameters<typeof report>[1] = [];

/** A subscriber with a persistent session: what it misses while the broker restarts is queued for it. */
async function idCounter(url: string, topic: string) {
  const ids = new Map<string, number>();
  const client: MqttClient = await mqtt.connectAsync(url, {
    clientId: `bench-sub-${randomBytes(3).toString('hex')}`,
    clean: false,
    protocolVersion: 5,
    properties: { sessionExpiryInterval: 3600 },
    reconnectPeriod: 100,
  });
  client.on('message', (_t, payload) => {
    const id = (JSON.parse(payload.toString()) as { id: string }).id;
    ids.set(id, (ids.get(id) ?? 0) + 1);
  });
  await client.subscribeAsync(topic, { qos: 1 });
  return {
    ids,
    redelivered: () => [...ids.values()].reduce((n, c) => n + c - 1, 0),
    close: () => client.endAsync(true),
  };
}

async function pole(broker: Mosquitto) {
  const sim = await startSimPole({ TIANG_MQTT_URL: broker.url, TIANG_LOG_LEVEL: 'silent' }, (cfg) => {
    cfg.mqtt.reconnectBaseMs = 100;
    cfg.mqtt.reconnectMaxMs = 1000;
    cfg.sync.outboxCapacity = 200_000;
    cfg.sync.telemetryIntervalS = 86_400;
  });
  await until(() => sim.pole.sync.link?.connected === true, 20_000);
  return sim;
}

async function outboxDrain(broker: Mosquitto): Promise<void> {
  const sim = await pole(broker);
  const sub = await idCounter(broker.url, `tiang/v1/${DEVICE}/events`);
  // Our path: queue while the broker is away, measure from the reconnect to the last id seen.
  await broker.stop();
  await until(() => sim.pole.sync.link?.connected === false);
  const expected: string[] = [];
  const data = { note: 'x'.repeat(60) };
  for (let i = 0; i < EVENTS; i++)
    expected.push(sim.pole.store.outbox.enqueue('events', 'bench.mark', { i, ...data })!);
  const sampleSize = Buffer.byteLength(
    JSON.stringify({
      v: 1,
      id: expected[0],
      ts: Date.now(),
      device: DEVICE,
      session: 'abcdefabcdef',
      seq: 1,
      type: 'bench.mark',
      data: { i: 1, ...data },
    }),
  );
  let t0 = 0;
  sim.pole.sync.link!.once('connected', () => {
    t0 = performance.now();
  });
  await broker.start();
  await until(() => expected.every((id) => sub.ids.has(id)), 300_000, 50);
  const oursMs = performance.now() - t0;
  await until(() => sim.pole.store.outbox.size === 0, 30_000);
  const lost = expected.filter((id) => !sub.ids.has(id)).length;
  const redelivered = sub.redelivered();
  await sim.dispose();
  await sub.close();

  // Baseline: bare MQTT.js, same count and size, fired in a loop, all awaited.
  const base = await idCounter(broker.url, 'bench/baseline');
  const client = await mqtt.connectAsync(broker.url, { protocolVersion: 5, clientId: 'bench-bare' });
  const bodies = Array.from({ length: EVENTS }, (_, i) => {
    const id = `b${String(i).padStart(25, '0')}`;
    return { id, body: JSON.stringify({ id, pad: 'x'.repeat(Math.max(0, sampleSize - 40)) }) };
  });
  const b0 = performance.now();
  await Promise.all(bodies.map((b) => client.publishAsync('bench/baseline', b.body, { qos: 1 })));
  await until(() => base.ids.size >= EVENTS, 300_000, 50);
  const baseMs = performance.now() - b0;
  await client.endAsync();
  await base.close();
  figures.push(
    {
      metric: 'outbox_msgs_per_s',
      value: EVENTS / (oursMs / 1000),
      unit: 'msg/s',
      baseline: EVENTS / (baseMs / 1000),
      samples: EVENTS,
    },
    { metric: 'outbox_lost', value: lost, unit: 'count', samples: EVENTS },
    // Deliveries beyond the first of an id (at least once: a receiver drops them by id).
    {
      metric: 'outbox_duplicated',
      value: redelivered,
      unit: 'count (deliveries before dedupe)',
      samples: EVENTS,
    },
  );
}

async function alertLatency(broker: Mosquitto): Promise<void> {
  const sim = await pole(broker);
  const cr = await ControlRoom.connect(broker.url, { keyFile: sim.pole.sync.simulatorKeyFile! });
  const player = sim.pole.speaker.player;
  const latencies: number[] = [];
  const firstSample: number[] = [];
  for (let i = -1; i < ALERTS; i++) {
    const now = Date.now();
    const p = cr.payload('alert', { cap: keludAlert({ identifier: `bench-${i}-${now}`, sent: now }) });
    const signed = cr.sign(p);
    const sentAt = Date.now();
    await cr.send('alert', signed);
    await until(() => player.nowPlaying()?.startedAt !== undefined, 20_000, 1);
    const playing = player.nowPlaying()!;
    // i = -1 warms the amplifier and renders the speech once (cached from then on, as in the field).
    if (i >= 0) {
      latencies.push(playing.streamStartedAt! - sentAt);
      firstSample.push(playing.startedAt! - sentAt);
    }
    player.stopAll('bench');
    await until(() => player.nowPlaying() === undefined, 10_000, 1);
  }
  await cr.close();
  await sim.dispose();
  figures.push(
    { metric: 'alert_p50_ms', value: percentile(latencies, 50), unit: 'ms', samples: latencies.length },
    { metric: 'alert_p99_ms', value: percentile(latencies, 99), unit: 'ms', samples: latencies.length },
    { metric: 'alert_max_ms', value: Math.max(...latencies), unit: 'ms', samples: latencies.length },
    {
      metric: 'alert_first_sample_p99_ms',
      value: percentile(firstSample, 99),
      unit: 'ms',
      samples: firstSample.length,
    },
  );
}

function plainDownload(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    http
      .get(url, (res) => {
        res.pipe(createWriteStream('/dev/null')).on('finish', () => resolve(performance.now() - t0));
      })
      .on('error', reject);
  });
}

/** The range server (lib/range-server-child.ts) in its own process, driven over IPC. */
async function serverProcess(file: string) {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'lib', 'range-server-child.ts'), file],
    {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const url = await new Promise<string>((resolve) =>
    proc.once('message', (m: { url: string }) => resolve(m.url)),
  );
  return {
    url,
    ask: (msg: { cmd: string; bytesPerS?: number | undefined }) =>
      new Promise<{ sent: number }>((resolve) => {
        proc.once('message', (m: { sent: number }) => resolve(m));
        proc.send(msg);
      }),
  };
}

async function content(): Promise<void> {
  const dir = tempDir('tiang-bench-content-');
  const file = path.join(dir.path, 'big.bin');
  const bytes = CONTENT_MB * 1024 * 1024;
  writeFileSync(file, randomBytes(bytes));
  const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
  const server = await serverProcess(file);
  const ours: number[] = [];
  const base: number[] = [];
  for (let round = 0; round < 5; round++) {
    base.push(await plainDownload(server.url));
    const target = tempDir('tiang-bench-dl-');
    const d = new ContentDownloader({ dir: target.path, log: pino({ level: 'silent' }) });
    const t0 = performance.now();
    const [r] = await d.fetchAll([{ id: 'big', sha256, bytes, url: server.url }]);
    ours.push(performance.now() - t0);
    if (!r?.ok) throw new Error(`download failed: ${r?.error}`);
    target.remove();
  }
  const mb = bytes / (1024 * 1024);
  figures.push({
    metric: 'content_mb_per_s',
    value: mb / (median(ours) / 1000),
    unit: 'MB/s',
    baseline: mb / (median(base) / 1000),
    samples: ours.length,
  });

  // Kill half-way, then resume in a new process: once unpaced (loopback, where the kernel's
  // socket buffers hold several MB that die with the process) and once paced at 20 MB/s,
  // faster than any pole's uplink, where the pole reads as fast as data arrives.
  const killAndResume = async (bytesPerS: number | undefined): Promise<number> => {
    await server.ask({ cmd: 'pace', bytesPerS });
    const target = tempDir('tiang-bench-dl-');
    const child = (args: string[]) =>
      spawn(
        process.execPath,
        ['--import', 'tsx', path.join(import.meta.dirname, 'lib', 'download-child.ts'), ...args],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
    const args = [target.path, server.url, sha256, String(bytes)];
    await server.ask({ cmd: 'reset' });
    const first = child(args);
    let received = 0;
    first.stdout.on('data', (d: Buffer) => {
      for (const m of d.toString().matchAll(/progress (\d+)/g)) received = Number(m[1]);
    });
    await until(() => received > bytes / 2, 120_000, 5);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const second = child(args);
    let out = '';
    second.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    await new Promise((r) => second.once('exit', r));
    const result = JSON.parse(/result (.*)\n/.exec(out)?.[1] ?? '{}') as { ok?: boolean; error?: string };
    if (!result.ok) throw new Error(`resumed download failed: ${result.error ?? out}`);
    target.remove();
    const { sent } = await server.ask({ cmd: 'sent' });
    return Math.max(0, sent - bytes) / (1024 * 1024);
  };
  figures.push(
    {
      metric: 'resume_refetched_mb',
      value: await killAndResume(20 * 1024 * 1024),
      unit: 'MB (server paced at 20 MB/s)',
      samples: 1,
    },
    {
      metric: 'resume_refetched_unpaced_mb',
      value: await killAndResume(undefined),
      unit: 'MB (loopback, unpaced)',
      samples: 1,
    },
  );
  await server.ask({ cmd: 'close' });
  dir.remove();
}

async function faultRun(broker: Mosquitto): Promise<void> {
  const sim = await pole(broker);
  const sub = await idCounter(broker.url, `tiang/v1/${DEVICE}/events`);
  await broker.stop();
  await until(() => sim.pole.sync.link?.connected === false);
  const expected: string[] = [];
  for (let i = 0; i < FAULT_EVENTS; i++)
    expected.push(sim.pole.store.outbox.enqueue('events', 'bench.fault', { i })!);
  await broker.start();
  let restarts = 0;
  while (restarts < RESTARTS && sim.pole.store.outbox.size > 0) {
    const seen = sub.ids.size;
    // Let some of the drain happen on this connection, then pull the broker away again.
    await until(
      () => sub.ids.size >= seen + FAULT_EVENTS / (RESTARTS * 2) || sim.pole.store.outbox.size === 0,
      60_000,
      5,
    );
    await broker.restart();
    restarts += 1;
  }
  await until(() => sim.pole.store.outbox.size === 0, 300_000, 50);
  await until(() => expected.every((id) => sub.ids.has(id)), 60_000, 50).catch(() => undefined);
  const missing = expected.filter((id) => !sub.ids.has(id)).length;
  await sim.dispose();
  await sub.close();
  figures.push(
    { metric: 'fault_run_missing_ids', value: missing, unit: 'count', samples: FAULT_EVENTS },
    { metric: 'fault_run_restarts', value: restarts, unit: 'count' },
  );
}

/** BENCH_PARTS=outbox,alerts,fault,content runs only those parts (all by default). */
const parts = new Set((process.env.BENCH_PARTS ?? 'outbox,alerts,fault,content').split(','));
const broker = await startMosquitto();
try {
  if (parts.has('outbox')) await outboxDrain(broker);
  if (parts.has('alerts')) await alertLatency(broker);
  if (parts.has('fault')) await faultRun(broker);
  if (parts.has('content')) await content();
} finally {
  await broker.dispose();
}
report('sync', figures);
process.exit(0);

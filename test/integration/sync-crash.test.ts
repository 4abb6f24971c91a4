import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import mqtt from 'mqtt';
import { monotonicFactory } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportedDataSchema } from '../../sync/index.js';
import { startAgent } from '../helpers/agent-process.js';
import { keludAlert } from '../helpers/cap.js';
import { ControlRoom } from '../helpers/control-room.js';
import { liveClient } from '../helpers/live-client.js';
import { type Mosquitto, startMosquitto } from '../helpers/mosquitto.js';
import { freePort } from '../helpers/ports.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';

const DEVICE = 'blt-sim-001';

describe('the agent killed with SIGKILL (real process, real mosquitto)', () => {
  let broker: Mosquitto;
  beforeAll(async () => {
    broker = await startMosquitto();
  }, 30_000);
  afterAll(async () => broker?.dispose());

  it('loses no event when killed during a drain: the restarted agent sends the rest', async () => {
    const data = tempDir('tiang-crash-');
    const env = { TIANG_MQTT_URL: broker.url };
    const first = await startAgent({ dataDir: data.path, env });
    await first.stop();
    // 30,000 events waiting in the outbox, as after a long time offline: enough that the
    // drain (tens of thousands a second) is still running when the kill lands.
    const ulid = monotonicFactory();
    const db = new Database(path.join(data.path, 'tiang.db'));
    const ids: string[] = [];
    const insert = db.prepare(
      'INSERT INTO outbox (id, topic, type, ts, data, droppable) VALUES (?, ?, ?, ?, ?, 0)',
    );
    db.transaction(() => {
      for (let i = 0; i < 30_000; i++) {
        const id = ulid();
        ids.push(id);
        insert.run(id, 'events', 'test.mark', Date.now(), JSON.stringify({ i }));
      }
    })();
    db.close();
    const seen = new Set<string>();
    const sub = await mqtt.connectAsync(broker.url, {
      clientId: 'crash-sub',
      clean: false,
      protocolVersion: 5,
      properties: { sessionExpiryInterval: 600 },
    });
    sub.on('message', (_t, p) => seen.add(JSON.parse(p.toString()).id));
    await sub.subscribeAsync(`tiang/v1/${DEVICE}/events`, { qos: 1 });

    const second = await startAgent({ dataDir: data.path, env });
    await until(() => seen.size >= 300, 30_000, 1);
    await second.stop('SIGKILL');
    const atKill = ids.filter((id) => seen.has(id)).length;
    expect(atKill).toBeLessThan(30_000);
    const third = await startAgent({ dataDir: data.path, env });
    await until(() => ids.every((id) => seen.has(id)), 60_000);
    await third.stop();
    const left = new Database(path.join(data.path, 'tiang.db'), { readonly: true });
    expect(
      (left.prepare("SELECT COUNT(*) AS n FROM outbox WHERE type = 'test.mark'").get() as { n: number }).n,
    ).toBe(0);
    left.close();
    await sub.endAsync();
    data.remove();
  }, 120_000);

  it('resumes a content download after SIGKILL with a Range request, then puts the schedule live', async () => {
    const files = tempDir();
    const wavFile = path.join(files.path, 'long.wav');
    // About 6 MB of canonical audio, served slowly so the kill lands mid-download.
    execFileSync('sox', ['-n', '-r', '48000', '-c', '2', '-b', '16', wavFile, 'synth', '32', 'sine', '300']);
    const wav = readFileSync(wavFile);
    const sha256 = createHash('sha256').update(wav).digest('hex');
    const ranges: string[] = [];
    let sent = 0;
    const server = http.createServer((req, res) => {
      const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
      const start = m ? Number(m[1]) : 0;
      ranges.push(req.headers.range ?? 'none');
      res.writeHead(m ? 206 : 200, {
        'content-length': wav.length - start,
        ...(m ? { 'content-range': `bytes ${start}-${wav.length - 1}/${wav.length}` } : {}),
      });
      let pos = start;
      const tick = setInterval(() => {
        if (pos >= wav.length || res.destroyed) {
          clearInterval(tick);
          res.end();
          return;
        }
        const chunk = wav.subarray(pos, pos + 64 * 1024);
        pos += chunk.length;
        sent += chunk.length;
        res.write(chunk);
      }, 20);
      res.on('close', () => clearInterval(tick));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/long.wav`;

    const data = tempDir('tiang-crash-dl-');
    const env = { TIANG_MQTT_URL: broker.url };
    const agent = await startAgent({ dataDir: data.path, env });
    const cr = await ControlRoom.connect(broker.url, {
      keyFile: path.join(data.path, 'control-room-sim.key'),
    });
    const doc = {
      version: 5,
      settings: { groups: ['sim'] },
      content: [
        {
          id: 'panjang',
          sha256,
          bytes: wav.length,
          url,
          mime: 'audio/wav',
          title: { id: 'Panjang', en: 'Long' },
        },
      ],
      schedule: [
        {
          id: 'panjang',
          title: { id: 'Panjang', en: 'Long' },
          when: { cron: '0 9 * * *' },
          priority: 'program',
          play: ['panjang'],
        },
      ],
    };
    await cr.send(`${DEVICE}/desired`, cr.payload('desired', doc, { target: DEVICE }), true);
    await until(() => sent > wav.length / 3, 30_000, 5);
    await agent.stop('SIGKILL');
    const restarted = await startAgent({ dataDir: data.path, env });
    const applied = await cr.waitFor(
      () =>
        cr
          .envelopes(DEVICE, 'reported')
          .map((e) => reportedDataSchema.parse(e.data))
          .find((r) => r.version === 5 && r.sections.schedule?.state === 'applied'),
      60_000,
      'schedule applied after the restart',
    );
    expect(applied.sections.schedule?.state).toBe('applied');
    expect(ranges[0]).toBe('none');
    expect(ranges.some((r) => /^bytes=[1-9]\d*-$/.test(r))).toBe(true);
    // Only what was in flight at the kill came twice.
    expect(sent - wav.length).toBeLessThan(1024 * 1024);
    await restarted.stop();
    await cr.close();
    await new Promise((r) => server.close(r));
    data.remove();
    files.remove();
  }, 120_000);
});

describe('the simulator restarted on the same data folder (embedded broker, in memory)', () => {
  it('subscribes again after a restart and answers commands', async () => {
    const data = tempDir('tiang-restart-');
    const env = { TIANG_MQTT_EMBEDDED_PORT: String(await freePort()) };
    const first = await startAgent({ dataDir: data.path, env });
    await first.stop();
    // The new broker knows nothing of the old session: the pole must subscribe again.
    const second = await startAgent({ dataDir: data.path, env });
    const url = `mqtt://127.0.0.1:${env.TIANG_MQTT_EMBEDDED_PORT}`;
    const cr = await ControlRoom.connect(url, { keyFile: path.join(data.path, 'control-room-sim.key') }, 4);
    const vol = cr.payload('cmd.volume', { volume: 33 }, { target: DEVICE });
    await cr.send(`${DEVICE}/cmd`, vol);
    await cr.waitFor(
      () => (cr.acks(DEVICE, vol.id).includes('done') ? true : undefined),
      15_000,
      'ack after restart',
    );
    await cr.close();
    await second.stop();
    data.remove();
  }, 60_000);
});

describe('an active alert across a restart', () => {
  it('is restored from SQLite and sounds again after the agent restarts', async () => {
    const data = tempDir('tiang-alert-restart-');
    const env = {
      TIANG_MQTT_EMBEDDED_PORT: String(await freePort()),
      TIANG_HTTP_PORT: String(await freePort()),
    };
    const first = await startAgent({ dataDir: data.path, env });
    const url = `mqtt://127.0.0.1:${env.TIANG_MQTT_EMBEDDED_PORT}`;
    const cr = await ControlRoom.connect(url, { keyFile: path.join(data.path, 'control-room-sim.key') }, 4);
    await cr.send('alert', cr.payload('alert', { cap: keludAlert({ identifier: 'kelud-restart' }) }));
    const active = async () => {
      const live = await liveClient(first.baseUrl);
      await until(() => live.of('alerts').length > 0, 10_000).catch(() => undefined);
      live.close();
      return live.of<{ active: { identifier: string }[] }>('alerts').at(-1)?.active ?? [];
    };
    await until(async () => (await active()).some((a) => a.identifier === 'kelud-restart'), 15_000, 200);
    await cr.close();
    await first.stop('SIGKILL');
    const second = await startAgent({ dataDir: data.path, env });
    const live = await liveClient(second.baseUrl);
    await until(
      () =>
        live
          .of<{ active: { identifier: string }[] }>('alerts')
          .some((a) => a.active.some((x) => x.identifier === 'kelud-restart')),
      15_000,
    );
    live.close();
    // And it sounds again: a play record from the alert after the restart.
    await until(
      async () => {
        const res = await fetch(`${second.baseUrl}/api/speaker`);
        const s = (await res.json()) as { nowPlaying: { priority: string } | null };
        return s.nowPlaying?.priority === 'emergency';
      },
      20_000,
      100,
    );
    await second.stop();
    data.remove();
  }, 90_000);
});

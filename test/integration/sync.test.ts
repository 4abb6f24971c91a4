import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  birthDataSchema,
  type DownloadProgress,
  generateSigningKey,
  reportedDataSchema,
  statusSchema,
  telemetryDataSchema,
} from '../../sync/index.js';
import { keludAlert, keludCancel } from '../helpers/cap.js';
import { ControlRoom } from '../helpers/control-room.js';
import { liveClient } from '../helpers/live-client.js';
import { type Mosquitto, startMosquitto } from '../helpers/mosquitto.js';
import { startSimPole } from '../helpers/sim-pole.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';

const DEVICE = 'blt-sim-001';

/** A real HTTP content server; files by path, optional wrong bytes. */
async function contentServer(files: Record<string, Buffer>) {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    const body = files[req.url ?? ''];
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-length': body.length, 'content-type': 'audio/wav' }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address() as { port: number };
  return { url: `http://127.0.0.1:${addr.port}`, hits, close: () => new Promise((r) => server.close(r)) };
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function makeWav(dir: string, name: string, freq: number): Buffer {
  const file = path.join(dir, name);
  execFileSync('sox', [
    '-n',
    '-r',
    '48000',
    '-c',
    '2',
    '-b',
    '16',
    file,
    'synth',
    '0.3',
    'sine',
    String(freq),
  ]);
  return readFileSync(file);
}

describe('control-room sync against a real mosquitto', () => {
  let broker: Mosquitto;
  let sim: Awaited<ReturnType<typeof startSimPole>>;
  let cr: ControlRoom;
  let files: ReturnType<typeof tempDir>;
  let server: Awaited<ReturnType<typeof contentServer>>;
  let wavA: Buffer;
  let wavB: Buffer;

  /**
   * Plays the pole was asked for (by command, alert, admin), leaving out the schedule: the
   * desired state below books a morning jingle at 07:00 WIB, which a run across 00:00 UTC meets.
   */
  const askedPlays = () => sim.pole.speaker.playLog.list({}).filter((e) => e.source !== 'schedule').length;

  beforeAll(async () => {
    broker = await startMosquitto();
    files = tempDir();
    wavA = makeWav(files.path, 'a.wav', 440);
    wavB = makeWav(files.path, 'b.wav', 660);
    server = await contentServer({ '/a.wav': wavA, '/b.wav': wavB, '/wrong.wav': wavB });
    // The control room listens before the pole starts, so it sees the pole's first birth.
    cr = await ControlRoom.connect(broker.url);
    sim = await startSimPole({ TIANG_MQTT_URL: broker.url }, (cfg) => {
      cfg.mqtt.reconnectBaseMs = 200;
      cfg.mqtt.reconnectMaxMs = 2000;
    });
    cr.useKey(sim.pole.sync.simulatorKeyFile!);
    await until(() => sim.pole.sync.link?.connected === true);
  }, 60_000);

  afterAll(async () => {
    await cr?.close();
    await sim?.dispose();
    await server?.close();
    await broker?.dispose();
    files?.remove();
  });

  it('says it is online (retained), and sends birth and reported after connecting', async () => {
    const status = await cr.waitFor(
      () => cr.got.find((m) => m.topic === `tiang/v1/${DEVICE}/status`),
      10_000,
      'status',
    );
    expect(statusSchema.parse(JSON.parse(status.payload.toString())).state).toBe('online');
    const birth = await cr.waitFor(() => cr.envelopes(DEVICE, 'birth')[0], 10_000, 'birth');
    const b = birthDataSchema.parse(birth.data);
    expect(b).toMatchObject({ desiredVersion: 1, groups: ['blitar-kota', 'sim'], simulated: true });
    expect(b.capabilities).toContain('mqtt5');
    expect(b.trustedKeys).toEqual(['sim-control-room']);
    const rep = await cr.waitFor(() => cr.envelopes(DEVICE, 'reported')[0], 10_000, 'reported');
    expect(reportedDataSchema.parse(rep.data).version).toBe(1);
    expect(rep.device).toBe(DEVICE);
  });

  it('applies a higher desired version: content downloaded and verified before the schedule goes live', async () => {
    const doc = {
      version: 2,
      settings: { groups: ['blitar-kota', 'sim', 'kanigoro'], volume: { default: 60 } },
      content: [
        {
          id: 'jingle',
          sha256: sha256(wavA),
          bytes: wavA.length,
          url: `${server.url}/a.wav`,
          mime: 'audio/wav',
          title: { id: 'Jingle', en: 'Jingle' },
        },
      ],
      schedule: [
        {
          id: 'jingle-pagi',
          title: { id: 'Jingle pagi', en: 'Morning jingle' },
          when: { cron: '0 7 * * *' },
          priority: 'program',
          play: ['jingle'],
        },
      ],
      kiosk: { ticker: [{ id: 'Versi dua', en: 'Version two' }] },
    };
    const screen = await liveClient(sim.base);
    await cr.send(`${DEVICE}/desired`, cr.payload('desired', doc, { target: DEVICE }), true);
    await until(
      () =>
        sim.pole.sync.applier.sections().schedule?.state === 'applied' && sim.pole.sync.applier.version === 2,
    );
    // The admin screen's progress bar: bytes per item and overall, ending complete.
    await until(() => screen.of('downloads').length > 0);
    const last = screen.of<DownloadProgress>('downloads').at(-1)!;
    expect(last).toMatchObject({ done: wavA.length, total: wavA.length });
    expect(last.items).toEqual([
      expect.objectContaining({ id: 'jingle', done: wavA.length, total: wavA.length, state: 'done' }),
    ]);
    screen.close();
    expect(sim.pole.speaker.library.has(sha256(wavA))).toBe(true);
    const applied = sim.pole.store.desired.current<{ schedule: { play: string[] }[]; kiosk: unknown }>()!;
    expect(applied.body.schedule[0]!.play).toEqual([sha256(wavA)]);
    expect(applied.body.kiosk).toEqual(doc.kiosk);
    expect(sim.pole.speaker.status().next.some((n) => n.title === 'Jingle pagi')).toBe(true);
    const events = await cr.waitFor(
      () => {
        const e = cr.events(DEVICE, 'desired').filter((x) => (x.data as { version: number }).version === 2);
        return e.some(
          (x) =>
            (x.data as { state: string }).state === 'applied' &&
            (x.data as { section: string }).section === 'schedule',
        )
          ? e
          : undefined;
      },
      10_000,
      'desired events',
    );
    expect(events.map((e) => (e.data as { section: string; state: string }).state)).toContain('pending');
    await cr.waitFor(
      () => cr.events(DEVICE, 'content').find((e) => (e.data as { result: string }).result === 'fetched'),
      10_000,
      'content event',
    );
    // The pole follows its new group's command topic.
    const stop = cr.payload('cmd.stop', { scope: 'current' }, { target: 'group:kanigoro' });
    await cr.send('group/kanigoro/cmd', stop);
    await cr.waitFor(
      () => (cr.acks(DEVICE, stop.id).includes('done') ? true : undefined),
      10_000,
      'group command ack',
    );
  });

  it('keeps the running schedule when new content fails verification, and says why in reported', async () => {
    const before = sim.pole.store.desired.current<{ schedule: unknown }>()!.body.schedule;
    const doc = {
      version: 3,
      settings: { groups: ['blitar-kota', 'sim', 'kanigoro'] },
      content: [
        {
          id: 'palsu',
          sha256: sha256(wavA),
          bytes: wavB.length,
          url: `${server.url}/wrong.wav`,
          mime: 'audio/wav',
          title: { id: 'Palsu', en: 'Fake' },
        },
        {
          id: 'hilang',
          sha256: 'a'.repeat(64),
          bytes: 1000,
          url: `${server.url}/missing.wav`,
          mime: 'audio/wav',
          title: { id: 'Hilang', en: 'Missing' },
        },
      ],
      schedule: [
        {
          id: 'baru',
          title: { id: 'Baru', en: 'New' },
          when: { cron: '0 8 * * *' },
          priority: 'program',
          play: ['hilang'],
        },
      ],
    };
    await cr.send(`${DEVICE}/desired`, cr.payload('desired', doc, { target: DEVICE }), true);
    await until(() => sim.pole.sync.applier.sections().schedule?.state === 'failed', 20_000);
    const st = sim.pole.sync.applier.sections().schedule!;
    expect(st.reason).toMatch(/hilang: .*404/);
    expect(st.keeping).toBe(2);
    expect(sim.pole.store.desired.current<{ schedule: unknown }>()!.body.schedule).toEqual(before);
    const rep = await cr.waitFor(
      () => {
        const all = cr.envelopes(DEVICE, 'reported').map((e) => reportedDataSchema.parse(e.data));
        return all.find((r) => r.version === 3 && r.sections.schedule?.state === 'failed');
      },
      10_000,
      'reported with the failure',
    );
    expect(rep.sections.settings?.state).toBe('applied');
  });

  it('refuses a lower desired version, and ignores its own retained copy after a reconnect', async () => {
    const old = cr.payload('desired', { version: 2 }, { target: DEVICE });
    await cr.send(`${DEVICE}/desired`, old);
    const ev = await cr.waitFor(
      () => cr.events(DEVICE, 'rejected').find((e) => (e.data as { id?: string }).id === old.id),
      10_000,
      'rejected',
    );
    expect((ev.data as { reason: string }).reason).toMatch(/version 2 is not above the applied version 3/);
    expect(sim.pole.sync.applier.version).toBe(3);
    // Drop the connection as a flaky modem would: the broker sends the retained v3 again.
    const births = cr.envelopes(DEVICE, 'birth').length;
    // Unique ids: an event in flight when the socket died is sent again (at least once).
    const rejectedIds = () => new Set(cr.events(DEVICE, 'rejected').map((e) => e.id)).size;
    const rejected = rejectedIds();
    (sim.pole.sync.link as unknown as { client: { stream: { destroy(): void } } }).client.stream.destroy();
    await cr.waitFor(
      () => (cr.envelopes(DEVICE, 'birth').length > births ? true : undefined),
      15_000,
      'new birth',
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(rejectedIds()).toBe(rejected);
    expect(sim.pole.sync.applier.version).toBe(3);
    // Each connection run is its own session, counting seq from 0.
    const sessions = new Set(cr.envelopes(DEVICE, 'birth').map((b) => b.session));
    expect(sessions.size).toBeGreaterThan(1);
  });

  it('runs each command with accepted then done, and rejects what it cannot do', async () => {
    const play = cr.payload(
      'cmd.play',
      { play: [{ tts: { text: 'Tes dari ruang kontrol', lang: 'id' } }], priority: 'announcement' },
      { target: DEVICE },
    );
    await cr.send(`${DEVICE}/cmd`, play);
    await cr.waitFor(
      () => (cr.acks(DEVICE, play.id).includes('done') ? true : undefined),
      20_000,
      'play done',
    );
    expect(cr.acks(DEVICE, play.id)).toEqual(['accepted', 'done']);
    const played = cr
      .events(DEVICE, 'play')
      .find((e) => (e.data as { source: string }).source === 'control-room');
    expect(played?.data).toMatchObject({ result: 'played', priority: 'announcement' });

    const vol = cr.payload('cmd.volume', { volume: 42 }, { target: DEVICE });
    await cr.send(`${DEVICE}/cmd`, vol);
    await cr.waitFor(
      () => (cr.acks(DEVICE, vol.id).includes('done') ? true : undefined),
      10_000,
      'volume done',
    );
    expect(await sim.pole.speaker.mixer.getVolume()).toBe(42);

    const resync = cr.payload('cmd.resync', {}, { target: DEVICE });
    const births = cr.envelopes(DEVICE, 'birth').length;
    await cr.send(`${DEVICE}/cmd`, resync);
    await cr.waitFor(
      () => (cr.acks(DEVICE, resync.id).includes('done') ? true : undefined),
      10_000,
      'resync done',
    );
    expect(cr.envelopes(DEVICE, 'birth').length).toBeGreaterThan(births);

    const sensor = cr.payload('cmd.test', { kind: 'sensor' }, { target: DEVICE });
    await cr.send(`${DEVICE}/cmd`, sensor);
    await cr.waitFor(
      () => (cr.acks(DEVICE, sensor.id).length === 2 ? true : undefined),
      10_000,
      'sensor test',
    );

    const missing = cr.payload('cmd.play', { play: ['tidak-ada'] }, { target: DEVICE });
    await cr.send(`${DEVICE}/cmd`, missing);
    await cr.waitFor(
      () => (cr.acks(DEVICE, missing.id).includes('rejected') ? true : undefined),
      10_000,
      'rejected ack',
    );
    const ack = cr.envelopes(DEVICE, 'ack').find((e) => (e.data as { corr: string }).corr === missing.id);
    expect((ack!.data as { reason: string }).reason).toMatch(/content "tidak-ada" is not on this pole/);
  });

  it('refuses bad messages with a reason event and never acts on them', async () => {
    const playsBefore = askedPlays();
    const bad: [string, string][] = [
      ['{not json', 'malformed JSON'],
      [
        JSON.stringify({ v: 1, kid: 'sim-control-room', payload: 'e30', sig: 'A'.repeat(86) }),
        'does not verify',
      ],
    ];
    const other = cr.payload(
      'cmd.play',
      { play: [{ tts: { text: 'Halo', lang: 'id' } }] },
      { target: DEVICE },
    );
    bad.push([cr.sign(other, 'cr-unknown'), 'unknown key id']);
    bad.push([
      cr.sign(
        cr.payload('cmd.play', { play: [{ tts: { text: 'x', lang: 'id' } }] }, { target: 'blt-other-009' }),
      ),
      'is not this pole',
    ]);
    const t = Date.now();
    bad.push([
      cr.sign(
        cr.payload(
          'cmd.play',
          { play: [{ tts: { text: 'x', lang: 'id' } }] },
          { target: DEVICE, issuedAt: t - 20_000, expiresAt: t - 10_000 },
        ),
      ),
      'expired',
    ]);
    bad.push([
      cr.sign(cr.payload('desired', { version: 99 }, { target: DEVICE })),
      'does not belong on a cmd topic',
    ]);
    for (const [raw] of bad) await cr.send(`${DEVICE}/cmd`, raw);
    for (const [, reason] of bad) {
      await cr.waitFor(
        () =>
          cr.events(DEVICE, 'rejected').find((e) => (e.data as { reason: string }).reason.includes(reason)),
        10_000,
        reason,
      );
    }
    // A replay of a command that ran before.
    const once = cr.payload('cmd.volume', { volume: 50 }, { target: DEVICE });
    const signed = cr.sign(once);
    await cr.send(`${DEVICE}/cmd`, signed);
    await cr.waitFor(
      () => (cr.acks(DEVICE, once.id).includes('done') ? true : undefined),
      10_000,
      'first run',
    );
    await cr.send(`${DEVICE}/cmd`, signed);
    await cr.waitFor(
      () =>
        cr
          .events(DEVICE, 'rejected')
          .find((e) => (e.data as { reason: string }).reason.includes(`replayed: message ${once.id}`)),
      10_000,
      'replay refused',
    );
    expect(sim.pole.sync.applier.version).toBe(3);
    expect(askedPlays()).toBe(playsBefore);
  });

  it('sounds a CAP alert, shows it on the live channel, and ends it on Cancel', async () => {
    const sent = Date.now();
    const alert = cr.payload('alert', { cap: keludAlert({ identifier: 'kelud-sync-1', sent }) });
    await cr.send('alert', alert);
    const screen = await liveClient(sim.base);
    await until(() => sim.pole.sync.alerts.views().length === 1);
    // The kiosk's takeover comes from the live channel.
    await until(() =>
      screen.of<{ active: { identifier: string }[] }>('alerts').some((a) => a.active.length === 1),
    );
    expect(screen.of<{ active: { identifier: string }[] }>('alerts').at(-1)!.active[0]!.identifier).toBe(
      'kelud-sync-1',
    );
    const view = sim.pole.sync.alerts.views()[0]!;
    expect(view).toMatchObject({
      identifier: 'kelud-sync-1',
      exercise: true,
      sounding: true,
      headline: { id: 'Waspada Gunung Kelud', en: 'Mount Kelud alert' },
      area: 'Kecamatan Nglegok, Kecamatan Gandusari',
    });
    await cr.waitFor(
      () => cr.events(DEVICE, 'alert').find((e) => (e.data as { step: string }).step === 'played'),
      30_000,
      'alert played',
    );
    const play = cr.events(DEVICE, 'play').find((e) => (e.data as { source: string }).source === 'alert');
    expect(play?.data).toMatchObject({ priority: 'emergency', result: 'played' });
    expect((play!.data as { title: string }).title).toMatch(/^LATIHAN: /);
    const cancel = cr.payload('alert', {
      cap: keludCancel('kelud-sync-1-cancel', { identifier: 'kelud-sync-1', sent }),
    });
    await cr.send('alert', cancel);
    await until(() => sim.pole.sync.alerts.views().length === 0);
    await until(() => screen.of<{ active: unknown[] }>('alerts').at(-1)!.active.length === 0);
    screen.close();
    await cr.waitFor(
      () => cr.events(DEVICE, 'alert').find((e) => (e.data as { step: string }).step === 'cancelled'),
      10_000,
      'cancelled',
    );
    const broken = cr.payload('alert', {
      cap: '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>x</identifier></alert>',
    });
    await cr.send('alert', broken);
    const refused = await cr.waitFor(
      () => cr.events(DEVICE, 'rejected').find((e) => (e.data as { id?: string }).id === broken.id),
      10_000,
      'CAP refused',
    );
    expect((refused.data as { reason: string }).reason).toMatch(/^CAP /);
    // A draft is not for the public: refused, never sounded or shown.
    const draft = cr.payload('alert', { cap: keludAlert({ identifier: 'kelud-draft', status: 'Draft' }) });
    await cr.send('alert', draft);
    const notPublic = await cr.waitFor(
      () => cr.events(DEVICE, 'rejected').find((e) => (e.data as { id?: string }).id === draft.id),
      10_000,
      'draft refused',
    );
    expect((notPublic.data as { reason: string }).reason).toMatch(/status Draft: not for the public/);
    expect(sim.pole.sync.alerts.views()).toEqual([]);
    // A minor alert is shown but not sounded.
    const plays = askedPlays();
    await cr.send(
      'alert',
      cr.payload('alert', { cap: keludAlert({ identifier: 'kelud-minor', severity: 'Minor' }) }),
    );
    await until(() => sim.pole.sync.alerts.views().some((v) => v.identifier === 'kelud-minor'));
    expect(sim.pole.sync.alerts.views().find((v) => v.identifier === 'kelud-minor')?.sounding).toBe(false);
    await cr.waitFor(
      () => cr.events(DEVICE, 'alert').find((e) => (e.data as { step: string }).step === 'shown'),
      10_000,
      'shown',
    );
    expect(askedPlays()).toBe(plays);
  });

  it('sends telemetry: system figures and the latest air reading', async () => {
    await until(() => sim.pole.sensors.status().available, 20_000);
    await sim.pole.sync.sampleTelemetry();
    const t = await cr.waitFor(() => cr.envelopes(DEVICE, 'telemetry')[0], 10_000, 'telemetry');
    const data = telemetryDataSchema.parse(t.data);
    expect(data.uptimeS).toBeGreaterThan(0);
    expect(data.memUsedPct).toBeGreaterThan(0);
    expect(data.diskFreeMb).toBeGreaterThan(0);
    expect(data.air?.pm25).toBeGreaterThanOrEqual(0);
  });

  it('keeps events through a broker restart and delivers them in order', async () => {
    await broker.stop();
    await until(() => sim.pole.sync.link?.connected === false);
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) ids.push(sim.pole.store.outbox.enqueue('events', 'test.mark', { i })!);
    await broker.start();
    await until(() => sim.pole.sync.link?.connected === true, 30_000);
    await cr.waitFor(
      () => (cr.events(DEVICE, 'test.mark').length >= 200 ? true : undefined),
      30_000,
      '200 events',
    );
    const got = cr.events(DEVICE, 'test.mark');
    const unique = [...new Map(got.map((e) => [e.id, e])).values()];
    expect(unique.map((e) => e.id)).toEqual(ids);
    await until(() => sim.pole.store.outbox.size === 0);
  });
  it('rotates its trusted keys through a signed desired document, and never falls back', async () => {
    const next = generateSigningKey();
    const keyFile = path.join(files.path, 'next.key');
    writeFileSync(keyFile, next.privateKeyPem);
    const v = sim.pole.sync.applier.version + 1;
    const rotate = cr.payload(
      'desired',
      {
        version: v,
        settings: { groups: ['sim'], trustedKeys: [{ kid: 'cr-next', publicKey: next.publicKey }] },
      },
      { target: DEVICE },
    );
    await cr.send(`${DEVICE}/desired`, rotate, true);
    await until(() => sim.pole.sync.applier.version === v);
    // The old key is retired at once.
    const old = cr.payload('cmd.volume', { volume: 20 }, { target: DEVICE });
    await cr.send(`${DEVICE}/cmd`, old);
    await cr.waitFor(
      () =>
        cr
          .events(DEVICE, 'rejected')
          .find(
            (e) =>
              (e.data as { id?: string }).id === undefined &&
              /unknown key id "sim-control-room"/.test((e.data as { reason: string }).reason),
          ),
      10_000,
      'old key refused',
    );
    const ctl = await ControlRoom.connect(broker.url, { keyFile, kid: 'cr-next' });
    // A later document without trustedKeys keeps the rotated set: the old key stays retired.
    await ctl.send(
      `${DEVICE}/desired`,
      ctl.payload('desired', { version: v + 1, settings: { groups: ['sim'] } }, { target: DEVICE }),
      true,
    );
    await until(() => sim.pole.sync.applier.version === v + 1);
    const again = cr.payload('cmd.volume', { volume: 21 }, { target: DEVICE });
    await cr.send(`${DEVICE}/cmd`, again);
    await new Promise((r) => setTimeout(r, 500));
    expect(cr.acks(DEVICE, again.id)).toEqual([]);
    const vol = ctl.payload('cmd.volume', { volume: 22 }, { target: DEVICE });
    await ctl.send(`${DEVICE}/cmd`, vol);
    await ctl.waitFor(
      () => (ctl.acks(DEVICE, vol.id).includes('done') ? true : undefined),
      10_000,
      'new key works',
    );
    await ctl.close();
  });
});

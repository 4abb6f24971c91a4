import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HealthUpdate, silentLogger } from '../../core/index.js';
import { ControlRoomLink, EmbeddedBroker } from '../../sync/index.js';
import { type Mosquitto, startMosquitto } from '../helpers/mosquitto.js';
import { until } from '../helpers/until.js';

function recorder() {
  const reports: HealthUpdate[] = [];
  return { reports, health: { report: (u: HealthUpdate) => reports.push(u) }, last: () => reports.at(-1) };
}

describe('control-room link over TLS with client certificates (real mosquitto)', () => {
  let broker: Mosquitto;
  beforeAll(async () => {
    broker = await startMosquitto({ tlsClientCn: 'blt-tls-001' });
  }, 30_000);
  afterAll(async () => broker?.dispose());

  it('connects with the pole certificate, publishes a retained online status, and subscribes to its topics', async () => {
    const tls = broker.tls!;
    const h = recorder();
    const link = new ControlRoomLink(
      {
        url: broker.tlsUrl!,
        deviceId: 'blt-tls-001',
        root: 'tiang/v1',
        tls: { ca: tls.ca, cert: tls.clientCert, key: tls.clientKey },
      },
      h.health,
      silentLogger(),
    );
    const messages: string[] = [];
    link.on('message', (channel) => messages.push(channel));
    link.start();
    await until(() => link.connected);
    expect(link.protocolVersion).toBe(5);
    await until(() => h.last()?.level === 'ok');
    // A control-room client on the plain listener sees the status and can reach the pole.
    const cr = await mqtt.connectAsync(broker.url);
    const status = new Promise<string>((resolve) => cr.on('message', (_t, p) => resolve(p.toString())));
    await cr.subscribeAsync('tiang/v1/blt-tls-001/status');
    expect(JSON.parse(await status)).toMatchObject({ state: 'online', session: link.session });
    await cr.publishAsync('tiang/v1/blt-tls-001/cmd', 'x', { qos: 1 });
    await until(() => messages.includes('cmd'));
    await link.stop();
    await cr.endAsync();
  });

  it('is refused with a certificate from another CA, and says so in its health', async () => {
    const tls = broker.tls!;
    const h = recorder();
    const link = new ControlRoomLink(
      {
        url: broker.tlsUrl!,
        deviceId: 'blt-tls-001',
        root: 'tiang/v1',
        tls: { ca: tls.ca, cert: tls.strangerCert, key: tls.strangerKey },
        backoff: { baseMs: 100, maxMs: 200 },
      },
      h.health,
      silentLogger(),
    );
    link.start();
    await until(() => h.reports.filter((r) => r.level === 'degraded').length >= 2);
    expect(link.connected).toBe(false);
    expect(h.reports.some((r) => r.level === 'ok')).toBe(false);
    expect(h.last()?.cause).toMatch(/no connection to mqtts:\/\/127\.0\.0\.1/);
    await link.stop();
  });

  it('says offline through its Will when it dies without a goodbye', async () => {
    const h = recorder();
    const link = new ControlRoomLink(
      { url: broker.url, deviceId: 'blt-will-001', root: 'tiang/v1', keepaliveS: 5 },
      h.health,
      silentLogger(),
    );
    link.start();
    await until(() => link.connected);
    const cr = await mqtt.connectAsync(broker.url);
    const states: string[] = [];
    cr.on('message', (_t, p) => states.push(JSON.parse(p.toString()).state));
    await cr.subscribeAsync('tiang/v1/blt-will-001/status');
    await until(() => states.includes('online'));
    // Kill the socket as a power cut would: no DISCONNECT, so the broker sends the Will.
    (
      link as unknown as { client: { stream: { destroy(): void }; end(force: boolean): void } }
    ).client.stream.destroy();
    await until(() => states.includes('offline'), 10_000);
    await link.stop();
    await cr.endAsync();
  });
});

describe('control-room link against a broker that only speaks MQTT 3.1.1', () => {
  it('falls back from MQTT 5 to 3.1.1 and connects', async () => {
    const broker = new EmbeddedBroker(0, silentLogger());
    await broker.start();
    const h = recorder();
    const link = new ControlRoomLink(
      {
        url: broker.url,
        deviceId: 'blt-old-001',
        root: 'tiang/v1',
        protocolVersion: 5,
        backoff: { baseMs: 50, maxMs: 100 },
      },
      h.health,
      silentLogger(),
    );
    link.start();
    await until(() => link.connected, 10_000);
    expect(link.protocolVersion).toBe(4);
    await link.stop();
    await broker.stop();
  });
});

// The hotspot as the agent wires it: the real SQLite store, the portal on real HTTP, the
// simulated firewall (the nft one is tested in hotspot-netns.test.ts), a clock the test moves.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configSchema, type TiangConfig } from '../../agent/config/index.js';
import { checkHotspotFiles } from '../../agent/doctor/checks.js';
import { HotspotSubsystem } from '../../agent/subsystems/hotspot.js';
import { hotspotSectionProblem } from '../../agent/subsystems/hotspot-network.js';
import { StoreSubsystem } from '../../agent/subsystems/store.js';
import { HealthModel, silentLogger } from '../../core/index.js';
import type { HotspotSection } from '../../sync/index.js';
import { tempDir } from '../helpers/temp-dir.js';

const HOUR_MS = 3_600_000;
// 2026-11-28 09:10 WIB.
const START = Date.UTC(2026, 10, 28, 2, 10);

describe('the hotspot subsystem', () => {
  let tmp: ReturnType<typeof tempDir>;
  let now: number;
  const clock = { now: () => now };
  let config: TiangConfig;
  let store: StoreSubsystem;
  let hotspot: HotspotSubsystem;
  let health: HealthModel;

  const connect = async (): Promise<Response> =>
    fetch(`${hotspot.portalUrl}accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'accept=yes',
      redirect: 'manual',
    });
  const splash = async (): Promise<string> => (await fetch(hotspot.portalUrl as string)).text();
  const confDir = () => path.join(tmp.path, 'hotspot');

  beforeEach(async () => {
    now = START;
    tmp = tempDir('tiang-hotspot-sub-');
    config = configSchema.parse({
      device: { id: 'blt-test-001', name: 'Pasar Wlingi' },
      simulate: true,
      dataDir: tmp.path,
      portal: {
        interface: 'sim0',
        address: '127.0.0.1',
        port: 0,
        dhcpRange: { start: '127.0.0.10', end: '127.0.0.250' },
      },
    });
    health = new HealthModel(clock);
    store = new StoreSubsystem(tmp.path, clock, health.reporter('storage'), silentLogger(), 50_000, true);
    await store.start();
    hotspot = new HotspotSubsystem({
      config,
      store,
      clock,
      health: health.reporter('hotspot'),
      log: silentLogger(),
    });
    await hotspot.start();
  });

  afterEach(async () => {
    await hotspot.stop();
    await store.stop();
    tmp.remove();
  });

  const push = (version: number, section: HotspotSection) => {
    store.desired.save(version, { version, hotspot: section }, 'control-room');
    hotspot.desiredChanged(section, version);
  };
  const settle = () => (hotspot as unknown as { applying: Promise<void> }).applying;

  it('writes the hostapd, dnsmasq and nft files for the network and reports healthy', async () => {
    const hostapd = readFileSync(path.join(confDir(), 'hostapd.conf'), 'utf8');
    expect(hostapd).toMatch(/^interface=sim0$/m);
    expect(hostapd).toMatch(/^# SSID "WiFi-Gratis-Blitar"/m);
    expect(readFileSync(path.join(confDir(), 'dnsmasq.conf'), 'utf8')).toContain(
      '127.0.0.1/captive-portal/api',
    );
    const port = new URL(hotspot.portalUrl as string).port;
    expect(readFileSync(path.join(confDir(), 'hotspot.nft'), 'utf8')).toContain(
      `dnat ip to 127.0.0.1:${port}`,
    );
    expect(health.get('hotspot')?.level).toBe('ok');
    // tiang doctor finds them and dnsmasq accepts its file.
    expect(await checkHotspotFiles(config)).toMatchObject({ status: 'pass', simulated: true });
  });

  it('applies a new desired section at once: texts on the splash, limits, SSID in hostapd.conf', async () => {
    push(7, {
      enabled: true,
      ssid: 'Wlingi-Gratis',
      sessionMinutes: 45,
      provider: { id: 'Dinas Kominfo', en: 'Communications Office' },
    });
    await settle();
    const page = await splash();
    expect(page).toContain('Layanan gratis dari Dinas Kominfo');
    expect(page).toContain('45 menit');
    expect(readFileSync(path.join(confDir(), 'hostapd.conf'), 'utf8')).toMatch(
      /^ssid2=576c696e67692d477261746973$/m,
    );
    expect((await connect()).status).toBe(303);
    const [client] = await hotspot.firewall!.list();
    expect(client!.expiresAt! - now).toBe(45 * 60_000);
  });

  it('turned off by the control room: hostapd.conf is gone (radio off) and clients are let go', async () => {
    expect((await connect()).status).toBe(303);
    expect(await hotspot.clientCount()).toBe(1);
    push(8, { enabled: false });
    await settle();
    expect(existsSync(path.join(confDir(), 'hostapd.conf'))).toBe(false);
    expect(existsSync(path.join(confDir(), 'dnsmasq.conf'))).toBe(true);
    expect(await hotspot.firewall!.list()).toEqual([]);
    expect(await hotspot.clientCount()).toBe(0);
    push(9, { enabled: true });
    await settle();
    expect(existsSync(path.join(confDir(), 'hostapd.conf'))).toBe(true);
  });

  it('sends one aggregate usage event per hour with use, none for an idle hour, never an address', async () => {
    expect((await connect()).status).toBe(303);
    now = START + HOUR_MS; // the 09:00 hour has ended
    await (hotspot as unknown as { tick(): Promise<void> }).tick();
    // The simulated firewall counts no traffic: that tick ended the session at 10:10 (idle limit),
    // so it was online in the 10:00 hour too.
    now = START + 2 * HOUR_MS + 60_000;
    await (hotspot as unknown as { tick(): Promise<void> }).tick();
    now = START + 5 * HOUR_MS; // and later hours were idle
    await (hotspot as unknown as { tick(): Promise<void> }).tick();
    const events = store.outbox.peek(0, 100).filter((m) => m.type === 'portal');
    expect(events).toHaveLength(2);
    const [first] = events.map((m) => JSON.parse(m.data) as Record<string, unknown>);
    expect(first).toMatchObject({ sessions: 1, clients: 1, periodS: 3600, from: START - 10 * 60_000 });
    expect(JSON.stringify(events)).not.toMatch(/127\.0\.0\.1|02:00:/);
    const chart = hotspot.clientsPerHour(START - 10 * 60_000, START + 3 * HOUR_MS - 10 * 60_000);
    expect(chart?.map((h) => h.clients)).toEqual([1, 1, 0]);
  });

  it('refuses a section hostapd could not run before it is taken in, naming why', () => {
    expect(hotspotSectionProblem(config, { ssid: 'Wi-Fi Gratis Kabupaten Blitar ✓✓' })).toMatch(/ssid/i);
    expect(hotspotSectionProblem(config, { ssid: 'Blitar' })).toBeUndefined();
  });
});

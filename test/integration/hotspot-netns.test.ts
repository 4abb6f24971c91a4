// The hotspot end to end, as a phone meets it: a phone namespace, the real agent with the
// real nftables ruleset in a pole namespace, and an "internet" namespace with a web server,
// joined by veth pairs. Needs root and network namespaces (CI runs as root); where they are
// missing the whole file is skipped and says why.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHotspotLab,
  type HotspotLab,
  INTERNET_MARKER,
  netnsUnavailable,
  Phone,
  tsHelper,
} from '../helpers/netns.js';
import { type LabPole, POLE_PRIVATE_PORTS, startLabPole } from '../helpers/netns-pole.js';
import { until } from '../helpers/until.js';

const unavailable = netnsUnavailable();
if (unavailable) console.warn(`hotspot namespace test skipped: ${unavailable}`);

/** The four operating-system checks and what each sees when it is online. */
const PROBES = [
  {
    os: 'Apple',
    host: 'captive.apple.com',
    path: '/hotspot-detect.html',
    online: (a: { status?: number; body?: string }) =>
      a.status === 200 && /<BODY>Success<\/BODY>/.test(a.body ?? ''),
  },
  {
    os: 'Android/Chrome',
    host: 'connectivitycheck.gstatic.com',
    path: '/generate_204',
    online: (a: { status?: number }) => a.status === 204,
  },
  {
    os: 'Windows',
    host: 'www.msftconnecttest.com',
    path: '/connecttest.txt',
    online: (a: { status?: number; body?: string }) =>
      a.status === 200 && a.body === 'Microsoft Connect Test',
  },
  {
    os: 'Firefox',
    host: 'detectportal.firefox.com',
    path: '/success.txt',
    online: (a: { status?: number; body?: string }) => a.status === 200 && a.body === 'success\n',
  },
] as const;

const SESSION_MINUTES = 1;
/** Rate limits for the rate-limit test (kbit/s), and what it moves: about 2 s each when limited. */
const DOWN_KBPS = 2000;
const UP_KBPS = 1000;
const DOWN_BYTES = 1_000_000;
const UP_BYTES = 500_000;
/** The desired `hotspot` section the lab's pole gets (the rate-limit test adds limits to it). */
const HOTSPOT = {
  enabled: true,
  ssid: 'Blitar-WiFi-Gratis',
  sessionMinutes: SESSION_MINUTES,
  idleMinutes: 10,
  dailyMinutes: 300,
  provider: { id: 'Dinas Kominfo Kabupaten Blitar', en: 'Blitar Regency Communications Office' },
  terms: { id: 'Gunakan dengan sopan.', en: 'Use it politely.' },
};

describe.skipIf(unavailable !== undefined)('hotspot in network namespaces (phone, pole, internet)', () => {
  let lab: HotspotLab;
  let phone: Phone;
  let pole: LabPole;
  const internet = () => `http://${lab.internetAddress}`;
  const portal = () => `http://${lab.poleAddress}`;

  /** The phone's "Sambungkan / Connect" tap. */
  const connect = () =>
    phone.http({
      url: `${portal()}/accept`,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'accept=yes',
    });

  const expectCaptive = async () => {
    const page = await phone.http({ url: `${internet()}/news`, headers: { host: 'berita.example' } });
    expect(page.status, JSON.stringify(page)).toBeGreaterThanOrEqual(300);
    expect(page.status).toBeLessThan(400);
    expect(String(page.headers?.location)).toMatch(
      new RegExp(`^http://${lab.poleAddress.replaceAll('.', '\\.')}[/:]`),
    );
    expect(page.body).not.toContain(INTERNET_MARKER);
    for (const probe of PROBES) {
      const answer = await phone.http({ url: `${internet()}${probe.path}`, headers: { host: probe.host } });
      expect(probe.online(answer), `${probe.os} probe while captive: ${JSON.stringify(answer)}`).toBe(false);
      expect(answer.status, `${probe.os} probe is sent to the portal`).toBeGreaterThanOrEqual(300);
    }
    const https = await phone.tcp({ host: lab.internetAddress, port: 443, timeoutMs: 2000 });
    expect(https.error, 'HTTPS is refused, not intercepted').toBe('ECONNREFUSED');
    const api = await phone.http({ url: `${portal()}/captive-portal/api` });
    expect(JSON.parse(api.body ?? '{}').captive).toBe(true);
  };

  const expectPoleServicesUnreachable = async () => {
    for (const [name, port] of Object.entries(POLE_PRIVATE_PORTS)) {
      const r = await phone.tcp({ host: lab.poleAddress, port, timeoutMs: 1000 });
      expect(
        r.connected,
        `${name} (port ${port}) on the pole must not answer a hotspot user`,
      ).toBeUndefined();
      expect(r.error, `${name} is dropped silently`).toBe('ETIMEDOUT');
    }
  };

  beforeAll(async () => {
    lab = createHotspotLab();
    const web = lab.spawnIn(lab.ns.internet, tsHelper('fake-internet-main.ts'));
    await new Promise((resolve) => web.stdout!.once('data', resolve));
    phone = Phone.start(lab);
    pole = await startLabPole(lab, phone);
    pole.pushDesired({ version: 100, hotspot: HOTSPOT });
    await until(async () => {
      const splash = await phone.http({ url: `${portal()}/` });
      return splash.body?.includes('Dinas Kominfo Kabupaten Blitar') === true;
    }, 20_000);
  }, 90_000);

  afterAll(async () => {
    await pole?.stop();
    lab?.destroy();
  });

  it('before Connect: web pages land on the portal, HTTPS is refused, every OS check reports captive, the pole is walled off', async () => {
    await expectCaptive();
    // Following the redirect as a phone's portal window does: port 80 on the pole is the portal.
    const splash = await phone.http({ url: `${portal()}/` });
    expect(splash.status).toBe(200);
    expect(splash.body).toContain('Sambungkan');
    expect(splash.body).toContain('Gunakan dengan sopan.');
    await expectPoleServicesUnreachable();
  });

  it('a forged source address is dropped before any limit counts it (a flood of them would fill the meters and switch the limits off)', async () => {
    const forged = '10.99.0.5';
    lab.run(lab.ns.phone, ['ip', 'addr', 'add', `${forged}/32`, 'dev', 'ph0']);
    try {
      for (const port of [53, 80]) {
        const r = await phone.tcp({ host: lab.poleAddress, port, localAddress: forged, timeoutMs: 1000 });
        expect(r.error, `port ${port} from a forged address`).toBe('ETIMEDOUT');
      }
      // The phone's own address is counted as usual.
      await phone.tcp({ host: lab.poleAddress, port: 53, timeoutMs: 1000 });
      const meters = ['dns_meter', 'portal_meter'].map((m) => pole.nft('list', 'set', 'inet', 'tiang', m));
      expect(meters.join('\n')).not.toContain(forged);
      expect(meters[0]).toContain(lab.phoneAddress);
    } finally {
      lab.run(lab.ns.phone, ['ip', 'addr', 'del', `${forged}/32`, 'dev', 'ph0']);
    }
  });

  it('after Connect: the internet answers, OS checks report online, the pole stays walled off', async () => {
    const accept = await connect();
    expect(accept.status, JSON.stringify(accept)).toBe(303);
    expect(pole.nft('list', 'set', 'inet', 'tiang', 'allowed_clients')).toContain(
      `${lab.phoneMac} . ${lab.phoneAddress}`,
    );

    const page = await phone.http({ url: `${internet()}/news`, headers: { host: 'berita.example' } });
    expect(page.body).toBe(INTERNET_MARKER);
    for (const probe of PROBES) {
      const answer = await phone.http({ url: `${internet()}${probe.path}`, headers: { host: probe.host } });
      expect(probe.online(answer), `${probe.os} probe once online: ${JSON.stringify(answer)}`).toBe(true);
    }
    const https = await phone.tcp({ host: lab.internetAddress, port: 443 });
    expect(https.banner).toBe('tls-port-open\n');
    const api = JSON.parse((await phone.http({ url: `${portal()}/captive-portal/api` })).body ?? '{}');
    expect(api.captive).toBe(false);
    expect(api['seconds-remaining']).toBeGreaterThan(0);
    expect(api['seconds-remaining']).toBeLessThanOrEqual(SESSION_MINUTES * 60);
    await expectPoleServicesUnreachable();
  });

  it('per-client rate limits from the desired state hold a download and an upload to their speed', async () => {
    const download = () =>
      phone.http({ url: `${internet()}/bytes/${DOWN_BYTES}`, discardBody: true, timeoutMs: 30_000 });
    const upload = () =>
      phone.http({ url: `${internet()}/sink`, method: 'POST', uploadBytes: UP_BYTES, timeoutMs: 30_000 });
    const limited = (chain: string) =>
      /@(up|down)_meter/.test(pole.nft('list', 'chain', 'inet', 'tiang', chain));
    expect((await connect()).status).toBe(303);
    // Without limits the lab's links take these in well under a second.
    const free = [await download(), await upload()];
    expect(free[0]!.bytes).toBe(DOWN_BYTES);
    expect(free[1]!.body).toBe(`received ${UP_BYTES}`);
    for (const a of free) expect(a.ms).toBeLessThan(1000);

    pole.pushDesired({ version: 101, hotspot: { ...HOTSPOT, downKbps: DOWN_KBPS, upKbps: UP_KBPS } });
    try {
      await until(() => limited('to_hotspot') && limited('from_hotspot'), 20_000, 200);
      // The kernel's bucket holds the rate plus the burst (two seconds' worth here), which go
      // through at once (TCP needs the room); the rest comes at the rate.
      const expectedMs = (bytes: number, kbps: number) => ((bytes - 2 * kbps * 125) / (kbps * 125)) * 1000;
      const down = await download();
      expect(down.bytes, JSON.stringify(down)).toBe(DOWN_BYTES);
      expect(down.ms).toBeGreaterThan(0.8 * expectedMs(DOWN_BYTES, DOWN_KBPS));
      expect(down.ms).toBeLessThan(4 * expectedMs(DOWN_BYTES, DOWN_KBPS));
      const up = await upload();
      expect(up.body, JSON.stringify(up)).toBe(`received ${UP_BYTES}`);
      expect(up.ms).toBeGreaterThan(0.8 * expectedMs(UP_BYTES, UP_KBPS));
      expect(up.ms).toBeLessThan(4 * expectedMs(UP_BYTES, UP_KBPS));
    } finally {
      // The limits go as they came: with the desired state.
      pole.pushDesired({ version: 102, hotspot: HOTSPOT });
      await until(() => !limited('to_hotspot') && !limited('from_hotspot'), 20_000, 200);
    }
  }, 60_000);

  it('a device that takes the accepted phone’s IP with its own MAC is still held at the portal', async () => {
    const setMac = (mac: string) => {
      lab.run(lab.ns.phone, ['ip', 'link', 'set', 'ph0', 'down']);
      lab.run(lab.ns.phone, ['ip', 'link', 'set', 'ph0', 'address', mac]);
      lab.run(lab.ns.phone, ['ip', 'link', 'set', 'ph0', 'up']);
      lab.run(lab.ns.phone, ['ip', 'route', 'replace', 'default', 'via', lab.poleAddress]);
      // The pole learns the new MAC at once, so a reply would reach the device if it got out.
      lab.run(lab.ns.pole, ['ip', 'neigh', 'flush', 'dev', 'hs0']);
    };
    setMac('02:66:66:66:66:66');
    try {
      const page = await phone.http({ url: `${internet()}/news`, headers: { host: 'berita.example' } });
      expect(page.body ?? '').not.toContain(INTERNET_MARKER);
    } finally {
      setMac(lab.phoneMac);
    }
    await until(async () => {
      const page = await phone.http({
        url: `${internet()}/news`,
        headers: { host: 'berita.example' },
        timeoutMs: 1000,
      });
      return page.body === INTERNET_MARKER;
    }, 10_000);
  });

  it(
    'when the session ends the phone is captive again, and one tap brings it back',
    async () => {
      // The kernel ends it: the element's own timeout, whether or not the agent looked.
      await until(
        () => !pole.nft('list', 'set', 'inet', 'tiang', 'allowed_clients').includes(lab.phoneAddress),
        SESSION_MINUTES * 60_000 + 20_000,
        1000,
      );
      const api = await phone.http({ url: `${portal()}/captive-portal/api` });
      expect(JSON.parse(api.body ?? '{}').captive).toBe(true);
      await expectCaptive();
      const again = await connect();
      expect(again.status).toBe(303);
      const page = await phone.http({ url: `${internet()}/news`, headers: { host: 'berita.example' } });
      expect(page.body).toBe(INTERNET_MARKER);
    },
    SESSION_MINUTES * 60_000 + 60_000,
  );

  it('the pole wrote the hostapd, dnsmasq and nft files it runs, and the ruleset in the kernel is that file', () => {
    const dir = path.join(pole.dataDir, 'hotspot');
    const hostapd = readFileSync(path.join(dir, 'hostapd.conf'), 'utf8');
    expect(hostapd).toMatch(/^interface=hs0$/m);
    expect(hostapd).toMatch(/^country_code=ID$/m);
    const dnsmasq = readFileSync(path.join(dir, 'dnsmasq.conf'), 'utf8');
    expect(dnsmasq).toMatch(/114/);
    const check = lab.run(lab.ns.pole, [
      'dnsmasq',
      '--test',
      `--conf-file=${path.join(dir, 'dnsmasq.conf')}`,
    ]);
    expect(check.status, check.stderr).toBe(0);
    const live = pole.nft('list', 'table', 'inet', 'tiang');
    expect(live).toContain('allowed_clients');
    expect(live).toMatch(/masquerade/);
  });
});

import { describe, expect, it } from 'vitest';
import { isTiangError } from '../../../core/index.js';
import {
  checkHostapdConf,
  checkHotspotEnv,
  dnsmasqConf,
  generateNetworkConf,
  type HotspotNetwork,
  hostapdConf,
  hotspotEnv,
  nftRuleset,
} from '../../../hotspot/netconf/index.js';
import { NETWORK, net } from './network-fixture.js';

const CONF_DIR = '/var/lib/tiang/hotspot';

/** The error a call throws (or undefined). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return undefined;
}

const lines = (text: string) => text.split('\n');
const ssidOf = (conf: string) =>
  Buffer.from(/^ssid2=([0-9a-f]+)$/m.exec(conf)?.[1] ?? '', 'hex').toString('utf8');

describe('hostapd.conf', () => {
  it('describes an open access point, with client isolation asked and the regulatory country', () => {
    const conf = hostapdConf(NETWORK);
    for (const line of [
      'interface=wlan0',
      'driver=nl80211',
      'utf8_ssid=1',
      'country_code=ID',
      'ieee80211d=1',
      'hw_mode=g',
      'channel=6',
      'max_num_sta=20',
      'auth_algs=1',
      'ignore_broadcast_ssid=0',
      'ap_isolate=1',
      'wmm_enabled=1',
    ]) {
      expect(lines(conf), line).toContain(line);
    }
    expect(conf).not.toMatch(/^wpa/m);
    expect(conf).toMatch(/built-in chip[\s\S]*ignores it[\s\S]*nft/);
    expect(ssidOf(conf)).toBe('Blitar-WiFi-Gratis');
    expect(conf.endsWith('\n')).toBe(true);
    expect(checkHostapdConf(conf)).toEqual({ ok: true });
  });

  it('sets WPA2-PSK with CCMP and the passphrase', () => {
    const conf = hostapdConf(net({ security: { mode: 'wpa2', passphrase: 'Kota Blitar 2024!' } }));
    for (const line of [
      'wpa=2',
      'wpa_key_mgmt=WPA-PSK',
      'rsn_pairwise=CCMP',
      'wpa_passphrase=Kota Blitar 2024!',
    ]) {
      expect(lines(conf)).toContain(line);
    }
    expect(checkHostapdConf(conf)).toEqual({ ok: true });
  });

  it('takes a UTF-8 SSID up to 32 bytes, and refuses one byte more naming the SSID', () => {
    expect(ssidOf(hostapdConf(net({ ssid: 'Wi-Fi Gratis Alun-alun ☕' })))).toBe('Wi-Fi Gratis Alun-alun ☕');
    const full = 'é'.repeat(16); // 32 bytes
    expect(ssidOf(hostapdConf(net({ ssid: full })))).toBe(full);
    const err = thrown(() => hostapdConf(net({ ssid: `${full}a` })));
    expect(isTiangError(err) && err.code).toBe('HOTSPOT_CONF_INVALID');
    expect((err as Error).message).toMatch(
      /^hotspot network: ssid .* is 33 bytes of UTF-8; an SSID holds at most 32$/,
    );
  });

  it('refuses an SSID with a newline or any control character, so no line can be added', () => {
    for (const ssid of [
      'Gratis\nchannel=1',
      'Gratis\r',
      'Gratis\u0000',
      'Gratis\u001b[0m',
      'Gratis\u0085',
      '',
    ]) {
      expect(() => hostapdConf(net({ ssid })), JSON.stringify(ssid)).toThrow(/^hotspot network: ssid /);
    }
  });

  it('picks the band from the channel and refuses channels of neither band', () => {
    expect(hostapdConf(net({ channel: 1 }))).toMatch(/^hw_mode=g\nchannel=1$/m);
    expect(hostapdConf(net({ channel: 13 }))).toMatch(/^hw_mode=g\nchannel=13$/m);
    expect(hostapdConf(net({ channel: 36 }))).toMatch(/^hw_mode=a\nchannel=36$/m);
    expect(hostapdConf(net({ channel: 165 }))).toMatch(/^hw_mode=a\nchannel=165$/m);
    expect(hostapdConf(net({ channel: 36 }))).not.toMatch(/ieee80211h/);
    expect(hostapdConf(net({ channel: 100 }))).toMatch(/^ieee80211h=1$/m);
    for (const [channel, why] of [
      [0, /0 is not a Wi-Fi channel/],
      [14, /14 is allowed in Japan only/],
      [20, /20 is in neither band/],
      [37, /37 is not a 5 GHz channel/],
      [68, /68 is not a 5 GHz channel/],
      [166, /166 is not a Wi-Fi channel/],
      [6.5, /6.5 is not a Wi-Fi channel/],
      ['6', /"6" is not a Wi-Fi channel/],
    ] as const) {
      expect(() => hostapdConf(net({ channel: channel as number })), String(channel)).toThrow(
        new RegExp(`^hotspot network: channel ${why.source}`),
      );
    }
  });

  it('refuses a WPA2 passphrase that is not 8 to 63 printable ASCII characters', () => {
    for (const passphrase of ['short12', 'x'.repeat(64), 'kata sandi\n', 'kata-sandi-ü', 'tab\there!']) {
      expect(
        () => hostapdConf(net({ security: { mode: 'wpa2', passphrase } })),
        JSON.stringify(passphrase),
      ).toThrow(/^hotspot network: security\.passphrase must be 8 to 63 printable ASCII/);
    }
    expect(() => hostapdConf(net({ security: { mode: 'wep' } as never }))).toThrow(
      /^hotspot network: security\.mode "wep" must be "open" or "wpa2"/,
    );
  });

  it('refuses a country that is not two capital letters, and a client limit out of range', () => {
    expect(() => hostapdConf(net({ country: 'id' }))).toThrow(/^hotspot network: country "id"/);
    expect(() => hostapdConf(net({ country: 'ID\nchannel=1' }))).toThrow(/^hotspot network: country/);
    expect(() => hostapdConf(net({ maxClients: 0 }))).toThrow(/^hotspot network: maxClients 0 must be/);
    expect(() => hostapdConf(net({ maxClients: 2008 }))).toThrow(/^hotspot network: maxClients/);
  });

  it('checks hostapd.conf text: a stray line, a missing key or a duplicated key is reported', () => {
    const conf = hostapdConf(NETWORK);
    expect(checkHostapdConf(`${conf}not a setting\n`)).toMatchObject({
      ok: false,
      error: /is not key=value/,
    });
    expect(checkHostapdConf(conf.replace(/^channel=6\n/m, ''))).toEqual({
      ok: false,
      error: 'channel is missing',
    });
    expect(checkHostapdConf(`${conf}channel=11\n`)).toMatchObject({
      ok: false,
      error: /channel is set twice/,
    });
    expect(checkHostapdConf(`${conf}wpa=2\nwpa_passphrase=short\n`)).toMatchObject({ ok: false });
  });
});

describe('dnsmasq.conf', () => {
  it('serves DHCP and DNS on the hotspot interface only, with option 114 and files in the conf dir', () => {
    const conf = dnsmasqConf(NETWORK, { confDir: CONF_DIR });
    for (const line of [
      'interface=wlan0',
      'bind-interfaces',
      'except-interface=lo',
      'no-resolv',
      'server=1.1.1.1',
      'server=8.8.8.8',
      'dhcp-range=10.42.0.10,10.42.0.250,255.255.255.0,120m',
      'dhcp-option=option:router,10.42.0.1',
      'dhcp-option=option:dns-server,10.42.0.1',
      'dhcp-option-force=114,"http://10.42.0.1/captive-portal/api"',
      'dhcp-authoritative',
      'domain-needed',
      'bogus-priv',
      'no-hosts',
      'dhcp-leasefile=/var/lib/tiang/hotspot/dnsmasq.leases',
      'pid-file=/var/lib/tiang/hotspot/dnsmasq.pid',
      'log-facility=-',
      'cache-size=1000',
    ]) {
      expect(lines(conf), line).toContain(line);
    }
  });

  it('uses resolv.conf when no DNS servers are given', () => {
    for (const dnsServers of [undefined, []]) {
      const conf = dnsmasqConf(net({ dnsServers }), { confDir: CONF_DIR });
      expect(conf).not.toMatch(/^(no-resolv|server=)/m);
      expect(conf).toMatch(/resolv\.conf/);
    }
  });

  it('takes the netmask from the prefix length', () => {
    const conf = dnsmasqConf(
      net({ prefixLength: 22, dhcpRange: { start: '10.42.0.10', end: '10.42.3.250' } }),
      {
        confDir: CONF_DIR,
      },
    );
    expect(lines(conf)).toContain('dhcp-range=10.42.0.10,10.42.3.250,255.255.252.0,120m');
  });

  it('refuses an API URL that would break the quoted option', () => {
    for (const apiUrl of [
      'http://10.42.0.1/api"\ndhcp-range=1.2.3.4',
      'http://10.42.0.1/a"b',
      'http://10.42.0.1/a\\b',
      'http://10.42.0.1/a b',
      'http://10.42.0.1/a,b',
      'http://10.42.0.1/a#b',
      'ftp://10.42.0.1/api',
      'not a url',
      `https://portal.example/${'a'.repeat(250)}`,
    ]) {
      expect(() => dnsmasqConf(net({ apiUrl }), { confDir: CONF_DIR }), apiUrl).toThrow(
        /^hotspot network: apiUrl /,
      );
    }
  });

  it('refuses a DHCP range outside the network, reversed, or holding the pole address', () => {
    const bad: [HotspotNetwork['dhcpRange'], RegExp][] = [
      [
        { start: '10.42.1.10', end: '10.42.0.250' },
        /dhcpRange\.start 10\.42\.1\.10 is outside 10\.42\.0\.0\/24/,
      ],
      [{ start: '10.42.0.10', end: '10.43.0.250' }, /dhcpRange\.end 10\.43\.0\.250 is outside/],
      [{ start: '10.42.0.200', end: '10.42.0.100' }, /dhcpRange\.end 10\.42\.0\.100 comes before/],
      [{ start: '10.42.0.1', end: '10.42.0.100' }, /dhcpRange .* includes the pole's own address/],
      [{ start: '10.42.0.10', end: '10.42.0.255' }, /dhcpRange .* network or broadcast/],
      [
        { start: '10.42.0.10', end: '10.42.0.250\n' },
        /dhcpRange\.end "10\.42\.0\.250\\n" is not an IPv4 address/,
      ],
    ];
    for (const [dhcpRange, why] of bad) {
      expect(() => dnsmasqConf(net({ dhcpRange }), { confDir: CONF_DIR })).toThrow(why);
    }
  });

  it('refuses bad DNS servers, lease time and conf dir, naming each', () => {
    expect(() => dnsmasqConf(net({ dnsServers: ['1.1.1.1', '8.8.8'] }), { confDir: CONF_DIR })).toThrow(
      /^hotspot network: dnsServers\[1\] "8\.8\.8" is not an IPv4 address/,
    );
    expect(() => dnsmasqConf(net({ leaseMinutes: 1 }), { confDir: CONF_DIR })).toThrow(
      /^hotspot network: leaseMinutes 1 must be a whole number from 2/,
    );
    for (const confDir of ['relative/dir', '/var/lib/tiang hotspot', '/var/lib/tiang\n/x', '/a#b']) {
      expect(() => dnsmasqConf(NETWORK, { confDir }), confDir).toThrow(/^hotspot network: confDir /);
    }
  });
});

describe('every field is checked before anything is made', () => {
  const cases: [string, Partial<HotspotNetwork>][] = [
    ['interface', { interface: 'wlan0\nchannel=1' }],
    ['interface', { interface: 'wlan0" accept' }],
    ['interface', { interface: 'a-very-long-name0' }],
    ['interface', { interface: '' }],
    ['uplinkInterface', { uplinkInterface: 'eth0; flush ruleset' }],
    ['uplinkInterface', { uplinkInterface: 'wlan0' }],
    ['address', { address: '10.42.0.256' }],
    ['address', { address: '10.42.0.0' }],
    ['address', { address: 'fe80::1' }],
    ['prefixLength', { prefixLength: 31 }],
    ['prefixLength', { prefixLength: 24.5 }],
    ['dhcpRange.start', { dhcpRange: { start: 'x', end: '10.42.0.250' } }],
    ['leaseMinutes', { leaseMinutes: 0 }],
    ['channel', { channel: 15 }],
    ['country', { country: 'IDN' }],
    ['dnsServers[0]', { dnsServers: ['1.1.1.1 '] }],
    ['apiUrl', { apiUrl: 'http://x/\n' }],
    ['portalPort', { portalPort: 0 }],
    ['portalPort', { portalPort: 65536 }],
    ['ssid', { ssid: 'a\nb' }],
    ['security.passphrase', { security: { mode: 'wpa2', passphrase: '1234567' } }],
    ['maxClients', { maxClients: -1 }],
    ['downKbps', { downKbps: 0 }],
    ['upKbps', { upKbps: 1.5 }],
    ['table', { table: 'tiang; flush ruleset' }],
    ['table', { table: '1tiang' }],
  ];
  for (const [field, over] of cases) {
    it(`refuses a bad ${field} (${JSON.stringify(Object.values(over)[0])}) with a TiangError naming it`, () => {
      const err = thrown(() => generateNetworkConf(net(over), { confDir: CONF_DIR }));
      expect(isTiangError(err), String(err)).toBe(true);
      expect((err as { code: string }).code).toBe('HOTSPOT_CONF_INVALID');
      expect((err as Error).message.startsWith(`hotspot network: ${field} `), (err as Error).message).toBe(
        true,
      );
      expect((err as { fix: { id: string; en: string } }).fix.en).toContain(field.replace(/\[\d+\]$/, ''));
    });
  }
});

describe('hotspot.env and the whole set', () => {
  it('gives tiang-hostapd.service the interface and the pole address with its prefix', () => {
    const env = hotspotEnv(NETWORK);
    expect(lines(env)).toContain('TIANG_HOTSPOT_IFACE=wlan0');
    expect(lines(env)).toContain('TIANG_HOTSPOT_CIDR=10.42.0.1/24');
    expect(checkHotspotEnv(env)).toEqual({ ok: true });
    expect(checkHotspotEnv('X=$(reboot)\n')).toMatchObject({ ok: false });
  });

  it('makes the four files, the ruleset the same as nftRuleset makes', () => {
    const files = generateNetworkConf(NETWORK, { confDir: CONF_DIR });
    expect(Object.keys(files).sort()).toEqual(['dnsmasq.conf', 'hostapd.conf', 'hotspot.env', 'hotspot.nft']);
    expect(files['hotspot.nft']).toBe(nftRuleset(NETWORK));
  });

  it('accepts the simulator network (loopback address, made-up interface)', () => {
    const sim = net({
      interface: 'sim0',
      address: '127.0.0.1',
      dhcpRange: { start: '127.0.0.10', end: '127.0.0.250' },
      uplinkInterface: undefined,
      apiUrl: 'http://127.0.0.1:8081/captive-portal/api',
    });
    expect(() => generateNetworkConf(sim, { confDir: '/tmp/tiang/var/sim/hotspot' })).not.toThrow();
  });
});

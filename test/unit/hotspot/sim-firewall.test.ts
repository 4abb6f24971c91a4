import { describe, expect, it } from 'vitest';
import { isTiangError } from '../../../core/index.js';
import { assertIpv4, normaliseMac, SimFirewall } from '../../../hotspot/index.js';

function manualClock(start = 1_700_000_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('client address checks', () => {
  it('normalises MACs to lower case with colons', () => {
    expect(normaliseMac('AA:BB:CC:0D:0E:0F')).toBe('aa:bb:cc:0d:0e:0f');
    expect(normaliseMac('da-bb-cc-dd-ee-ff')).toBe('da:bb:cc:dd:ee:ff');
  });

  it('refuses bad MACs with a TiangError that names the value', () => {
    for (const [bad, why] of [
      ['aa:bb:cc:dd:ee', /"aa:bb:cc:dd:ee" is not a MAC/],
      ['aa:bb:cc:dd:ee:fg', /"aa:bb:cc:dd:ee:fg" is not a MAC/],
      ['aa:bb:cc:dd:ee:ff; flush ruleset', /not a MAC/],
      ['00:00:00:00:00:00', /empty address/],
      ['ff:ff:ff:ff:ff:ff', /multicast/],
      ['01:00:5e:00:00:01', /multicast/],
    ] as const) {
      let caught: unknown;
      try {
        normaliseMac(bad);
      } catch (err) {
        caught = err;
      }
      expect(isTiangError(caught) && caught.code).toBe('FIREWALL_BAD_CLIENT');
      expect((caught as Error).message).toMatch(why);
    }
  });

  it('accepts dotted-quad IPv4 and refuses anything else, naming it', () => {
    expect(assertIpv4('10.42.0.17')).toBe('10.42.0.17');
    expect(assertIpv4('0.0.0.0')).toBe('0.0.0.0');
    for (const bad of ['10.42.0.256', '10.42.0', '010.42.0.1', '10.42.0.1 ', 'fe80::1', '10.42.0.1/24']) {
      expect(() => assertIpv4(bad)).toThrow(`"${bad}" is not an IPv4 address`);
    }
  });
});

describe('SimFirewall', () => {
  it('allows a client until its timeout passes on the clock', async () => {
    const clock = manualClock();
    const fw = new SimFirewall(clock);
    await fw.init();
    await fw.allow({ mac: 'DA:BB:CC:DD:EE:01', ip: '10.42.0.17', timeoutS: 60 });
    expect(await fw.list()).toEqual([
      {
        mac: 'da:bb:cc:dd:ee:01',
        ip: '10.42.0.17',
        expiresAt: clock.now() + 60_000,
        bytesUp: 0,
        bytesDown: 0,
      },
    ]);
    clock.advance(59_999);
    expect(await fw.list()).toHaveLength(1);
    clock.advance(1);
    expect(await fw.list()).toEqual([]);
  });

  it('restarts the timeout when the same client is allowed again', async () => {
    const clock = manualClock();
    const fw = new SimFirewall(clock);
    await fw.init();
    await fw.allow({ mac: 'da:bb:cc:dd:ee:01', ip: '10.42.0.17', timeoutS: 60 });
    clock.advance(50_000);
    await fw.allow({ mac: 'da:bb:cc:dd:ee:01', ip: '10.42.0.17', timeoutS: 60 });
    clock.advance(50_000);
    expect(await fw.list()).toEqual([
      {
        mac: 'da:bb:cc:dd:ee:01',
        ip: '10.42.0.17',
        expiresAt: clock.now() + 10_000,
        bytesUp: 0,
        bytesDown: 0,
      },
    ]);
  });

  it('names a client by MAC and IP together, and revokes idempotently', async () => {
    const fw = new SimFirewall(manualClock());
    await fw.init();
    await fw.allow({ mac: 'da:bb:cc:dd:ee:01', ip: '10.42.0.17', timeoutS: 60 });
    await fw.allow({ mac: 'da:bb:cc:dd:ee:01', ip: '10.42.0.18', timeoutS: 60 });
    await fw.revoke({ mac: 'DA:BB:CC:DD:EE:01', ip: '10.42.0.17' });
    await fw.revoke({ mac: 'da:bb:cc:dd:ee:01', ip: '10.42.0.17' });
    expect((await fw.list()).map((c) => c.ip)).toEqual(['10.42.0.18']);
  });

  it('applies a network as NftFirewall would: the same values refused, clients kept', async () => {
    const fw = new SimFirewall(manualClock());
    await fw.init();
    await fw.allow({ mac: 'da:bb:cc:dd:ee:01', ip: '10.42.0.17', timeoutS: 60 });
    const network = {
      interface: 'wlan0',
      address: '10.42.0.1',
      prefixLength: 24,
      portalPort: 8081,
      upKbps: 1000,
    };
    await fw.apply(network);
    expect(fw.appliedNetwork?.network).toEqual(network);
    expect(fw.appliedNetwork?.ruleset).toContain('table inet tiang {');
    await expect(fw.apply({ ...network, interface: 'wlan0"; flush ruleset' })).rejects.toMatchObject({
      code: 'HOTSPOT_CONF_INVALID',
      message: expect.stringMatching(/^hotspot network: interface /),
    });
    await expect(fw.apply({ ...network, upKbps: 0 })).rejects.toThrow(/^hotspot network: upKbps 0 /);
    expect(fw.appliedNetwork?.network).toEqual(network);
    expect(await fw.list()).toHaveLength(1);
  });

  it('counts traffic of allowed clients only', async () => {
    const fw = new SimFirewall(manualClock());
    await fw.init();
    await fw.allow({ mac: 'da:bb:cc:dd:ee:01', ip: '10.42.0.17', timeoutS: 60 });
    fw.addTraffic({ mac: 'DA:BB:CC:DD:EE:01', ip: '10.42.0.17' }, 100, 2000);
    fw.addTraffic({ mac: 'da:bb:cc:dd:ee:02', ip: '10.42.0.17' }, 5, 5);
    expect(await fw.list()).toMatchObject([{ bytesUp: 100, bytesDown: 2000 }]);
  });

  it('refuses bad input and use before init or after close', async () => {
    const fw = new SimFirewall(manualClock());
    await expect(fw.allow({ mac: 'da:bb:cc:dd:ee:01', ip: '10.42.0.17', timeoutS: 60 })).rejects.toThrow(
      /before init/,
    );
    await fw.init();
    await expect(fw.allow({ mac: 'nope', ip: '10.42.0.17', timeoutS: 60 })).rejects.toThrow(
      /"nope" is not a MAC/,
    );
    await expect(fw.allow({ mac: 'da:bb:cc:dd:ee:01', ip: '10.42.0.17', timeoutS: 0 })).rejects.toThrow(
      RangeError,
    );
    await fw.close();
    await expect(fw.list()).rejects.toThrow(/closed/);
    await expect(
      fw.apply({ interface: 'wlan0', address: '10.42.0.1', prefixLength: 24, portalPort: 80 }),
    ).rejects.toThrow(/closed/);
  });
});

import { describe, expect, it } from 'vitest';
import { linkFailureKind } from '../../../agent/admin/guided-tests.js';
import { amplifierPowerCycle } from '../../../agent/self-tests.js';
import { type AmplifierControl, AmpSequencer } from '../../../audio/index.js';
import { silentLogger, systemClock } from '../../../core/index.js';

function rig(timings: { supplyMs?: number; warmMs?: number } = {}) {
  const lines = { supply: false, enabled: false, muted: true };
  const amp: AmplifierControl = {
    hasSupplyRelay: true,
    setSupply: (on) => {
      lines.supply = on;
    },
    setEnabled: (on) => {
      lines.enabled = on;
    },
    setMuted: (m) => {
      lines.muted = m;
    },
    read: () => ({ ...lines }),
  };
  const sequencer = new AmpSequencer(
    amp,
    { supplyMs: 30, warmMs: 20, prerollMs: 20, switchPrerollMs: 10, tailMs: 20, holdMs: 10_000, ...timings },
    systemClock,
    silentLogger(),
  );
  let playing = false;
  const player = { nowPlaying: () => (playing ? ({} as never) : undefined) };
  return { lines, sequencer, player, setPlaying: (p: boolean) => (playing = p) };
}

describe('amplifierPowerCycle', () => {
  it('takes the amplifier through its whole sequence, muted, and leaves it off', async () => {
    const { sequencer, player, lines } = rig();
    const r = await amplifierPowerCycle({ sequencer, player }, 1000);
    expect(r).toMatchObject({ outcome: 'ok', states: ['powering', 'warming', 'ready', 'off'] });
    expect(r.outcome === 'ok' && r.readyMs).toBeGreaterThanOrEqual(45);
    expect(lines).toEqual({ supply: false, enabled: false, muted: true });
    expect(sequencer.state).toBe('off');
  });

  it('from hold, switches off first so the cycle is whole', async () => {
    const { sequencer, player } = rig();
    await sequencer.ensureReady();
    sequencer.release();
    expect(sequencer.state).toBe('hold');
    const r = await amplifierPowerCycle({ sequencer, player }, 1000);
    expect(r).toMatchObject({ outcome: 'ok', states: ['off', 'powering', 'warming', 'ready', 'off'] });
  });

  it('leaves a playing amplifier alone', async () => {
    const { sequencer, player, setPlaying } = rig();
    setPlaying(true);
    expect(await amplifierPowerCycle({ sequencer, player }, 1000)).toEqual({ outcome: 'busy' });
    expect(sequencer.state).toBe('off');
  });

  it('gives up after the timeout and switches off', async () => {
    const { sequencer, player, lines } = rig({ warmMs: 500 });
    const r = await amplifierPowerCycle({ sequencer, player }, 100);
    expect(r).toMatchObject({ outcome: 'timeout', states: ['powering', 'warming', 'off'] });
    expect(sequencer.state).toBe('off');
    expect(lines).toEqual({ supply: false, enabled: false, muted: true });
  });

  it('reports a forced off during the cycle as a fault with its cause', async () => {
    const { sequencer, player } = rig({ warmMs: 200 });
    setTimeout(() => sequencer.forceOff('lines disagree'), 60);
    const r = await amplifierPowerCycle({ sequencer, player }, 1000);
    expect(r).toMatchObject({ outcome: 'fault', cause: 'lines disagree' });
  });

  it('does not switch off an amplifier the player took over meanwhile', async () => {
    const { sequencer, player, setPlaying } = rig();
    setTimeout(() => setPlaying(true), 10);
    const r = await amplifierPowerCycle({ sequencer, player }, 1000);
    expect(r.outcome).toBe('ok');
    expect(sequencer.state).toBe('ready');
    sequencer.switchOff();
  });
});

describe('linkFailureKind', () => {
  it('tells a refusing broker, an unreachable one and a TLS failure apart', () => {
    expect(linkFailureKind('Connection refused: Not authorized')).toBe('refused');
    expect(linkFailureKind('Connection refused: Bad username or password')).toBe('refused');
    expect(linkFailureKind('connect ECONNREFUSED 127.0.0.1:1883')).toBe('unreachable');
    expect(linkFailureKind('getaddrinfo ENOTFOUND mqtt.example.id')).toBe('unreachable');
    expect(linkFailureKind('connack timeout')).toBe('unreachable');
    expect(linkFailureKind('self-signed certificate in certificate chain')).toBe('tls');
    expect(linkFailureKind('certificate has expired')).toBe('tls');
    expect(linkFailureKind("Hostname/IP does not match certificate's altnames")).toBe('tls');
    expect(linkFailureKind(undefined)).toBe('unknown');
    expect(linkFailureKind('something odd')).toBe('unknown');
  });
});

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amplifierControl } from '../../agent/subsystems/speaker.js';
import {
  AmpSequencer,
  type AmpTimings,
  AplayOutput,
  CANONICAL_FORMAT,
  Player,
  type PlayItem,
  type PlayRecord,
  SimMixer,
  wavPart,
  writeToneWav,
} from '../../audio/index.js';
import { silentLogger, systemClock } from '../../core/index.js';
import { AmplifierLines, SimGpioDriver } from '../../hardware/index.js';
import { writeRealtimeAplay } from '../helpers/realtime-aplay.js';

// The real GPIO-side classes (simulated lines), the real sequencer and player, real aplay.
const timings: AmpTimings = {
  supplyMs: 40,
  warmMs: 30,
  prerollMs: 40,
  switchPrerollMs: 20,
  tailMs: 40,
  holdMs: 100,
};
let dir: string;
let realtime: string;
let tone: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tiang-speaker-hw-'));
  realtime = writeRealtimeAplay(dir);
  tone = path.join(dir, 'tone.wav');
  await writeToneWav(tone, 600, 523);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function rig(aplay: { device: string; aplayPath?: string }) {
  const gpio = new SimGpioDriver(systemClock);
  const lines = new AmplifierLines(gpio, { amplifierEnable: 17, amplifierMute: 27, supplyRelay: 22 });
  const sequencer = new AmpSequencer(amplifierControl(lines), timings, systemClock, silentLogger());
  sequencer.start();
  const records: PlayRecord[] = [];
  const output = new AplayOutput({ ...aplay, clock: systemClock, log: silentLogger(), stopGraceMs: 200 });
  const player = new Player({
    clock: systemClock,
    output,
    mixer: new SimMixer(),
    sequencer,
    timings,
    log: silentLogger(),
    record: (r) => records.push(r),
  });
  /** Only the transitions after the lines were claimed and made safe. */
  const mark = gpio.transitions.length;
  const trace = () =>
    gpio.transitions
      .slice(mark)
      .map((t) => `${t.name.replace('amplifier-', '')}=${t.value}`)
      .filter((t, i, all) => t !== all[i - 1]);
  const finalSafe = () => expect(lines.state()).toEqual({ supply: 0, enable: 0, muted: true });
  return { gpio, lines, sequencer, player, records, trace, finalSafe };
}

async function item(over: Partial<PlayItem> = {}): Promise<PlayItem> {
  return {
    id: `i${Math.random().toString(36).slice(2, 8)}`,
    title: 'item',
    priority: 'program',
    source: 'test',
    format: CANONICAL_FORMAT,
    parts: [(await wavPart(tone, CANONICAL_FORMAT, 'tone')).part],
    ...over,
  };
}
const until = async (cond: () => boolean, ms = 8000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};
/** The whole way to "off": supply off is the last step of every path. */
const offAgain = (r: ReturnType<typeof rig>) =>
  until(() => r.lines.state().supply === 0 && r.sequencer.state === 'off');
const hasAplay = existsSync('/usr/bin/aplay');

describe('amplifier GPIO sequence on every way out of playback', () => {
  it.skipIf(!hasAplay)(
    'end of item (real aplay, ALSA null device): played, then disabled and powered off',
    async () => {
      // The null device swallows the stream at once, so the item ends before the unmute point:
      // the amplifier must then never be unmuted at all.
      const r = rig({ device: 'null' });
      r.player.submit(await item());
      await until(() => r.records.length === 1);
      await offAgain(r);
      expect(r.records[0]!.result).toBe('played');
      expect(r.trace()).toEqual(['supply=1', 'enable=1', 'enable=0', 'supply=0']);
      r.finalSafe();
      await r.player.shutdown();
    },
  );

  it('end of item on a real-time device: power, enable, unmute, mute, disable, power off', async () => {
    const r = rig({ device: 'null', aplayPath: realtime });
    r.player.submit(await item());
    await until(() => r.records.length === 1);
    await offAgain(r);
    expect(r.records[0]!.result).toBe('played');
    expect(r.trace()).toEqual(['supply=1', 'enable=1', 'mute=0', 'mute=1', 'enable=0', 'supply=0']);
    r.finalSafe();
    await r.player.shutdown();
  });

  it.skipIf(!hasAplay)(
    'error: a device that does not exist (real aplay) ends muted and disabled',
    async () => {
      const r = rig({ device: 'tiang_no_such_pcm' });
      r.player.submit(await item());
      await until(() => r.records.length >= 1);
      expect(r.records[0]).toMatchObject({ result: 'failed' });
      expect(r.records[0]!.cause).toMatch(/^device-missing/);
      await offAgain(r);
      r.finalSafe();
      await r.player.shutdown();
    },
  );

  it('preemption keeps the amplifier enabled across the switch and ends off', async () => {
    const r = rig({ device: 'null', aplayPath: realtime });
    r.player.submit(await item({ onCut: 'drop' }));
    await until(() => r.lines.state().muted === false);
    r.player.submit(await item({ priority: 'emergency', title: 'darurat' }));
    await until(() => r.records.length === 2);
    await offAgain(r);
    expect(r.records.map((x) => x.result)).toEqual(['cut', 'played']);
    expect(r.trace().filter((t) => t.startsWith('enable'))).toEqual(['enable=1', 'enable=0']);
    expect(r.trace()).toEqual([
      'supply=1',
      'enable=1',
      'mute=0',
      'mute=1',
      'mute=0',
      'mute=1',
      'enable=0',
      'supply=0',
    ]);
    r.finalSafe();
    await r.player.shutdown();
  });

  it('aplay crashing mid-item (SIGKILL) ends muted and disabled', async () => {
    const r = rig({ device: 'null', aplayPath: realtime });
    r.player.submit(await item());
    await until(() => r.lines.state().muted === false);
    const pid = spawnSync('pgrep', ['-n', '-f', realtime], { encoding: 'utf8' }).stdout.trim();
    expect(pid).toMatch(/^\d+$/);
    process.kill(Number(pid), 'SIGKILL');
    await until(() => r.records.length >= 1);
    // SIGKILL, or 137 when a python launcher shim stands between us and the process.
    expect(r.records[0]!.cause).toMatch(/SIGKILL|status 137/);
    await until(() => r.player.nowPlaying() === undefined && r.player.upcoming().length === 0, 5000);
    await offAgain(r);
    r.finalSafe();
    await r.player.shutdown();
  });

  it('agent stop mid-item ends muted, disabled and unpowered at once', async () => {
    const r = rig({ device: 'null', aplayPath: realtime });
    r.player.submit(await item());
    await until(() => r.lines.state().muted === false);
    await r.player.shutdown();
    r.finalSafe();
    expect(r.trace().slice(-3)).toEqual(['mute=1', 'enable=0', 'supply=0']);
    expect(r.records[0]!.result).toBe('stopped');
  });
});

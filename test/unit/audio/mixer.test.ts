import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmixerMixer, parseAmixerPercent, SimMixer } from '../../../audio/index.js';
import { isTiangError } from '../../../core/index.js';

const MONO_SOFTVOL = `Simple mixer control 'Master',0
  Capabilities: volume volume-joined
  Playback channels: Mono
  Capture channels: Mono
  Limits: 0 - 255
  Mono: 204 [80%]
`;
const PCM_MONO = `Simple mixer control 'PCM',0
  Capabilities: pvolume pvolume-joined pswitch pswitch-joined
  Playback channels: Mono
  Limits: Playback -10239 - 400
  Mono: Playback -2000 [73%] [-20.00dB] [on]
`;
const STEREO_WITH_CAPTURE = `Simple mixer control 'Line',0
  Capabilities: pvolume cvolume pswitch cswitch
  Playback channels: Front Left - Front Right
  Capture channels: Front Left - Front Right
  Limits: Playback 0 - 31 Capture 0 - 31
  Front Left: Playback 19 [61%] [on] Capture 31 [100%] [on]
  Front Right: Playback 19 [61%] [on] Capture 31 [100%] [on]
`;

describe('parseAmixerPercent', () => {
  it('reads the playback percentage and ignores limits and capture volumes', () => {
    expect(parseAmixerPercent(PCM_MONO)).toBe(73);
    expect(parseAmixerPercent(STEREO_WITH_CAPTURE)).toBe(61);
  });

  it('finds nothing in output without a playback volume', () => {
    expect(parseAmixerPercent(MONO_SOFTVOL)).toBeUndefined();
    expect(parseAmixerPercent('')).toBeUndefined();
  });
});

describe('SimMixer', () => {
  it('keeps the volume it was given, rounded to whole percent', async () => {
    const mixer = new SimMixer(40);
    expect(await mixer.getVolume()).toBe(40);
    await mixer.setVolume(65.4);
    expect(await mixer.getVolume()).toBe(65);
  });

  it('refuses volumes outside 0..100 with a RangeError and keeps the old one', async () => {
    const mixer = new SimMixer(50);
    for (const bad of [-1, 101, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(mixer.setVolume(bad)).rejects.toThrow(RangeError);
    }
    expect(await mixer.getVolume()).toBe(50);
    expect(() => new SimMixer(150)).toThrow(RangeError);
  });
});

describe('AmixerMixer', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tiang-amixer-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function fakeAmixer(stdout: string): { path: string; args: () => string[] } {
    const path = join(dir, `amixer-${Math.random().toString(36).slice(2)}`);
    const argsFile = `${path}.args`;
    writeFileSync(path, `#!/bin/sh\nprintf '%s\\n' "$@" > ${argsFile}\ncat <<'EOF'\n${stdout}EOF\n`);
    chmodSync(path, 0o755);
    return { path, args: () => readFileSync(argsFile, 'utf8').trim().split('\n') };
  }

  it('runs amixer -c <card> -M sget/sset <control> and parses the answer', async () => {
    const fake = fakeAmixer(PCM_MONO);
    const mixer = new AmixerMixer({ control: 'PCM', card: 'Headphones', amixerPath: fake.path });
    expect(await mixer.getVolume()).toBe(73);
    expect(fake.args()).toEqual(['-c', 'Headphones', '-M', 'sget', 'PCM']);
    await mixer.setVolume(42.6);
    expect(fake.args()).toEqual(['-c', 'Headphones', '-M', 'sset', 'PCM', '43%']);
  });

  it('refuses an invalid percent without running amixer', async () => {
    const fake = fakeAmixer(PCM_MONO);
    const mixer = new AmixerMixer({ control: 'PCM', amixerPath: fake.path });
    await expect(mixer.setVolume(120)).rejects.toThrow(RangeError);
    expect(() => fake.args()).toThrow(/ENOENT/);
  });

  it.skipIf(!existsSync('/usr/bin/amixer'))(
    'fails with a TiangError naming the control when amixer finds no card (real amixer)',
    async () => {
      const mixer = new AmixerMixer({ control: 'PCM', card: 'TiangNoSuchCard' });
      const err = await mixer.getVolume().catch((e: unknown) => e);
      expect(isTiangError(err)).toBe(true);
      expect((err as Error).message).toMatch(/amixer control "PCM" on card TiangNoSuchCard/);
    },
  );

  it('says to install alsa-utils when amixer is missing', async () => {
    const mixer = new AmixerMixer({ control: 'PCM', amixerPath: join(dir, 'no-amixer') });
    await expect(mixer.getVolume()).rejects.toMatchObject({ code: 'MIXER_AMIXER_MISSING' });
  });
});

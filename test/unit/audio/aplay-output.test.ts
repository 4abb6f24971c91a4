import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AplayOutput,
  classifyAplayFailure,
  readWavInfo,
  wavPart,
  writeToneWav,
} from '../../../audio/index.js';
import { silentLogger, systemClock } from '../../../core/index.js';

const hasAplay = existsSync('/usr/bin/aplay');
let dir: string;
let tone: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tiang-aplay-'));
  tone = join(dir, 'chime.wav');
  await writeToneWav(tone, 200, 880);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A stand-in for aplay: a shell script that behaves as one failure mode of the real thing. */
function fakeAplay(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

const output = (
  opts: { device?: string; aplayPath?: string; stopGraceMs?: number; hangGraceMs?: number } = {},
) => new AplayOutput({ device: opts.device ?? 'null', clock: systemClock, log: silentLogger(), ...opts });

describe('AplayOutput with the real aplay', () => {
  it.skipIf(!hasAplay)('completes on the ALSA null device', async () => {
    const result = await output().play(tone);
    expect(result).toMatchObject({ outcome: 'completed', underruns: 0 });
    expect(result.fault).toBeUndefined();
    expect(result.endedAt).toBeGreaterThanOrEqual(result.startedAt);
  });

  it.skipIf(!hasAplay)('reports a device that does not exist as device-missing', async () => {
    const result = await output({ device: 'tiang_no_such_pcm' }).play(tone);
    expect(result.outcome).toBe('failed');
    expect(result.fault).toMatchObject({ kind: 'device-missing', retryable: false });
    expect(result.fault?.message).toContain('tiang_no_such_pcm');
  });

  it('reports a missing aplay binary as aplay-missing', async () => {
    const result = await output({ aplayPath: join(dir, 'no-aplay-here') }).play(tone);
    expect(result.outcome).toBe('failed');
    expect(result.fault).toMatchObject({ kind: 'aplay-missing', retryable: false });
    expect(result.fault?.message).toMatch(/ENOENT.*alsa-utils/);
  });

  it('refuses a file that is not a WAV before running aplay (which would play it as noise)', async () => {
    const junk = join(dir, 'junk.wav');
    writeFileSync(junk, Buffer.alloc(1000, 0x55));
    const ran = join(dir, 'ran.txt');
    const result = await output({ aplayPath: fakeAplay('record-run', `touch ${ran}`) }).play(junk);
    expect(result.outcome).toBe('failed');
    expect(result.fault).toMatchObject({ kind: 'bad-file', retryable: false });
    expect(result.fault?.message).toContain(junk);
    expect(existsSync(ran)).toBe(false);
  });
});

describe('AplayOutput with a fake aplay', () => {
  it('runs aplay -D <device> -q -t wav - without a shell, and streams the WAV on stdin', async () => {
    const argsFile = join(dir, 'args.txt');
    const streamFile = join(dir, 'stream.wav');
    const aplayPath = fakeAplay('record-args', `printf '%s\\n' "$@" > ${argsFile}; cat > ${streamFile}`);
    const result = await output({ device: 'plughw:CARD=Device,DEV=0', aplayPath }).play(tone);
    expect(result.outcome).toBe('completed');
    expect(readFileSync(argsFile, 'utf8').split('\n').slice(0, 6)).toEqual([
      '-D',
      'plughw:CARD=Device,DEV=0',
      '-q',
      '-t',
      'wav',
      '-',
    ]);
    // A one-file program streams exactly the file (our writer makes the same 44-byte header).
    expect(readFileSync(streamFile).equals(readFileSync(tone))).toBe(true);
  });

  it('streams pre-roll silence, the file and tail silence as one WAV with the right length', async () => {
    const streamFile = join(dir, 'program.wav');
    const aplayPath = fakeAplay('record-program', `cat > ${streamFile}`);
    const { part, format } = await wavPart(tone);
    const program = {
      format,
      parts: [{ kind: 'silence' as const, ms: 100 }, part, { kind: 'silence' as const, ms: 50 }],
    };
    let startedAt = 0;
    const result = await output({ aplayPath }).play(program, { onStart: (at) => (startedAt = at) });
    expect(result.outcome).toBe('completed');
    expect(startedAt).toBeGreaterThan(0);
    const info = await readWavInfo(streamFile);
    expect(info.durationMs).toBeCloseTo(350, 0);
    const bytes = readFileSync(streamFile);
    const silence = bytes.subarray(info.dataOffset, info.dataOffset + 100 * 48 * 4);
    expect(silence.every((b) => b === 0)).toBe(true);
    const toneInfo = await readWavInfo(tone);
    const toneData = readFileSync(tone).subarray(toneInfo.dataOffset);
    expect(
      bytes
        .subarray(info.dataOffset + silence.length, info.dataOffset + silence.length + toneData.length)
        .equals(toneData),
    ).toBe(true);
  });

  it('counts underrun lines and still completes', async () => {
    const aplayPath = fakeAplay(
      'underrun',
      'echo "underrun!!! (at least 1.2 ms long)" >&2\nsleep 0.05\necho "underrun!!! (at least 3.4 ms long)" >&2',
    );
    const result = await output({ aplayPath }).play(tone);
    expect(result.outcome).toBe('completed');
    expect(result.underruns).toBe(2);
    expect(result.fault).toMatchObject({ kind: 'underrun', retryable: false });
    expect(result.fault?.message).toContain('at least 1.2 ms long');
  });

  it('classifies "Device or resource busy" as a retryable device-busy', async () => {
    const aplayPath = fakeAplay(
      'busy',
      'sleep 0.05\necho "aplay: main:831: audio open error: Device or resource busy" >&2\nexit 1',
    );
    const result = await output({ aplayPath }).play(tone);
    expect(result.outcome).toBe('failed');
    expect(result.fault).toMatchObject({ kind: 'device-busy', retryable: true });
  });

  it('classifies any other non-zero exit as exit-status with the last stderr line', async () => {
    const aplayPath = fakeAplay('other', 'echo "aplay: something odd" >&2\nexit 3');
    const result = await output({ aplayPath }).play(tone);
    expect(result.fault).toMatchObject({ kind: 'exit-status' });
    expect(result.fault?.message).toBe('aplay exited with status 3: aplay: something odd');
  });

  it('stops on abort with SIGTERM and reports stopped', async () => {
    const aplayPath = fakeAplay('sleeper', 'exec sleep 30');
    const controller = new AbortController();
    const started = Date.now();
    const playing = output({ aplayPath }).play(tone, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const result = await playing;
    expect(result.outcome).toBe('stopped');
    expect(result.fault).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('kills an aplay that ignores SIGTERM after the grace time', async () => {
    const aplayPath = fakeAplay('stubborn', "trap '' TERM\nwhile :; do sleep 0.05; done");
    const controller = new AbortController();
    const playing = output({ aplayPath, stopGraceMs: 150 }).play(tone, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 100));
    const abortedAt = Date.now();
    controller.abort();
    const result = await playing;
    expect(result.outcome).toBe('stopped');
    const took = Date.now() - abortedAt;
    expect(took).toBeGreaterThanOrEqual(140);
    expect(took).toBeLessThan(2_000);
  });

  it('does not start at all when the signal is already aborted', async () => {
    const ran = join(dir, 'ran-aborted.txt');
    const result = await output({ aplayPath: fakeAplay('record-aborted', `touch ${ran}`) }).play(tone, {
      signal: AbortSignal.abort(),
    });
    expect(result.outcome).toBe('stopped');
    expect(existsSync(ran)).toBe(false);
  });

  it('kills an aplay that hangs past the end of the file and reports it', async () => {
    const aplayPath = fakeAplay('hung', 'exec sleep 30');
    const result = await output({ aplayPath, hangGraceMs: 100 }).play(tone); // tone is 200 ms
    expect(result.outcome).toBe('failed');
    expect(result.fault).toMatchObject({ kind: 'exit-status', retryable: true });
    expect(result.fault?.message).toMatch(/still running 100 ms after the end/);
    expect(result.endedAt - result.startedAt).toBeGreaterThanOrEqual(290);
  });
});

describe('classifyAplayFailure', () => {
  const ctx = { device: 'hw:CARD=Amp', file: '/var/lib/tiang/content/a.wav' };
  const exit1 = { code: 1, signal: null };

  it('reads the real ALSA wording for missing cards and PCMs', () => {
    for (const line of [
      "ALSA lib confmisc.c:855:(parse_card) cannot find card '0'",
      'ALSA lib pcm.c:2666:(snd_pcm_open_noupdate) Unknown PCM nosuchdev',
      'aplay: main:831: audio open error: No such device',
    ]) {
      expect(classifyAplayFailure([line], exit1, ctx).kind).toBe('device-missing');
    }
  });

  it('tells a missing file apart from a missing device', () => {
    const fault = classifyAplayFailure([`${ctx.file}: No such file or directory`], exit1, ctx);
    expect(fault.kind).toBe('bad-file');
  });

  it('says which signal killed aplay when it was not us', () => {
    const fault = classifyAplayFailure([], { code: null, signal: 'SIGKILL' }, ctx);
    expect(fault).toMatchObject({ kind: 'exit-status', retryable: true });
    expect(fault.message).toMatch(/killed by SIGKILL/);
  });
});

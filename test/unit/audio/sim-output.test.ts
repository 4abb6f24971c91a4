import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimAudioOutput, writeSilenceWav } from '../../../audio/index.js';
import { systemClock } from '../../../core/index.js';

let dir: string;
let short: string;
let long: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tiang-simaudio-'));
  short = join(dir, 'short.wav');
  long = join(dir, 'long.wav');
  await writeSilenceWav(short, 120, { sampleRate: 8_000, channels: 1 });
  await writeSilenceWav(long, 5_000, { sampleRate: 8_000, channels: 1 });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('SimAudioOutput', () => {
  it('plays for the duration in the WAV header and records the play', async () => {
    const out = new SimAudioOutput({ clock: systemClock });
    const playing = out.play(short);
    await new Promise((r) => setTimeout(r, 20));
    expect(out.current()).toMatchObject({ file: short, durationMs: 120 });
    const result = await playing;
    expect(result.outcome).toBe('completed');
    const took = result.endedAt - result.startedAt;
    expect(took).toBeGreaterThanOrEqual(115);
    expect(took).toBeLessThan(1_000);
    expect(out.current()).toBeUndefined();
    expect(out.plays).toEqual([
      { file: short, startedAt: result.startedAt, endedAt: result.endedAt, outcome: 'completed' },
    ]);
  });

  it('stops when the signal aborts', async () => {
    const out = new SimAudioOutput({ clock: systemClock });
    const controller = new AbortController();
    const playing = out.play(long, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const result = await playing;
    expect(result.outcome).toBe('stopped');
    expect(result.endedAt - result.startedAt).toBeLessThan(1_000);
    expect(out.plays.at(-1)?.outcome).toBe('stopped');
    expect(out.current()).toBeUndefined();
  });

  it('fails a bad file as bad-file', async () => {
    const out = new SimAudioOutput({ clock: systemClock });
    const junk = join(dir, 'junk.wav');
    writeFileSync(junk, 'not a wav at all');
    const result = await out.play(junk);
    expect(result.outcome).toBe('failed');
    expect(result.fault).toMatchObject({ kind: 'bad-file', retryable: false });
    expect(result.fault?.message).toContain(junk);
  });

  it('fails the next play with a scripted fault, once', async () => {
    const out = new SimAudioOutput({ clock: systemClock });
    out.failNext({ kind: 'device-missing', message: 'card gone', retryable: false });
    const failed = await out.play(short);
    expect(failed).toMatchObject({
      outcome: 'failed',
      fault: { kind: 'device-missing', message: 'card gone' },
    });
    expect((await out.play(short)).outcome).toBe('completed');
    expect(out.plays.map((p) => p.outcome)).toEqual(['failed', 'completed']);
  });

  it('refuses a second play while one is running, like a device without dmix', async () => {
    const out = new SimAudioOutput({ clock: systemClock });
    const controller = new AbortController();
    const first = out.play(long, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 20));
    const second = await out.play(short);
    expect(second.fault).toMatchObject({ kind: 'device-busy', retryable: true });
    controller.abort();
    expect((await first).outcome).toBe('stopped');
  });
});

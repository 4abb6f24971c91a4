import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pcm16WavHeader, readWavInfo, writeSilenceWav, writeToneWav } from '../../../audio/index.js';
import { isTiangError } from '../../../core/index.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tiang-wav-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function chunk(id: string, body: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.write(id, 0, 'latin1');
  h.writeUInt32LE(body.length, 4);
  return Buffer.concat([h, body, body.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}

function fmtBody(f: {
  tag?: number;
  channels?: number;
  rate?: number;
  bits?: number;
  align?: number;
}): Buffer {
  const channels = f.channels ?? 2;
  const bits = f.bits ?? 16;
  const rate = f.rate ?? 48_000;
  const align = f.align ?? (channels * bits) / 8;
  const b = Buffer.alloc(16);
  b.writeUInt16LE(f.tag ?? 1, 0);
  b.writeUInt16LE(channels, 2);
  b.writeUInt32LE(rate, 4);
  b.writeUInt32LE(rate * align, 8);
  b.writeUInt16LE(align, 12);
  b.writeUInt16LE(bits, 14);
  return b;
}

function extensibleFmt(subFormat: number): Buffer {
  const ext = Buffer.alloc(24);
  ext.writeUInt16LE(22, 0); // cbSize
  ext.writeUInt16LE(16, 2); // valid bits
  ext.writeUInt32LE(3, 4); // channel mask FL|FR
  ext.writeUInt16LE(subFormat, 8);
  Buffer.from('000000001000800000aa00389b71', 'hex').copy(ext, 10);
  return Buffer.concat([fmtBody({ tag: 0xfffe }), ext]);
}

function riff(...chunks: Buffer[]): Buffer {
  const body = Buffer.concat([Buffer.from('WAVE', 'latin1'), ...chunks]);
  const h = Buffer.alloc(8);
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(body.length, 4);
  return Buffer.concat([h, body]);
}

function save(name: string, bytes: Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

async function refusal(file: string): Promise<string> {
  const err = await readWavInfo(file).catch((e: unknown) => e);
  expect(isTiangError(err) && err.code).toBe('WAV_INVALID');
  const message = (err as Error).message;
  expect(message).toContain(file);
  return message;
}

describe('readWavInfo', () => {
  it('reads a plain PCM file: format, and duration from the data size', async () => {
    // 0.5 s of 48 kHz stereo 16-bit = 96 000 bytes.
    const file = save('plain.wav', riff(chunk('fmt ', fmtBody({})), chunk('data', Buffer.alloc(96_000))));
    expect(await readWavInfo(file)).toEqual({
      file,
      formatTag: 1,
      channels: 2,
      sampleRate: 48_000,
      bitsPerSample: 16,
      blockAlign: 4,
      dataOffset: 44,
      dataBytes: 96_000,
      durationMs: 500,
    });
  });

  it('finds the fmt chunk after other chunks, skipping odd-sized chunks with their pad byte', async () => {
    const file = save(
      'list-first.wav',
      riff(
        chunk('LIST', Buffer.from('INFOISFT\x05\x00\x00\x00sox!!', 'latin1')),
        chunk('data', Buffer.alloc(2 * 22_050)),
        chunk('fmt ', fmtBody({ channels: 1, rate: 22_050 })),
      ),
    );
    const info = await readWavInfo(file);
    expect(info.channels).toBe(1);
    expect(info.durationMs).toBe(1000);
  });

  it('accepts WAVE_FORMAT_EXTENSIBLE with a PCM sub-format and refuses a float one', async () => {
    const pcm = save(
      'ext-pcm.wav',
      riff(chunk('fmt ', extensibleFmt(1)), chunk('data', Buffer.alloc(4_800))),
    );
    expect((await readWavInfo(pcm)).formatTag).toBe(0xfffe);
    const float = save(
      'ext-float.wav',
      riff(chunk('fmt ', extensibleFmt(3)), chunk('data', Buffer.alloc(4_800))),
    );
    expect(await refusal(float)).toMatch(/sub-format 0x3, not PCM/);
  });

  it('refuses files that are not RIFF/WAVE', async () => {
    expect(
      await refusal(save('mp3.wav', Buffer.from('ID3\x04\x00\x00\x00\x00\x00\x00more bytes here', 'latin1'))),
    ).toMatch(/not a RIFF file/);
    const avi = Buffer.from(riff(chunk('fmt ', fmtBody({}))));
    avi.write('AVI ', 8, 'latin1');
    expect(await refusal(save('avi.wav', avi))).toMatch(/not WAVE/);
    expect(await refusal(save('tiny.wav', Buffer.from('RIFF')))).toMatch(/truncated: only 4 bytes/);
  });

  it('refuses non-PCM formats, naming the format', async () => {
    const file = save(
      'float.wav',
      riff(chunk('fmt ', fmtBody({ tag: 3, bits: 32 })), chunk('data', Buffer.alloc(8))),
    );
    expect(await refusal(file)).toMatch(/format tag 0x3 \(IEEE float\) is not PCM/);
  });

  it('refuses a data chunk cut short (an interrupted download)', async () => {
    const whole = riff(chunk('fmt ', fmtBody({})), chunk('data', Buffer.alloc(4_000)));
    const file = save('cut.wav', whole.subarray(0, 1_000));
    expect(await refusal(file)).toMatch(/truncated: data chunk says 4000 bytes, the file holds 956/);
  });

  it('refuses zero channels, odd block align, odd sample sizes and missing chunks', async () => {
    expect(
      await refusal(
        save(
          'zero-ch.wav',
          riff(chunk('fmt ', fmtBody({ channels: 0, align: 0 })), chunk('data', Buffer.alloc(4))),
        ),
      ),
    ).toMatch(/zero channels/);
    expect(
      await refusal(
        save('align.wav', riff(chunk('fmt ', fmtBody({ align: 3 })), chunk('data', Buffer.alloc(6)))),
      ),
    ).toMatch(/block align 3 does not match 2 channels of 16 bits \(4\)/);
    expect(
      await refusal(
        save(
          'bits.wav',
          riff(chunk('fmt ', fmtBody({ bits: 12, align: 4 })), chunk('data', Buffer.alloc(4))),
        ),
      ),
    ).toMatch(/12 bits per sample/);
    expect(await refusal(save('nodata.wav', riff(chunk('fmt ', fmtBody({})))))).toMatch(/no data chunk/);
    expect(await refusal(save('nofmt.wav', riff(chunk('data', Buffer.alloc(4)))))).toMatch(/no fmt chunk/);
    expect(await refusal(join(dir, 'missing.wav'))).toMatch(/cannot open it/);
  });
});

describe('WAV writers', () => {
  it('writes silence that reads back with the requested length and format', async () => {
    const file = join(dir, 'silence.wav');
    await writeSilenceWav(file, 250, { sampleRate: 16_000, channels: 1 });
    const info = await readWavInfo(file);
    expect(info).toMatchObject({
      channels: 1,
      sampleRate: 16_000,
      bitsPerSample: 16,
      dataBytes: 8_000,
      durationMs: 250,
    });
    expect(
      readFileSync(file)
        .subarray(44)
        .every((b) => b === 0),
    ).toBe(true);
  });

  it('writes a tone that starts and ends silent and peaks near the asked amplitude', async () => {
    const file = join(dir, 'tone.wav');
    await writeToneWav(file, 100, 1_000, { sampleRate: 48_000, channels: 2, amplitude: 0.5, fadeMs: 5 });
    const info = await readWavInfo(file);
    expect(info.durationMs).toBe(100);
    const pcm = readFileSync(file).subarray(info.dataOffset);
    const left = Array.from({ length: pcm.length / 4 }, (_, i) => pcm.readInt16LE(i * 4));
    const right = Array.from({ length: pcm.length / 4 }, (_, i) => pcm.readInt16LE(i * 4 + 2));
    expect(right).toEqual(left);
    expect(left[0]).toBe(0);
    expect(left.at(-1)).toBe(0);
    const peak = Math.max(...left.map(Math.abs));
    expect(peak).toBeGreaterThan(0.49 * 32767);
    expect(peak).toBeLessThanOrEqual(Math.round(0.5 * 32767));
    // 1 kHz for 0.1 s: 100 rising zero crossings.
    let crossings = 0;
    for (let i = 1; i < left.length; i++) if (left[i - 1]! < 0 && left[i]! >= 0) crossings++;
    expect(crossings).toBeGreaterThanOrEqual(99);
    expect(crossings).toBeLessThanOrEqual(100);
  });

  it('builds a header readWavInfo accepts and refuses impossible tones', async () => {
    const file = save(
      'header.wav',
      Buffer.concat([pcm16WavHeader(2, 44_100, 44_100 * 4), Buffer.alloc(44_100 * 4)]),
    );
    expect((await readWavInfo(file)).durationMs).toBe(1000);
    expect(() => writeToneWav(join(dir, 'x.wav'), 100, 30_000, { sampleRate: 48_000 })).toThrow(RangeError);
    await expect(writeSilenceWav(join(dir, 'y.wav'), -1)).rejects.toThrow(RangeError);
  });
});

import { bi, errnoCode } from '../core/index.js';
import type { PcmFormat } from './pcm.js';
import { describeFailure, runTool } from './run-tool.js';

/** Why a conversion failed: the caller turns it into its own error code. */
export class SoxFailure extends Error {
  constructor(
    readonly missing: boolean,
    message: string,
  ) {
    super(message);
  }
}

export const installSoxFix = bi('Pasang sox: apt-get install sox', 'Install sox: apt-get install sox');

/**
 * Converts any WAV sox reads into `format` as 16-bit signed PCM WAV at `output` (whatever its
 * name ends in). Mono becomes the same sound on both channels; sox resamples and dithers.
 */
export async function soxConvert(
  input: string,
  output: string,
  format: PcmFormat,
  opts: { soxPath: string; timeoutMs: number },
): Promise<void> {
  const args = [
    '-V1',
    input,
    '-t',
    'wav',
    '-r',
    String(format.sampleRate),
    '-c',
    String(format.channels),
    '-b',
    String(format.bitsPerSample),
    '-e',
    'signed-integer',
    output,
  ];
  let result: Awaited<ReturnType<typeof runTool>>;
  try {
    result = await runTool(opts.soxPath, args, opts.timeoutMs);
  } catch (err) {
    throw new SoxFailure(true, `${opts.soxPath} cannot be run (${errnoCode(err) ?? (err as Error).message})`);
  }
  if (result.code !== 0) throw new SoxFailure(false, `sox failed: ${describeFailure(result)}`);
}

export const isSoxFailure = (err: unknown): err is SoxFailure => err instanceof SoxFailure;

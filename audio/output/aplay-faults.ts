import type { AudioFault } from './types.js';

const UNDERRUN = /underrun!!!/;
const BUSY = /Device or resource busy/i;
const DEVICE_MISSING = /audio open error|Unknown PCM|cannot find card|Cannot get card index|No such device/i;

/** Counts aplay's `underrun!!! (at least N ms long)` lines. */
export function countUnderruns(lines: readonly string[]): number {
  return lines.filter((l) => UNDERRUN.test(l)).length;
}

/**
 * Turns a failed aplay run (non-zero exit, or killed by someone else) into a fault.
 * aplay says little: its exit status only tells whether ALSA took the stream, so the
 * kind comes from the words on stderr.
 */
export function classifyAplayFailure(
  lines: readonly string[],
  exit: { code: number | null; signal: NodeJS.Signals | null },
  ctx: { device: string; file: string },
): AudioFault {
  const meaningful = lines.filter((l) => l.trim() !== '' && !UNDERRUN.test(l));
  const last = meaningful.at(-1) ?? '(no message)';
  const busy = meaningful.find((l) => BUSY.test(l));
  if (busy) {
    return {
      kind: 'device-busy',
      message: `ALSA device ${ctx.device} is busy (another player holds it): ${busy}`,
      retryable: true,
    };
  }
  const missing = meaningful.find((l) => DEVICE_MISSING.test(l));
  if (missing) {
    return {
      kind: 'device-missing',
      message: `ALSA device ${ctx.device} not found: ${missing}`,
      retryable: false,
    };
  }
  // aplay names the file first when the file itself is the problem ("x.wav: No such file or directory").
  const fileLine = meaningful.find((l) => l.startsWith(`${ctx.file}:`));
  if (fileLine)
    return { kind: 'bad-file', message: `aplay could not read ${ctx.file}: ${fileLine}`, retryable: false };
  if (exit.signal) {
    return { kind: 'exit-status', message: `aplay was killed by ${exit.signal}: ${last}`, retryable: true };
  }
  return { kind: 'exit-status', message: `aplay exited with status ${exit.code}: ${last}`, retryable: false };
}

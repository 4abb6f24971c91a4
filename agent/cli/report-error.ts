import { isTiangError } from '../../core/index.js';

/** Exit status for a bad config, so systemd can be told not to restart on it (RestartPreventExitStatus=78). */
export const EXIT_CONFIG = 78;

/** One clear message on stderr: what is wrong, then how to fix it in Indonesian and English. */
export function reportStartError(err: unknown, what = 'start'): number {
  if (isTiangError(err)) {
    process.stderr.write(
      `tiang: cannot ${what}: ${err.message}\n  Perbaikan: ${err.fix.id}\n  Fix: ${err.fix.en}\n`,
    );
    return err.code.startsWith('CONFIG_') ? EXIT_CONFIG : 1;
  }
  process.stderr.write(`tiang: cannot ${what}: unexpected error: ${(err as Error)?.stack ?? String(err)}\n`);
  return 1;
}

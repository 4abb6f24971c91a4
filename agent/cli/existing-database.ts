import { existsSync } from 'node:fs';
import path from 'node:path';
import { createRootLogger, systemClock } from '../../core/index.js';
import { type Db, openDatabase } from '../../store/index.js';
import type { TiangConfig } from '../config/index.js';

/**
 * The pole's database for a CLI command, or undefined (with the reason on stderr) when the
 * agent has not created it yet. CLI commands never create it: a root shell must not leave a
 * root-owned database behind for the agent.
 */
export function openExistingDatabase(config: TiangConfig): Db | undefined {
  const file = path.join(config.dataDir, 'tiang.db');
  if (!existsSync(file)) {
    process.stderr.write(
      `tiang: ${file} does not exist yet. Start the agent once first (systemctl start tiang-agent).\n` +
        `tiang: ${file} belum ada. Jalankan agen sekali dulu.\n`,
    );
    return undefined;
  }
  return openDatabase(file, { clock: systemClock, log: createRootLogger('warn') });
}

import { createInterface } from 'node:readline';
import { systemClock } from '../../core/index.js';
import { AuditLog, SettingsRepo } from '../../store/index.js';
import { AdminAuth, isValidPin } from '../admin/index.js';
import { loadConfig } from '../config/index.js';
import { resolveConfigPath } from './config-path.js';
import { openExistingDatabase } from './existing-database.js';
import { reportStartError } from './report-error.js';

/** Asks for lines one by one from one reader (piped input keeps its later lines); on a terminal nothing is echoed. */
function secretPrompter() {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: process.stdin.isTTY });
  const lines = rl[Symbol.asyncIterator]();
  const muted = rl as unknown as { _writeToOutput?: (s: string) => void };
  if (process.stdin.isTTY) muted._writeToOutput = () => {};
  return {
    async ask(prompt: string): Promise<string> {
      process.stderr.write(prompt);
      const next = await lines.next();
      if (process.stdin.isTTY) process.stderr.write('\n');
      return next.done ? '' : String(next.value).trim();
    },
    close: () => rl.close(),
  };
}

/**
 * `tiang admin set-pin`: set the technician PIN (6–12 digits) in the pole's database.
 * Works while the agent runs (SQLite WAL); refuses to create a database of its own, so
 * a root shell cannot leave a root-owned file behind for the agent.
 */
export async function runSetPin(args: { config?: string; sim: boolean }): Promise<number> {
  try {
    const { config } = loadConfig(resolveConfigPath(args.config, args.sim), { simulate: args.sim });
    const db = openExistingDatabase(config);
    if (!db) return 1;
    try {
      const prompter = secretPrompter();
      const pin = await prompter.ask('PIN baru / new PIN (6–12 angka/digits): ');
      const again = isValidPin(pin) ? await prompter.ask('Ulangi PIN / repeat the PIN: ') : '';
      prompter.close();
      if (!isValidPin(pin)) {
        process.stderr.write('tiang: PIN harus 6–12 angka / the PIN must be 6 to 12 digits\n');
        return 1;
      }
      if (again !== pin) {
        process.stderr.write('tiang: PIN tidak sama / the two PINs differ\n');
        return 1;
      }
      await new AdminAuth(
        new SettingsRepo(db, systemClock),
        new AuditLog(db, systemClock),
        systemClock,
      ).setPin(pin, 'cli');
    } finally {
      db.close();
    }
    process.stdout.write('PIN tersimpan / PIN saved\n');
    return 0;
  } catch (err) {
    return reportStartError(err, 'set the PIN');
  }
}

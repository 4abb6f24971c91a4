import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { type Logger, packageRoot } from '../../core/index.js';
import type { DesiredStateRepo } from '../../store/index.js';
import { type AdminAuth, randomPin } from '../admin/index.js';

export const demoDesiredFile = (): string => path.join(packageRoot(), 'deploy', 'sim', 'demo-desired.yaml');

/**
 * First start of the simulator: apply the Blitar demo desired state, as if the control
 * room had sent it. A pole that already has a desired state keeps it.
 */
export function seedDemoDesired(desired: DesiredStateRepo, log: Logger): boolean {
  if (desired.current()) return false;
  const doc = parse(readFileSync(demoDesiredFile(), 'utf8')) as { version: number };
  desired.save(doc.version, doc, 'simulator-seed');
  log.info({ version: doc.version }, 'simulator: demo content seeded');
  return true;
}

/**
 * The simulator's admin PIN: made once, kept in the data folder (mode 600) so every start
 * can print it, until a technician sets their own. Real poles never do this: their PIN is set with `tiang admin set-pin`.
 */
export async function simulatorPin(dataDir: string, auth: AdminAuth): Promise<string | undefined> {
  const file = path.join(dataDir, 'simulator-admin-pin.txt');
  if (auth.hasPin()) {
    // After `tiang admin set-pin` the file is stale: never print a PIN that does not work.
    const kept = existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
    return kept !== undefined && (await auth.verify(kept)) ? kept : undefined;
  }
  const pin = randomPin();
  await auth.setPin(pin, 'simulator');
  writeFileSync(file, `${pin}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return pin;
}

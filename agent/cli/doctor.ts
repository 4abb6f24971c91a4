import { bi, isTiangError } from '../../core/index.js';
import { loadConfig } from '../config/index.js';
import { type CheckResult, formatCheck } from '../doctor/check.js';
import {
  checkAgentRunning,
  checkAudio,
  checkBroker,
  checkClock,
  checkDatabase,
  checkDataFolder,
  checkFirewall,
  checkFreeDisk,
  checkGpio,
  checkHotspotFiles,
  checkSerial,
} from '../doctor/checks.js';
import { resolveConfigPath } from './config-path.js';

/**
 * `tiang doctor`: what a technician would check, one line each, with the fix.
 * Exit status 1 if any check fails, so scripts and the admin screen can rely on it.
 */
export async function runDoctor(args: { config?: string; sim: boolean }): Promise<number> {
  const file = resolveConfigPath(args.config, args.sim);
  const results: CheckResult[] = [];
  const print = (r: CheckResult) => {
    results.push(r);
    process.stdout.write(`${formatCheck(r)}\n`);
  };
  process.stdout.write(`tiang doctor — ${file}\n`);

  let config: ReturnType<typeof loadConfig>['config'] | undefined;
  try {
    config = loadConfig(file, { simulate: args.sim }).config;
    print({ title: bi('Konfigurasi', 'Configuration'), status: 'pass', detail: `${file} is valid` });
  } catch (err) {
    print({
      title: bi('Konfigurasi', 'Configuration'),
      status: 'fail',
      detail: (err as Error).message,
      fix: isTiangError(err) ? err.fix : undefined,
    });
  }
  if (config) {
    print(checkDataFolder(config));
    print(checkFreeDisk(config));
    print(checkDatabase(config));
    print(await checkAudio(config));
    print(checkGpio(config));
    print(checkSerial(config));
    print(await checkFirewall(config));
    print(await checkHotspotFiles(config));
    print(await checkBroker(config));
    print(await checkClock(config));
    print(await checkAgentRunning(config));
  }
  const failed = results.filter((r) => r.status === 'fail').length;
  const warned = results.filter((r) => r.status === 'warn').length;
  process.stdout.write(
    failed === 0
      ? `\nSemua pemeriksaan lulus / all checks passed${warned ? ` (${warned} warning${warned > 1 ? 's' : ''})` : ''}\n`
      : `\n${failed} pemeriksaan gagal / ${failed} check${failed > 1 ? 's' : ''} failed\n`,
  );
  return failed === 0 ? 0 : 1;
}

import path from 'node:path';
import { packageRoot } from '../../core/index.js';

export const DEFAULT_CONFIG = '/etc/tiang/tiang.yaml';
export const simulatorConfig = (): string => path.join(packageRoot(), 'deploy', 'sim', 'tiang.sim.yaml');

/** --config wins, then TIANG_CONFIG, then the simulator's file with --sim, then /etc/tiang/tiang.yaml. */
export function resolveConfigPath(
  flag: string | undefined,
  sim: boolean,
  env: NodeJS.ProcessEnv = process.env,
): string {
  return flag ?? env.TIANG_CONFIG ?? (sim ? simulatorConfig() : DEFAULT_CONFIG);
}

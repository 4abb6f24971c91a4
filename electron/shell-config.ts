import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolveConfigPath } from '../agent/cli/config-path.js';
import { loadConfig } from '../agent/config/index.js';
import { packageRoot } from '../core/index.js';

/** What the shell needs to know, from the same config file the agent reads. */
export interface ShellConfig {
  sim: boolean;
  configFile: string;
  /** The agent's loopback origin, e.g. http://127.0.0.1:8080. */
  origin: string;
  kioskUrl: string;
  agentEntry: string;
  agentArgs: string[];
  /** Agent run by systemd (tiang-agent.service) instead of by the shell. */
  externalAgent: boolean;
  dataDir: string;
  timezone: string;
  pagesDir: string;
  preload: string;
  memoryLimitMb: number;
}

export function shellConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): ShellConfig {
  const sim = argv.includes('--sim');
  const flag = argv.find((a) => a.startsWith('--config='))?.slice('--config='.length);
  const configFile = resolveConfigPath(flag, sim, env);
  const { config } = loadConfig(configFile, { env, simulate: sim });
  const host = config.http.host === '::1' ? '[::1]' : config.http.host;
  const origin = `http://${host}:${config.http.port}`;
  const root = packageRoot();
  return {
    sim,
    configFile,
    origin,
    kioskUrl: `${origin}/kiosk/`,
    agentEntry: path.join(root, 'dist', 'agent', 'main.js'),
    agentArgs: ['start', ...(sim ? ['--sim'] : []), '--config', configFile],
    externalAgent: env.TIANG_AGENT_EXTERNAL === '1',
    dataDir: config.dataDir,
    timezone: config.device.timezone,
    pagesDir: path.join(root, 'electron', 'pages'),
    preload: path.join(root, 'dist', 'electron', 'preload.cjs'),
    memoryLimitMb: Number(env.TIANG_KIOSK_MEMORY_LIMIT_MB ?? 600),
  };
}

export const pageUrl = (cfg: ShellConfig, name: string): string =>
  pathToFileURL(path.join(cfg.pagesDir, name)).href;

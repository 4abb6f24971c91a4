import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './ports.js';
import { tempDir } from './temp-dir.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The compiled CLI: tests run the program a user runs, not a test-only entry. */
export const cliPath = path.join(repoRoot, 'dist', 'agent', 'main.js');

export interface AgentProcess {
  proc: ChildProcess;
  baseUrl: string;
  portalUrl: string;
  mqttPort: number;
  dataDir: string;
  /** The simulator's admin PIN (read from the data folder). */
  pin: () => string;
  stdout: () => string;
  stderr: () => string;
  /** SIGTERM and wait; resolves with the exit code and how long the stop took. */
  stop: (signal?: NodeJS.Signals) => Promise<{ code: number | null; ms: number }>;
  /** Stop (if running) and delete the data folder. */
  dispose: () => Promise<void>;
}

export interface StartAgentOptions {
  args?: string[];
  env?: Record<string, string>;
  /** Reuse a data folder (e.g. for restart tests); otherwise a fresh temp one. */
  dataDir?: string;
  waitForHealthz?: boolean;
  timeoutMs?: number;
  /**
   * `--quiet`: the demo without its spoken schedule (which speaks every 10 minutes by day),
   * for tests that check what the speaker or the amplifier does at any time of day.
   */
  quiet?: boolean;
}

export function cliBuilt(): boolean {
  return existsSync(cliPath);
}

/** Start `tiang start --sim [--quiet]` on free ports with its own data folder, and wait until /healthz answers 200. */
export async function startAgent(opts: StartAgentOptions = {}): Promise<AgentProcess> {
  if (!cliBuilt()) throw new Error(`${cliPath} is missing: run npm run build first`);
  const tmp = opts.dataDir ? undefined : tempDir('tiang-agent-');
  const dataDir = opts.dataDir ?? tmp!.path;
  // A port given in opts.env wins, so baseUrl always names the port the agent really uses.
  const port = async (name: string) => Number(opts.env?.[name] ?? (await freePort()));
  const httpPort = await port('TIANG_HTTP_PORT');
  const portalPort = await port('TIANG_PORTAL_PORT');
  const mqttPort = await port('TIANG_MQTT_EMBEDDED_PORT');
  const proc = spawn(
    process.execPath,
    [cliPath, 'start', '--sim', ...(opts.quiet ? ['--quiet'] : []), ...(opts.args ?? [])],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        TIANG_DATA_DIR: dataDir,
        TIANG_HTTP_PORT: String(httpPort),
        TIANG_PORTAL_PORT: String(portalPort),
        TIANG_MQTT_EMBEDDED_PORT: String(mqttPort),
        TIANG_LOG_LEVEL: 'info',
        ...opts.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  proc.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  proc.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const baseUrl = `http://127.0.0.1:${httpPort}`;

  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    const t0 = performance.now();
    if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    const code = await exited;
    return { code, ms: performance.now() - t0 };
  };
  const agent: AgentProcess = {
    proc,
    baseUrl,
    portalUrl: `http://127.0.0.1:${portalPort}`,
    mqttPort,
    dataDir,
    pin: () => readFileSync(path.join(dataDir, 'simulator-admin-pin.txt'), 'utf8').trim(),
    stdout: () => out,
    stderr: () => err,
    stop,
    dispose: async () => {
      await stop();
      tmp?.remove();
    },
  };

  if (opts.waitForHealthz !== false) {
    const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
    for (;;) {
      if (proc.exitCode !== null) {
        throw new Error(`agent exited with ${proc.exitCode} before answering /healthz:\n${err}\n${out}`);
      }
      try {
        const res = await fetch(`${baseUrl}/healthz`);
        if (res.status === 200) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        await agent.dispose();
        throw new Error(`agent did not answer /healthz within the timeout:\n${err}\n${out}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  return agent;
}

/** Run the compiled CLI to completion (for commands that exit by themselves), optionally with input. */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
  input?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [cliPath, ...args], { cwd: repoRoot, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    p.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    p.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    p.stdin?.end(input ?? '');
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

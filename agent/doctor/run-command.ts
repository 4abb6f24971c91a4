import { spawn } from 'node:child_process';

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Set when the program could not be started at all (e.g. ENOENT: not installed). */
  spawnError?: string;
}

/** Run a program without a shell, with a time limit; never throws. */
export function runCommand(cmd: string, args: string[], timeoutMs = 5000): Promise<CommandResult> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', (err: NodeJS.ErrnoException) =>
      resolve({ code: null, stdout, stderr, spawnError: err.code ?? err.message }),
    );
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

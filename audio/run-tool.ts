import { spawn } from 'node:child_process';

export interface ToolResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The end of stderr (bounded: a chatty tool must not fill memory). */
  stderr: string;
  timedOut: boolean;
}

const MAX_STDERR = 4096;

/**
 * Runs a command-line tool (sox, espeak-ng) spawned directly, never through a shell, so text
 * and file names reach it as plain arguments. Rejects only when it cannot be started
 * (ENOENT, EACCES: the caller says what to install); a failure is a result with its stderr.
 */
export function runTool(command: string, args: readonly string[], timeoutMs: number): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let timedOut = false;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      stderr = (stderr + d).slice(-MAX_STDERR);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr: stderr.trim(), timedOut });
    });
  });
}

/** One line for a message: the last thing the tool said, or how it ended. */
export function describeFailure(r: ToolResult): string {
  if (r.timedOut) return 'it did not finish in time and was stopped';
  const last = r.stderr.split('\n').pop()?.trim();
  const end = r.signal ? `killed by ${r.signal}` : `exit status ${r.code}`;
  return last ? `${last} (${end})` : end;
}

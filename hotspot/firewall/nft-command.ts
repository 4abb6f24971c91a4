import { spawn } from 'node:child_process';
import { type Bilingual, bi, errnoCode, TiangError } from '../../core/index.js';

export interface NftCommand {
  nftPath: string;
  /** Runs nft through another command, e.g. ['ip', 'netns', 'exec', 'ns1'] in tests. */
  execPrefix: readonly string[];
  timeoutMs: number;
}

/**
 * Runs nft with `args`, feeding `script` on stdin (no shell: nothing in a client's
 * address can become a command). Resolves with stdout; rejects with a TiangError.
 */
export function runNft(cmd: NftCommand, args: readonly string[], script?: string): Promise<string> {
  const argv = [...cmd.execPrefix, cmd.nftPath, ...args];
  const [program, ...rest] = argv as [string, ...string[]];
  return new Promise((resolve, reject) => {
    const child = spawn(program, rest, { stdio: ['pipe', 'pipe', 'pipe'], timeout: cmd.timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    // nft may exit before reading all of stdin; the close code says what happened.
    child.stdin.on('error', () => {});
    child.stdin.end(script ?? '');
    child.on('error', (err) => reject(spawnError(program, err)));
    child.on('close', (code, signal) => {
      if (code === 0) resolve(stdout);
      else reject(nftError(argv.join(' '), stderr, code, signal));
    });
  });
}

function spawnError(program: string, err: Error): TiangError {
  const code = errnoCode(err);
  return new TiangError(
    'FIREWALL_NFT_MISSING',
    `cannot run ${program} (${code ?? err.message})`,
    bi('Pasang nftables (`sudo apt install nftables`).', 'Install nftables (`sudo apt install nftables`).'),
    { cause: err },
  );
}

/** nft ran and refused: `reason` is nft's own message (or how it ended). */
export class NftFailedError extends TiangError {
  constructor(
    code: string,
    message: string,
    fix: Bilingual,
    readonly reason: string,
  ) {
    super(code, message, fix);
  }
}

const MAC = /\b[0-9a-f]{2}(:[0-9a-f]{2}){5}\b/gi;
const IPV4 = /\b\d{1,3}(\.\d{1,3}){3}\b/g;

/**
 * nft quotes the script line it refused, and an allow-list line names a client: its MAC, and
 * its IP in an `element` line. Errors are logged, and logs name no person (only the salted
 * hash does), so those are blanked; the ruleset's own addresses stay for the technician.
 */
function withoutClients(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const noMac = line.replace(MAC, 'xx:xx:xx:xx:xx:xx');
      return /\belements?\b/.test(noMac) ? noMac.replace(IPV4, 'x.x.x.x') : noMac;
    })
    .join('\n');
}

function nftError(
  command: string,
  stderr: string,
  code: number | null,
  signal: NodeJS.Signals | null,
): TiangError {
  const reason = withoutClients(stderr.trim()) || (signal ? `killed by ${signal}` : `exit status ${code}`);
  if (/Operation not permitted/i.test(stderr)) {
    return new TiangError(
      'FIREWALL_PERMISSION',
      `${command}: not permitted (${reason})`,
      bi(
        'Jalankan layanan sebagai root atau dengan CAP_NET_ADMIN (systemd: AmbientCapabilities=CAP_NET_ADMIN).',
        'Run the service as root or with CAP_NET_ADMIN (systemd: AmbientCapabilities=CAP_NET_ADMIN).',
      ),
    );
  }
  return new NftFailedError(
    'FIREWALL_NFT_FAILED',
    `${command} failed: ${reason}`,
    bi(
      'Periksa aturan firewall dengan `sudo nft list ruleset` dan log kernel.',
      'Check the firewall with `sudo nft list ruleset` and the kernel log.',
    ),
    reason,
  );
}

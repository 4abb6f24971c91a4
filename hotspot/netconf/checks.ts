import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { bi, errnoCode, TiangError } from '../../core/index.js';
import { type NftCommand, NftFailedError, runNft } from '../firewall/nft-command.js';
import type { ConfCheck } from './types.js';

export interface DnsmasqCheckOptions {
  dnsmasqPath?: string;
  timeoutMs?: number;
}

function cannotCheck(what: string, message: string, cause?: unknown): TiangError {
  return new TiangError(
    'HOTSPOT_CHECK_UNAVAILABLE',
    `cannot check ${what}: ${message}`,
    bi(
      'Pasang dnsmasq-base dan nftables (`sudo apt install dnsmasq-base nftables`); nft perlu root atau CAP_NET_ADMIN.',
      'Install dnsmasq-base and nftables (`sudo apt install dnsmasq-base nftables`); nft needs root or CAP_NET_ADMIN.',
    ),
    { cause },
  );
}

/**
 * Runs `dnsmasq --test -C <file>` on the text (written to a temp file; no shell). Resolves
 * { ok: false, error } with dnsmasq's message when it refuses the file; throws a TiangError
 * when dnsmasq cannot be run at all.
 */
export async function checkDnsmasqConf(text: string, opts: DnsmasqCheckOptions = {}): Promise<ConfCheck> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tiang-dnsmasq-'));
  const file = path.join(dir, 'dnsmasq.conf');
  try {
    await writeFile(file, text, { mode: 0o600 });
    const program = opts.dnsmasqPath ?? 'dnsmasq';
    const { code, signal, output } = await new Promise<{
      code: number | null;
      signal: NodeJS.Signals | null;
      output: string;
    }>((resolve, reject) => {
      const child = spawn(program, ['--test', '-C', file], {
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: opts.timeoutMs ?? 10_000,
      });
      let output = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
      child.on('error', (err) =>
        reject(cannotCheck('dnsmasq.conf', `cannot run ${program} (${errnoCode(err) ?? err.message})`, err)),
      );
      child.on('close', (code, signal) => resolve({ code, signal, output }));
    });
    if (code === 0) return { ok: true };
    if (signal) throw cannotCheck('dnsmasq.conf', `${program} --test was killed by ${signal}`);
    const error = output
      .trim()
      .replaceAll(file, 'dnsmasq.conf')
      .replace(/^dnsmasq: /gm, '');
    return { ok: false, error: error || `dnsmasq --test exited with status ${code}` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** nft refused a declaration because an older ruleset made the object differently. */
const CONFLICT = /File exists|Operation not supported/;

/**
 * Runs `nft -c -f -` with the ruleset on stdin: the kernel checks it without applying it.
 * When it conflicts only with a table an older release made differently (a set without
 * counters, say), it is checked again as it would load at boot, on a pole without that table
 * (NftFirewall.apply replaces such a table). Throws a TiangError when nft cannot be run
 * (missing, or no CAP_NET_ADMIN).
 */
export async function checkNftRuleset(text: string, cmd: Partial<NftCommand> = {}): Promise<ConfCheck> {
  const command: NftCommand = {
    nftPath: cmd.nftPath ?? 'nft',
    execPrefix: cmd.execPrefix ?? [],
    timeoutMs: cmd.timeoutMs ?? 10_000,
  };
  const check = async (script: string): Promise<ConfCheck> => {
    try {
      await runNft(command, ['-c', '-f', '-'], script);
      return { ok: true };
    } catch (err) {
      if (err instanceof NftFailedError && !err.reason.startsWith('killed by'))
        return { ok: false, error: err.reason };
      throw err;
    }
  };
  const first = await check(text);
  if (first.ok || !CONFLICT.test(first.error)) return first;
  const table = /^table inet ([A-Za-z][A-Za-z0-9_]{0,31}) \{/m.exec(text)?.[1];
  if (!table) return first;
  const fresh = await check(`add table inet ${table}\ndelete table inet ${table}\n${text}`);
  return fresh.ok ? fresh : first;
}

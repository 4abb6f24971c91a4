import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  bi,
  claimTempFile,
  commitTempFile,
  errnoCode,
  releaseTempFile,
  TiangError,
} from '../../core/index.js';
import type { NftCommand } from '../firewall/nft-command.js';
import { checkDnsmasqConf, checkNftRuleset, type DnsmasqCheckOptions } from './checks.js';
import { checkHostapdConf } from './hostapd-conf.js';
import { checkHotspotEnv } from './hotspot-env.js';
import type { ConfCheck, NetworkConfFiles, NetworkConfName } from './types.js';

export interface WriteNetworkConfOptions {
  /** How to run `dnsmasq --test`; false skips the check (only where dnsmasq cannot run). */
  dnsmasq?: DnsmasqCheckOptions | false;
  /** How to run `nft -c`; false skips the check (the simulator: nft needs CAP_NET_ADMIN). */
  nft?: Partial<NftCommand> | false;
}

export interface WriteNetworkConfResult {
  /** Files written because their content changed (restart hostapd/dnsmasq, apply the ruleset, only for these). */
  changed: NetworkConfName[];
  unchanged: NetworkConfName[];
}

const NAMES: readonly NetworkConfName[] = ['hostapd.conf', 'dnsmasq.conf', 'hotspot.nft', 'hotspot.env'];
/** hostapd.conf holds the WPA2 passphrase. */
const MODES: Record<NetworkConfName, number> = {
  'hostapd.conf': 0o600,
  'dnsmasq.conf': 0o644,
  'hotspot.nft': 0o644,
  'hotspot.env': 0o644,
};

/** One write at a time per conf dir. */
const writing = new Map<string, Promise<unknown>>();

/**
 * Writes the hotspot's files into `dir` once every one has passed its check (hostapd.conf
 * in code, dnsmasq.conf with `dnsmasq --test`, hotspot.nft with `nft -c`): if any fails,
 * no file changes and the TiangError lists each failure. Each file that changed is written
 * under a temp name, fsynced and renamed over the old one (all temps are written before the
 * first rename). Returns which files changed, so the caller restarts only what needs it.
 */
export function writeNetworkConf(
  dir: string,
  files: NetworkConfFiles,
  opts: WriteNetworkConfOptions = {},
): Promise<WriteNetworkConfResult> {
  const key = path.resolve(dir);
  const run = (writing.get(key) ?? Promise.resolve()).catch(() => {}).then(() => write(key, files, opts));
  writing.set(key, run);
  void run
    .finally(() => {
      if (writing.get(key) === run) writing.delete(key);
    })
    .catch(() => {});
  return run;
}

async function write(
  dir: string,
  files: NetworkConfFiles,
  opts: WriteNetworkConfOptions,
): Promise<WriteNetworkConfResult> {
  const entries = NAMES.flatMap((name) => {
    const text = files[name];
    return text === undefined ? [] : [{ name, text }];
  });
  const unknown = Object.keys(files).filter((n) => !NAMES.includes(n as NetworkConfName));
  if (unknown.length > 0) throw new Error(`writeNetworkConf: unknown file ${unknown.join(', ')}`);

  const checks: [NetworkConfName, Promise<ConfCheck>][] = [
    ['hostapd.conf', Promise.resolve(checkHostapdConf(files['hostapd.conf']))],
    [
      'dnsmasq.conf',
      opts.dnsmasq === false
        ? Promise.resolve({ ok: true })
        : checkDnsmasqConf(files['dnsmasq.conf'], opts.dnsmasq),
    ],
    [
      'hotspot.nft',
      opts.nft === false ? Promise.resolve({ ok: true }) : checkNftRuleset(files['hotspot.nft'], opts.nft),
    ],
  ];
  if (files['hotspot.env'] !== undefined) {
    checks.push(['hotspot.env', Promise.resolve(checkHotspotEnv(files['hotspot.env']))]);
  }
  // Settle every check (a tool that cannot run throws): then report all at once.
  const results = await Promise.allSettled(checks.map(([, p]) => p));
  const failures: string[] = [];
  for (const [i, r] of results.entries()) {
    const name = checks[i]![0];
    if (r.status === 'rejected') throw r.reason;
    if (!r.value.ok) failures.push(`${name}: ${r.value.error}`);
  }
  if (failures.length > 0) {
    throw new TiangError(
      'HOTSPOT_CONF_REJECTED',
      `hotspot files not written, the old ones stay in use: ${failures.join('; ')}`,
      bi(
        'Pengaturan hotspot menghasilkan berkas yang ditolak. Periksa pengaturan hotspot; jika tetap terjadi, laporkan sebagai bug beserta pesan ini.',
        'The hotspot settings made a file that was refused. Check the hotspot settings; if it keeps happening, report a bug with this message.',
      ),
    );
  }

  await mkdir(dir, { recursive: true, mode: 0o750 });
  const toWrite: { name: NetworkConfName; text: string; temp?: string }[] = [];
  const unchanged: NetworkConfName[] = [];
  for (const e of entries) {
    const current = await readFile(path.join(dir, e.name), 'utf8').catch((err: unknown) => {
      if (errnoCode(err) === 'ENOENT') return undefined;
      throw err;
    });
    if (current === e.text) unchanged.push(e.name);
    else toWrite.push(e);
  }
  try {
    for (const e of toWrite) {
      e.temp = claimTempFile(dir, `-${e.name}`);
      await writeFile(e.temp, e.text, { mode: MODES[e.name], flag: 'wx' });
    }
    for (const e of toWrite) {
      await commitTempFile(e.temp as string, path.join(dir, e.name));
      e.temp = undefined;
    }
  } finally {
    for (const e of toWrite) if (e.temp) await releaseTempFile(e.temp);
  }
  return { changed: toWrite.map((e) => e.name), unchanged };
}

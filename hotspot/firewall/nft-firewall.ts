import { bi, type Clock, type Logger, systemClock, TiangError } from '../../core/index.js';
import {
  ALLOWED_SET,
  checkFirewallNetwork,
  DEFAULT_TABLE,
  DOWN_SET,
  nftAllowListSets,
  nftRuleset,
} from '../netconf/nft-ruleset.js';
import type { FirewallNetwork } from '../netconf/types.js';
import { TABLE_NAME } from '../netconf/validate.js';
import { assertIpv4, assertTimeoutS, normaliseMac } from './client-address.js';
import { type NftCommand, NftFailedError, runNft } from './nft-command.js';
import { NftQueue } from './nft-queue.js';
import { parseNftIpCounters, parseNftSetJson } from './nft-set-json.js';
import type { Firewall, FirewallClient } from './types.js';

export interface NftFirewallOptions {
  /** nftables table (family inet) the pole owns; nothing else in the ruleset is touched. */
  table?: string;
  /**
   * The hotspot network: init() applies the whole ruleset for it (portal redirect, filters,
   * masquerade, rate limits). Without it, init() makes only the allow-list sets.
   */
  network?: FirewallNetwork;
  log: Logger;
  clock?: Clock;
  nftPath?: string;
  /** Runs nft through another command, e.g. ['ip', 'netns', 'exec', 'ns1'] in tests. */
  execPrefix?: string[];
  timeoutMs?: number;
}

/** A declaration nft refused because the table was made differently, by an older release. */
const CONFLICT = /File exists|Operation not supported/;

function badTable(table: string, why: string): TiangError {
  return new TiangError(
    'FIREWALL_BAD_TABLE',
    `"${table}" ${why}`,
    bi(
      'Pakai nama tabel dari huruf, angka dan garis bawah, diawali huruf (misalnya tiang), sama di firewall dan jaringan hotspot.',
      'Use a table name of letters, digits and underscores, starting with a letter (e.g. tiang), the same for the firewall and the hotspot network.',
    ),
  );
}

/**
 * The hotspot firewall in nftables: the ruleset (see netconf/nft-ruleset.ts) and the
 * allow-list, a set of `MAC . IPv4` (uploads) and one of IPv4 (downloads), with per-element
 * timeouts and counters: the kernel itself drops a client when its session ends, even if
 * the agent is down, and counts each client's bytes.
 */
export class NftFirewall implements Firewall {
  readonly simulated = false;
  readonly table: string;
  private readonly cmd: NftCommand;
  private readonly queue: NftQueue;
  private readonly log: Logger;
  private readonly clock: Clock;
  private network: FirewallNetwork | undefined;
  /** Elements this firewall added or last listed, with when they lapse (ms): see allow(). */
  private readonly known = new Map<string, number>();
  private state: 'new' | 'ready' | 'closed' = 'new';

  constructor(opts: NftFirewallOptions) {
    this.table = opts.table ?? opts.network?.table ?? DEFAULT_TABLE;
    // The name goes into nft scripts: only a plain identifier may.
    if (!TABLE_NAME.test(this.table)) throw badTable(this.table, 'is not a usable nftables table name');
    this.log = opts.log;
    this.clock = opts.clock ?? systemClock;
    this.cmd = {
      nftPath: opts.nftPath ?? 'nft',
      execPrefix: opts.execPrefix ?? [],
      timeoutMs: opts.timeoutMs ?? 10_000,
    };
    this.queue = new NftQueue(this.cmd);
    // Checked now: a bad network is a configuration error, better found before init().
    if (opts.network) {
      this.network = this.withTable(opts.network);
      checkFirewallNetwork(this.network);
    }
  }

  /** nft runs made and the scripts they carried (allow() calls made together share one run). */
  get nftStats(): { runs: number; scripts: number } {
    return { ...this.queue.stats };
  }

  /**
   * Applies the ruleset for the network given to the constructor (or the last apply()), or
   * only the allow-list sets without one. Safe on every start: clients already allowed stay.
   */
  async init(): Promise<void> {
    if (this.state === 'closed') throw new Error('firewall is closed');
    if (this.network) {
      await this.apply(this.network);
      return;
    }
    await this.queue.task(() => this.load(nftAllowListSets(this.table)));
    this.state = 'ready';
    this.log.info({ table: this.table }, 'firewall allow-list ready');
  }

  /**
   * Applies the whole hotspot ruleset for `network` in one atomic `nft -f`, keeping the
   * clients already allowed and their counters (a new rate limit counts at once). Every value
   * is checked first: a bad one is a TiangError naming its field, and nothing changes.
   */
  async apply(network: FirewallNetwork): Promise<void> {
    if (this.state === 'closed') throw new Error('firewall is closed');
    const net = this.withTable(network);
    const script = nftRuleset(net);
    await this.queue.task(() => this.load(script));
    this.network = net;
    this.state = 'ready';
    this.log.info(
      { table: this.table, interface: net.interface, upKbps: net.upKbps, downKbps: net.downKbps },
      'hotspot firewall ruleset applied',
    );
  }

  async allow(client: { mac: string; ip: string; timeoutS: number }): Promise<void> {
    const mac = normaliseMac(client.mac);
    const ip = assertIpv4(client.ip);
    const timeoutS = assertTimeoutS(client.timeoutS);
    this.assertReady();
    const now = this.clock.now();
    const up = `${mac} . ${ip}`;
    const elements = [
      { set: ALLOWED_SET, elem: up, known: this.isKnown(`${ALLOWED_SET} ${up}`, now) },
      { set: DOWN_SET, elem: ip, known: this.isKnown(`${DOWN_SET} ${ip}`, now) },
    ];
    // Both sets in one batch: the client is let out both ways at once, or not at all.
    // A new element is created (a few ms). An existing one must be replaced to restart its
    // timeout (`add` leaves it alone before kernel 6.10): add, delete and add again, which
    // waits for the kernel's RCU grace period. So: create, unless this firewall knows the
    // element is there; if create finds it there after all, replace.
    const replaceAll = elements.map((e) => this.replace(e.set, e.elem, timeoutS)).join('');
    const script = elements
      .map((e) => (e.known ? this.replace(e.set, e.elem, timeoutS) : this.create(e.set, e.elem, timeoutS)))
      .join('');
    await this.queue.script(script, script === replaceAll ? undefined : replaceAll);
    const expiresAt = now + timeoutS * 1000;
    for (const e of elements) this.known.set(`${e.set} ${e.elem}`, expiresAt);
  }

  async revoke(client: { mac: string; ip: string }): Promise<void> {
    const mac = normaliseMac(client.mac);
    const ip = assertIpv4(client.ip);
    this.assertReady();
    const t = `inet ${this.table}`;
    const up = `${mac} . ${ip}`;
    await this.queue.task(async () => {
      // The download set is by IP alone: leave it while another device (a new DHCP lease)
      // holds this IP in the allow-list.
      const others = parseNftSetJson(await this.listSet(ALLOWED_SET), 0).some(
        (c) => c.ip === ip && c.mac !== mac,
      );
      // Deleting a missing element fails the batch; adding it first makes revoke idempotent.
      await runNft(
        this.cmd,
        ['-f', '-'],
        `add element ${t} ${ALLOWED_SET} { ${up} timeout 1s }
delete element ${t} ${ALLOWED_SET} { ${up} }
${others ? '' : `add element ${t} ${DOWN_SET} { ${ip} timeout 1s }\ndelete element ${t} ${DOWN_SET} { ${ip} }\n`}`,
      );
      this.known.delete(`${ALLOWED_SET} ${up}`);
      if (!others) this.known.delete(`${DOWN_SET} ${ip}`);
    });
  }

  /** Allowed clients with their expiry, bytes up (their allow-list element) and bytes down (their IP's). */
  async list(): Promise<FirewallClient[]> {
    this.assertReady();
    // Both at once; if both fail, the allow-list's error is the one reported.
    const [upResult, downResult] = await Promise.allSettled([
      this.listSet(ALLOWED_SET),
      this.listSet(DOWN_SET),
    ]);
    if (upResult.status === 'rejected') throw upResult.reason;
    if (downResult.status === 'rejected') throw downResult.reason;
    const [upJson, downJson] = [upResult.value, downResult.value];
    const now = this.clock.now();
    const clients = parseNftSetJson(upJson, now);
    const down = parseNftIpCounters(downJson);
    for (const c of clients) {
      const bytes = down.get(c.ip);
      if (bytes !== undefined) c.bytesDown = bytes;
    }
    // What the kernel holds now (it ends sessions on its own; another process may add some).
    this.known.clear();
    for (const c of clients) this.known.set(`${ALLOWED_SET} ${c.mac} . ${c.ip}`, c.expiresAt ?? Infinity);
    for (const ip of down.keys()) this.known.set(`${DOWN_SET} ${ip}`, Infinity);
    return clients;
  }

  /**
   * Leaves the table in place: allowed clients keep their sessions across an agent
   * restart, and the kernel still ends each one on time.
   */
  async close(): Promise<void> {
    this.state = 'closed';
  }

  private withTable(network: FirewallNetwork): FirewallNetwork {
    if (network.table !== undefined && network.table !== this.table) {
      throw badTable(String(network.table), `is not this firewall's table (${this.table})`);
    }
    return { ...network, table: this.table };
  }

  /**
   * Loads a ruleset script. When the kernel refuses a declaration because an older release
   * made the table differently (a set without counters, a chain at another priority), the
   * table is replaced in the same atomic step: the allow-list is lost once (clients tap
   * Connect again), and nothing changes if that fails too.
   */
  private async load(script: string): Promise<void> {
    try {
      await runNft(this.cmd, ['-f', '-'], script);
    } catch (err) {
      if (!(err instanceof NftFailedError) || !CONFLICT.test(err.reason)) throw err;
      this.log.warn(
        { table: this.table, reason: err.reason },
        'firewall table was made by an older release: replacing it (allowed clients must connect again)',
      );
      await runNft(
        this.cmd,
        ['-f', '-'],
        `add table inet ${this.table}\ndelete table inet ${this.table}\n${script}`,
      );
      this.known.clear();
    }
  }

  /** Whether this firewall added the element (or last saw it in the kernel) and it has not lapsed. */
  private isKnown(key: string, now: number): boolean {
    const expiresAt = this.known.get(key);
    if (expiresAt === undefined) return false;
    if (expiresAt > now) return true;
    this.known.delete(key);
    return false;
  }

  private create(set: string, elem: string, timeoutS: number): string {
    return `create element inet ${this.table} ${set} { ${elem} timeout ${timeoutS}s }\n`;
  }

  private replace(set: string, elem: string, timeoutS: number): string {
    const t = `inet ${this.table}`;
    return `add element ${t} ${set} { ${elem} timeout ${timeoutS}s }
delete element ${t} ${set} { ${elem} }
add element ${t} ${set} { ${elem} timeout ${timeoutS}s }
`;
  }

  private listSet(set: string): Promise<string> {
    return runNft(this.cmd, ['-j', 'list', 'set', 'inet', this.table, set]);
  }

  private assertReady(): void {
    if (this.state === 'new') throw new Error('firewall used before init()');
    if (this.state === 'closed') throw new Error('firewall is closed');
  }
}

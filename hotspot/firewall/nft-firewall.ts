import { bi, type Clock, type Logger, systemClock, TiangError } from '../../core/index.js';
import { assertIpv4, assertTimeoutS, normaliseMac } from './client-address.js';
import { type NftCommand, runNft } from './nft-command.js';
import { parseNftSetJson } from './nft-set-json.js';
import type { Firewall, FirewallClient } from './types.js';

export interface NftFirewallOptions {
  /** nftables table (family inet) the pole owns; nothing else in the ruleset is touched. */
  table?: string;
  log: Logger;
  clock?: Clock;
  nftPath?: string;
  /** Runs nft through another command, e.g. ['ip', 'netns', 'exec', 'ns1'] in tests. */
  execPrefix?: string[];
  timeoutMs?: number;
}

const SET = 'allowed_clients';

/**
 * The hotspot allow-list as an nftables set of `MAC . IPv4` with per-element timeouts:
 * the kernel itself drops a client when its session ends, even if the agent is down.
 */
export class NftFirewall implements Firewall {
  readonly simulated = false;
  readonly table: string;
  private readonly cmd: NftCommand;
  private readonly log: Logger;
  private readonly clock: Clock;
  private state: 'new' | 'ready' | 'closed' = 'new';

  constructor(opts: NftFirewallOptions) {
    this.table = opts.table ?? 'tiang';
    // The name goes into nft scripts: only a plain identifier may.
    if (!/^[A-Za-z][A-Za-z0-9_]{0,31}$/.test(this.table)) {
      throw new TiangError(
        'FIREWALL_BAD_TABLE',
        `"${this.table}" is not a usable nftables table name`,
        bi(
          'Pakai nama tabel dari huruf, angka dan garis bawah, diawali huruf (misalnya tiang).',
          'Use a table name of letters, digits and underscores, starting with a letter (e.g. tiang).',
        ),
      );
    }
    this.log = opts.log;
    this.clock = opts.clock ?? systemClock;
    this.cmd = {
      nftPath: opts.nftPath ?? 'nft',
      execPrefix: opts.execPrefix ?? [],
      timeoutMs: opts.timeoutMs ?? 10_000,
    };
  }

  async init(): Promise<void> {
    if (this.state === 'closed') throw new Error('firewall is closed');
    // Declaring a table and set that already exist changes nothing, so this is safe on
    // every start and keeps the clients already allowed. Only the allow-list for now:
    // the rest of the hotspot ruleset (portal redirect, forward filter) comes later.
    await this.nft(`table inet ${this.table} {
  set ${SET} {
    type ether_addr . ipv4_addr
    flags timeout
  }
}
`);
    this.state = 'ready';
    this.log.info({ table: this.table }, 'firewall allow-list ready');
  }

  async allow(client: { mac: string; ip: string; timeoutS: number }): Promise<void> {
    const elem = this.element(client);
    const timeoutS = assertTimeoutS(client.timeoutS);
    this.assertReady();
    // `add element` leaves an existing element's timeout alone; add, delete and add again
    // in one atomic batch restarts it whether or not the client was already there.
    await this.nft(`add element inet ${this.table} ${SET} { ${elem} timeout ${timeoutS}s }
delete element inet ${this.table} ${SET} { ${elem} }
add element inet ${this.table} ${SET} { ${elem} timeout ${timeoutS}s }
`);
  }

  async revoke(client: { mac: string; ip: string }): Promise<void> {
    const elem = this.element(client);
    this.assertReady();
    // Deleting a missing element fails the batch; adding it first makes revoke idempotent.
    await this.nft(`add element inet ${this.table} ${SET} { ${elem} timeout 1s }
delete element inet ${this.table} ${SET} { ${elem} }
`);
  }

  async list(): Promise<FirewallClient[]> {
    this.assertReady();
    const json = await runNft(this.cmd, ['-j', 'list', 'set', 'inet', this.table, SET]);
    return parseNftSetJson(json, this.clock.now());
  }

  /**
   * Leaves the table in place: allowed clients keep their sessions across an agent
   * restart, and the kernel still ends each one on time.
   */
  async close(): Promise<void> {
    this.state = 'closed';
  }

  private element(client: { mac: string; ip: string }): string {
    return `${normaliseMac(client.mac)} . ${assertIpv4(client.ip)}`;
  }

  private async nft(script: string): Promise<void> {
    await runNft(this.cmd, ['-f', '-'], script);
  }

  private assertReady(): void {
    if (this.state === 'new') throw new Error('firewall used before init()');
    if (this.state === 'closed') throw new Error('firewall is closed');
  }
}

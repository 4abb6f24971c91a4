import type { Clock } from '../../core/index.js';
import { nftRuleset } from '../netconf/nft-ruleset.js';
import type { FirewallNetwork } from '../netconf/types.js';
import { assertIpv4, assertTimeoutS, normaliseMac } from './client-address.js';
import type { Firewall, FirewallClient } from './types.js';

/**
 * The allow-list in memory, for tests and the simulator. Entries lapse by the clock
 * passed in, as the kernel's set timeouts do, so a test can move time instead of waiting.
 */
export class SimFirewall implements Firewall {
  readonly simulated = true;
  private readonly allowed = new Map<string, Required<FirewallClient>>();
  private state: 'new' | 'ready' | 'closed' = 'new';
  private applied: { network: FirewallNetwork; ruleset: string } | undefined;

  constructor(private readonly clock: Clock) {}

  async init(): Promise<void> {
    if (this.state === 'closed') throw new Error('firewall is closed');
    this.state = 'ready';
  }

  /**
   * Checks the network as NftFirewall does (the same ruleset is made, so the same values are
   * refused) and keeps it; clients stay allowed. Nothing reaches a kernel.
   */
  async apply(network: FirewallNetwork): Promise<void> {
    if (this.state === 'closed') throw new Error('firewall is closed');
    const ruleset = nftRuleset(network);
    this.applied = { network: { ...network }, ruleset };
    this.state = 'ready';
  }

  /** The network last applied and the ruleset NftFirewall would have loaded for it (simulator, tests). */
  get appliedNetwork(): { network: FirewallNetwork; ruleset: string } | undefined {
    return this.applied;
  }

  async allow(client: { mac: string; ip: string; timeoutS: number }): Promise<void> {
    const mac = normaliseMac(client.mac);
    const ip = assertIpv4(client.ip);
    const timeoutS = assertTimeoutS(client.timeoutS);
    this.assertReady();
    // Allowing again restarts the time and the counters, as re-adding the kernel's element does.
    this.allowed.set(`${mac} . ${ip}`, {
      mac,
      ip,
      expiresAt: this.clock.now() + timeoutS * 1000,
      bytesUp: 0,
      bytesDown: 0,
    });
  }

  async revoke(client: { mac: string; ip: string }): Promise<void> {
    const mac = normaliseMac(client.mac);
    const ip = assertIpv4(client.ip);
    this.assertReady();
    this.allowed.delete(`${mac} . ${ip}`);
  }

  async list(): Promise<FirewallClient[]> {
    this.assertReady();
    const now = this.clock.now();
    for (const [key, entry] of this.allowed) {
      if (entry.expiresAt <= now) this.allowed.delete(key);
    }
    return [...this.allowed.values()].map((e) => ({ ...e }));
  }

  /** Counts traffic for an allowed client, as the kernel's set counters would (simulator, tests). */
  addTraffic(client: { mac: string; ip: string }, bytesUp: number, bytesDown: number): void {
    const entry = this.allowed.get(`${normaliseMac(client.mac)} . ${assertIpv4(client.ip)}`);
    if (!entry) return;
    entry.bytesUp += bytesUp;
    entry.bytesDown += bytesDown;
  }

  async close(): Promise<void> {
    this.state = 'closed';
  }

  private assertReady(): void {
    if (this.state === 'new') throw new Error('firewall used before init()');
    if (this.state === 'closed') throw new Error('firewall is closed');
  }
}

import type { FirewallNetwork } from '../netconf/types.js';

/** A hotspot client let through the firewall, named by MAC and IP together. */
export interface FirewallClient {
  /** Lower case, colon separated. */
  mac: string;
  ip: string;
  /** When the permission lapses (UTC ms); absent if it never does. */
  expiresAt?: number;
  /** Bytes the client sent out and received since it was allowed (the set elements' counters). */
  bytesUp?: number;
  bytesDown?: number;
}

export interface Firewall {
  readonly simulated: boolean;
  /** Creates what the firewall needs; safe to call on every start. */
  init(): Promise<void>;
  /**
   * Applies the hotspot ruleset for this network (portal redirect, what clients may reach,
   * masquerade, per-client rate limits) in one atomic step. Clients already allowed stay
   * allowed: call it again whenever the network or the rates change. Every value is checked
   * first; a bad one is a TiangError naming its field, and nothing changes.
   */
  apply(network: FirewallNetwork): Promise<void>;
  /** Lets the client out for timeoutS seconds from now (allowing again restarts the time). */
  allow(client: { mac: string; ip: string; timeoutS: number }): Promise<void>;
  /** Takes the permission back; revoking a client that is not allowed is not an error. */
  revoke(client: { mac: string; ip: string }): Promise<void>;
  list(): Promise<FirewallClient[]>;
  close(): Promise<void>;
}

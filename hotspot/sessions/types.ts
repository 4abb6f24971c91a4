import type { Bilingual } from '../../core/index.js';

/** A hotspot client as the pole sees it: the MAC from the neighbour table and the IP it uses. */
export interface HotspotClient {
  /** Lower case, colon separated. */
  mac: string;
  ip: string;
}

/** The limits the city set for its free Wi-Fi (desired `hotspot` section, with defaults). */
export interface HotspotPolicy {
  sessionMinutes: number;
  idleMinutes: number;
  dailyMinutes: number;
  maxClients: number;
  downKbps: number | undefined;
  upKbps: number | undefined;
  retentionDays: number;
}

export type AcceptResult =
  | {
      ok: true;
      /** When this session ends at the latest (UTC ms): the session limit or what is left of the day's. */
      endsAt: number;
    }
  | {
      ok: false;
      reason: 'daily-limit' | 'full';
      /** For daily-limit: when the client may connect again (UTC ms, the next local midnight). */
      retryAt?: number;
      /** What the person on the phone reads. */
      message: Bilingual;
    };

/** What the portal needs to know about a client on every request: kept in memory, so it is cheap. */
export interface ClientState {
  allowed: boolean;
  /** When the current session ends (UTC ms), if allowed. */
  endsAt?: number;
  /** Whether Connect would give more time now (the daily limit is not used up). */
  canExtend: boolean;
}

/**
 * The portal's view of sessions: who is online and letting a client in. The implementation
 * keeps the records (SQLite, salted hashes), the firewall's allow-list and the limits in step.
 */
export interface SessionGate {
  /** The client pressed Connect: allow it through the firewall, or say why not. Repeating it restarts the session. */
  accept(client: HotspotClient): Promise<AcceptResult>;
  state(client: HotspotClient): ClientState;
}

// The hotspot's "day" is the same local day (WIB) the speaker's schedule uses.
import { addDays, type Clock, type Logger, localDateOf, startOfLocalDay } from '../../core/index.js';
import type {
  HotspotEndReason,
  HotspotSessionRow,
  HotspotSessionsRepo,
} from '../../store/hotspot-sessions.js';
import { assertIpv4, normaliseMac } from '../firewall/client-address.js';
import type { Firewall, FirewallClient } from '../firewall/types.js';
import { clientHash, logName } from './client-hash.js';
import { dailyLimitMessage, fullMessage } from './messages.js';
import type { AcceptResult, ClientState, HotspotClient, HotspotPolicy, SessionGate } from './types.js';
import { clientsPerHour, type PortalUsage, portalUsage } from './usage.js';

export interface HotspotSessionsOptions {
  /** Already initialised; this class never calls init() or close() on it. */
  firewall: Firewall;
  repo: HotspotSessionsRepo;
  clock: Clock;
  /**
   * Read on every accept, tick and state(), so a new desired `hotspot` section applies at once:
   * keep it cheap (return a cached value, do not parse or query).
   */
  policy: () => HotspotPolicy;
  /** Key of the client hashes (loadSessionSecret). */
  secret: Buffer;
  log: Logger;
  /** Where "a day" is counted for the daily limit; the pole's time zone (default Asia/Jakarta, WIB). */
  timeZone?: string;
}

/** What one tick did: for logs and tests. */
export interface TickReport {
  /** Sessions that ended (limits, idle, vanished, lost across a restart). */
  ended: number;
  /** Firewall elements taken back into the records after an agent restart. */
  adopted: number;
  /** Firewall elements the records did not know, taken out of the firewall. */
  revokedUnknown: number;
  /** Old rows deleted by the retention rule. */
  pruned: number;
}

export interface HotspotSummary {
  /** Clients allowed now. */
  online: number;
  maxClients: number;
  /** Sessions started today (local date) and the distinct clients that started them. */
  sessionsToday: number;
  clientsToday: number;
  /** Bytes of today's sessions (open ones as of the last tick). */
  bytesUpToday: number;
  bytesDownToday: number;
}

/** A session the pole knows is live. The MAC and IP are kept in memory only, never stored. */
interface Live {
  id: number;
  hash: string;
  day: string;
  mac: string;
  ip: string;
  startedAt: number;
  endsAt: number;
  /** Which limit set endsAt: it names the end reason when the firewall's timeout lapses. */
  bound: 'session' | 'daily';
  /** The firewall element's counters at the last tick (they count from when it was allowed). */
  bytesUp: number;
  bytesDown: number;
  lastActiveAt: number;
}

interface Ending {
  s: Live;
  reason: HotspotEndReason;
  endedAt: number;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Less than this left of the day is not worth a session: Connect is refused for the daily limit. */
const MIN_SESSION_MS = MINUTE_MS;
/** nft timeouts count in whole seconds from a moment slightly after ours: an element gone this close to its end lapsed. */
const LAPSE_SLACK_MS = 2_000;
const PRUNE_EVERY_MS = HOUR_MS;
/** Today's MAC -> hash cache for state(); cleared if a flood of addresses grows it past this. */
const HASH_CACHE_CAP = 4096;

const keyOf = (mac: string, ip: string) => `${mac} . ${ip}`;

/**
 * Hotspot sessions: who is let through the firewall, for how long, and the records of it.
 * The firewall's allow-list (with its per-element timeouts and counters) is the truth about who
 * is online; SQLite keeps the history under per-day salted hashes; an in-memory map keyed by
 * MAC and IP answers the portal's per-request `state()` without touching either.
 *
 * Accept and tick run one at a time; a tick asked for while one runs gets that one's result.
 * stop() leaves clients online: the kernel keeps their elements, and the next start adopts them.
 */
export class HotspotSessions implements SessionGate {
  private readonly firewall: Firewall;
  private readonly repo: HotspotSessionsRepo;
  private readonly clock: Clock;
  private readonly policy: () => HotspotPolicy;
  private readonly secret: Buffer;
  private readonly log: Logger;
  private readonly timeZone: string;

  private readonly live = new Map<string, Live>();
  /** Time of today's closed sessions per client hash (ms): with the live ones, the daily limit. */
  private closed: { day: string; used: Map<string, number> } = { day: '', used: new Map() };
  private hashes: { day: string; byMac: Map<string, string> } = { day: '', byMac: new Map() };
  private chain: Promise<unknown> = Promise.resolve();
  private ticking: Promise<TickReport> | undefined;
  /** Compare open rows with the firewall at the next tick (start, or after a failed write). */
  private reconcileRows = true;
  private lastPrune = Number.NEGATIVE_INFINITY;
  private stopped = false;

  constructor(opts: HotspotSessionsOptions) {
    if (opts.secret.length < 16) throw new RangeError('hotspot session secret must be at least 16 bytes');
    this.firewall = opts.firewall;
    this.repo = opts.repo;
    this.clock = opts.clock;
    this.policy = opts.policy;
    this.secret = opts.secret;
    this.log = opts.log;
    this.timeZone = opts.timeZone ?? 'Asia/Jakarta';
  }

  /** Loads what the records say is open and reconciles it with the firewall (one tick). */
  async start(): Promise<TickReport> {
    this.stopped = false;
    this.reconcileRows = true;
    return this.tick();
  }

  /** Waits for a running accept or tick; later calls do nothing. Clients stay online. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.chain;
  }

  async accept(client: HotspotClient): Promise<AcceptResult> {
    const mac = normaliseMac(client.mac);
    const ip = assertIpv4(client.ip);
    return this.exclusive(async () => {
      if (this.stopped) throw new Error('hotspot sessions are stopped');
      const now = this.clock.now();
      const policy = this.policy();
      const day = this.dayOf(now);
      this.rollDay(day);
      const hash = this.hashOf(mac, day);
      // From the records, an open session of this client counting until now.
      const leftMs = policy.dailyMinutes * MINUTE_MS - this.repo.usedMs(hash, day, now);
      if (leftMs < MIN_SESSION_MS) {
        this.repo.refusedDaily(now);
        this.log.info({ client: logName(hash) }, 'hotspot connect refused: daily limit used up');
        return {
          ok: false,
          reason: 'daily-limit',
          retryAt: this.nextMidnight(now),
          message: dailyLimitMessage(policy.dailyMinutes),
        };
      }

      // The same phone (MAC) on any IP is this client again, not one more.
      const previous = [...this.live.values()].filter((s) => s.mac === mac);
      let others = 0;
      for (const s of this.live.values()) if (s.mac !== mac && s.endsAt > now) others++;
      if (others >= policy.maxClients) {
        this.log.info({ client: logName(hash), online: others }, 'hotspot connect refused: full');
        return { ok: false, reason: 'full', message: fullMessage() };
      }

      if (previous.length > 0) await this.readCounters(previous);
      const sessionMs = policy.sessionMinutes * MINUTE_MS;
      const timeoutS = Math.max(1, Math.floor(Math.min(sessionMs, leftMs) / 1000));
      const endsAt = now + timeoutS * 1000;
      // Allowing first: if the firewall refuses, nothing was written and the old session goes on.
      await this.firewall.allow({ mac, ip, timeoutS });
      for (const s of previous) {
        if (s.ip !== ip) await this.revokeQuietly(s.mac, s.ip, s.hash);
      }

      const fresh: Live = {
        id: 0,
        hash,
        day,
        mac,
        ip,
        startedAt: now,
        endsAt,
        bound: leftMs < sessionMs ? 'daily' : 'session',
        bytesUp: 0,
        bytesDown: 0,
        lastActiveAt: now,
      };
      try {
        fresh.id = this.repo.transaction(() => {
          for (const s of previous) this.endRow({ s, reason: 'renewed', endedAt: now });
          return this.repo.start({ clientHash: hash, day, startedAt: now, endsAt });
        });
      } catch (err) {
        // Nothing half-applied: take the permission back; the next tick squares the old rows.
        await this.revokeQuietly(mac, ip, hash);
        for (const s of previous) this.live.delete(keyOf(s.mac, s.ip));
        this.reconcileRows = true;
        throw err;
      }
      for (const s of previous) this.forget({ s, reason: 'renewed', endedAt: now });
      this.live.set(keyOf(mac, ip), fresh);
      this.log.info(
        {
          client: logName(hash),
          session: fresh.id,
          minutes: Math.round(timeoutS / 60),
          renewed: previous.length > 0,
        },
        'hotspot session started',
      );
      return { ok: true, endsAt };
    });
  }

  /** From memory only: the portal asks on every request. */
  state(client: HotspotClient): ClientState {
    const mac = typeof client.mac === 'string' ? client.mac.toLowerCase().replaceAll('-', ':') : '';
    const now = this.clock.now();
    const s = this.live.get(keyOf(mac, client.ip));
    const policy = this.policy();
    if (s && s.endsAt > now) {
      // Connect restarts the session: worth it when that gives at least a minute more.
      const left = this.leftTodayMs(s.hash, s.day, now, policy);
      const wouldEnd = now + Math.min(policy.sessionMinutes * MINUTE_MS, left);
      return { allowed: true, endsAt: s.endsAt, canExtend: wouldEnd - s.endsAt >= MINUTE_MS };
    }
    const day = this.dayOf(now);
    const left = this.leftTodayMs(this.hashOf(mac, day), day, now, policy);
    return { allowed: false, canExtend: left >= MIN_SESSION_MS };
  }

  /**
   * Squares the records with the firewall: counters and idle time, sessions whose time lapsed,
   * and (after a restart) firewall elements and open rows the other does not have. Overlapping
   * calls share one run.
   */
  tick(): Promise<TickReport> {
    if (this.ticking) return this.ticking;
    const run = this.exclusive(() => this.reconcile()).finally(() => {
      this.ticking = undefined;
    });
    this.ticking = run;
    return run;
  }

  /** Takes a client's permission back now (admin); false if it had no live session. */
  async revoke(client: HotspotClient): Promise<boolean> {
    const mac = normaliseMac(client.mac);
    const ip = assertIpv4(client.ip);
    return this.exclusive(async () => {
      const s = this.live.get(keyOf(mac, ip));
      if (!s) return false;
      await this.firewall.revoke({ mac, ip });
      const ending: Ending = { s, reason: 'revoked', endedAt: this.clock.now() };
      this.repo.transaction(() => this.endRow(ending));
      this.forget(ending);
      return true;
    });
  }

  /** Deletes session rows that ended more than the retention period ago; tick does it hourly. */
  prune(): number {
    const now = this.clock.now();
    this.lastPrune = now;
    const removed = this.repo.prune(now - this.policy().retentionDays * DAY_MS);
    if (removed > 0) this.log.info({ removed }, 'hotspot session records pruned');
    return removed;
  }

  /** The `portal` usage event's data for [from, to). */
  usageSince(from: number, to: number): PortalUsage {
    return portalUsage(this.repo, from, to, this.clock.now());
  }

  /** Clients allowed now. */
  clientCount(): number {
    const now = this.clock.now();
    let n = 0;
    for (const s of this.live.values()) if (s.endsAt > now) n++;
    return n;
  }

  /** Distinct clients online in each hour of [from, to): the admin's 24-hour chart. */
  clientsPerHour(from: number, to: number): { hour: number; clients: number }[] {
    return clientsPerHour(this.repo, from, to, this.clock.now());
  }

  /** For the admin overview. */
  summary(): HotspotSummary {
    const now = this.clock.now();
    const today = this.repo.dayTotals(this.dayOf(now));
    return {
      online: this.clientCount(),
      maxClients: this.policy().maxClients,
      sessionsToday: today.sessions,
      clientsToday: today.clients,
      bytesUpToday: today.bytesUp,
      bytesDownToday: today.bytesDown,
    };
  }

  private async reconcile(): Promise<TickReport> {
    const report: TickReport = { ended: 0, adopted: 0, revokedUnknown: 0, pruned: 0 };
    if (this.stopped) return report;
    const now = this.clock.now();
    const policy = this.policy();
    const idleMs = policy.idleMinutes * MINUTE_MS;
    this.rollDay(this.dayOf(now));

    const elements = new Map<string, FirewallClient>();
    for (const e of await this.firewall.list()) elements.set(keyOf(e.mac, e.ip), e);

    const moved = new Set<Live>();
    const endings: Ending[] = [];
    const toRevoke: { mac: string; ip: string; ending?: Ending; hash?: string }[] = [];
    const observe = (s: Live, el: FirewallClient) => {
      const up = el.bytesUp ?? s.bytesUp;
      const down = el.bytesDown ?? s.bytesDown;
      if (up !== s.bytesUp || down !== s.bytesDown) {
        s.bytesUp = up;
        s.bytesDown = down;
        s.lastActiveAt = now;
        moved.add(s);
      }
      if (now - s.lastActiveAt >= idleMs) {
        const ending: Ending = { s, reason: 'idle', endedAt: now };
        toRevoke.push({ mac: s.mac, ip: s.ip, ending });
      }
    };

    for (const [key, s] of this.live) {
      const el = elements.get(key);
      elements.delete(key);
      if (el) {
        observe(s, el);
      } else if (now >= s.endsAt - LAPSE_SLACK_MS) {
        // The kernel's timeout lapsed: the session or what was left of the day ran out.
        endings.push({
          s,
          reason: s.bound === 'daily' ? 'daily-limit' : 'session-limit',
          endedAt: Math.min(now, s.endsAt),
        });
      } else {
        endings.push({ s, reason: 'expired', endedAt: now });
      }
    }

    // After a restart: elements the map does not know, and open rows nobody is live for.
    const adopted: Live[] = [];
    const lostRows: HotspotSessionRow[] = [];
    if (elements.size > 0 || this.reconcileRows) {
      const liveIds = new Set([...this.live.values()].map((s) => s.id));
      const orphans = this.repo.open().filter((r) => !liveIds.has(r.id));
      const taken = new Set<number>();
      for (const el of elements.values()) {
        const row = this.matchRow(el.mac, orphans, taken);
        if (!row) {
          toRevoke.push({ mac: el.mac, ip: el.ip });
          continue;
        }
        taken.add(row.id);
        const s: Live = {
          id: row.id,
          hash: row.clientHash,
          day: row.day,
          mac: el.mac,
          ip: el.ip,
          startedAt: row.startedAt,
          endsAt: row.endsAt,
          bound:
            row.endsAt - row.startedAt < policy.sessionMinutes * MINUTE_MS - LAPSE_SLACK_MS
              ? 'daily'
              : 'session',
          bytesUp: row.bytesUp,
          bytesDown: row.bytesDown,
          lastActiveAt: row.lastActiveAt,
        };
        adopted.push(s);
        observe(s, el);
      }
      for (const row of orphans) if (!taken.has(row.id)) lostRows.push(row);
      this.reconcileRows = false;
    }

    // Out of the firewall first: a row is closed only once its permission is really gone.
    for (const r of toRevoke) {
      try {
        await this.firewall.revoke({ mac: r.mac, ip: r.ip });
        if (r.ending) endings.push(r.ending);
        else report.revokedUnknown++;
      } catch (err) {
        this.log.warn(
          { err: (err as Error).message },
          'hotspot: could not revoke a client; trying again next tick',
        );
      }
    }

    const ended = new Set(endings.map((e) => e.s));
    const lostEndings = lostRows.map((row) => ({ row, endedAt: restartEnd(row, now) }));
    this.repo.transaction(() => {
      for (const s of moved)
        if (!ended.has(s)) this.repo.traffic(s.id, s.bytesUp, s.bytesDown, s.lastActiveAt);
      for (const e of endings) this.endRow(e);
      for (const { row, endedAt } of lostEndings) this.repo.end(row.id, { endedAt, reason: 'restart' });
    });

    for (const s of adopted) {
      if (!ended.has(s)) this.live.set(keyOf(s.mac, s.ip), s);
    }
    for (const e of endings) {
      this.forget(e);
      this.log.info(
        {
          client: logName(e.s.hash),
          session: e.s.id,
          reason: e.reason,
          minutes: minutes(e.endedAt - e.s.startedAt),
        },
        'hotspot session ended',
      );
    }
    for (const { row, endedAt } of lostEndings) {
      this.addClosed(row.clientHash, row.day, endedAt - row.startedAt);
      this.log.info(
        { client: logName(row.clientHash), session: row.id },
        'hotspot session lost across a restart',
      );
    }
    report.ended = endings.length + lostEndings.length;
    report.adopted = adopted.length - adopted.filter((s) => ended.has(s)).length;
    if (report.adopted > 0)
      this.log.info({ adopted: report.adopted }, 'hotspot sessions adopted after a restart');
    if (report.revokedUnknown > 0) {
      this.log.warn(
        { revoked: report.revokedUnknown },
        'hotspot: firewall clients without a record were revoked',
      );
    }

    if (now - this.lastPrune >= PRUNE_EVERY_MS) report.pruned = this.prune();
    return report;
  }

  /** The open row (of any day) whose hash is this MAC's, not yet matched to another element. */
  private matchRow(
    rawMac: string,
    rows: HotspotSessionRow[],
    taken: Set<number>,
  ): HotspotSessionRow | undefined {
    let mac: string;
    try {
      mac = normaliseMac(rawMac);
    } catch {
      return undefined;
    }
    const byDay = new Map<string, string>();
    return rows.find((r) => {
      if (taken.has(r.id)) return false;
      let hash = byDay.get(r.day);
      if (hash === undefined) {
        hash = clientHash(this.secret, r.day, mac);
        byDay.set(r.day, hash);
      }
      return hash === r.clientHash;
    });
  }

  private endRow(e: Ending): void {
    this.repo.end(e.s.id, {
      endedAt: e.endedAt,
      reason: e.reason,
      bytesUp: e.s.bytesUp,
      bytesDown: e.s.bytesDown,
      lastActiveAt: e.s.lastActiveAt,
    });
  }

  /** After its row is closed: out of the map, its time into the day's total. */
  private forget(e: Ending): void {
    const key = keyOf(e.s.mac, e.s.ip);
    if (this.live.get(key) === e.s) this.live.delete(key);
    this.addClosed(e.s.hash, e.s.day, e.endedAt - e.s.startedAt);
  }

  private addClosed(hash: string, day: string, ms: number): void {
    if (day !== this.closed.day) return;
    this.closed.used.set(hash, (this.closed.used.get(hash) ?? 0) + Math.max(0, ms));
  }

  /** Time left of the client's day, from memory (closed sessions, plus live ones until now). */
  private leftTodayMs(hash: string, day: string, now: number, policy: HotspotPolicy): number {
    let used = day === this.closed.day ? (this.closed.used.get(hash) ?? 0) : 0;
    for (const s of this.live.values()) {
      if (s.hash === hash) used += Math.max(0, Math.min(now, s.endsAt) - s.startedAt);
    }
    return policy.dailyMinutes * MINUTE_MS - used;
  }

  /** At a new local day: today's closed time from the records, and a fresh hash cache. */
  private rollDay(day: string): void {
    if (this.closed.day !== day) this.closed = { day, used: this.repo.closedMsByClient(day) };
  }

  private hashOf(mac: string, day: string): string {
    if (this.hashes.day !== day || this.hashes.byMac.size >= HASH_CACHE_CAP) {
      this.hashes = { day, byMac: new Map() };
    }
    let hash = this.hashes.byMac.get(mac);
    if (hash === undefined) {
      hash = clientHash(this.secret, day, mac);
      this.hashes.byMac.set(mac, hash);
    }
    return hash;
  }

  private dayOf(ms: number): string {
    return localDateOf(ms, this.timeZone);
  }

  private nextMidnight(now: number): number {
    return startOfLocalDay(addDays(this.dayOf(now), 1), this.timeZone);
  }

  /** The latest counters of sessions about to be renewed (re-allowing resets them). Best effort. */
  private async readCounters(sessions: Live[]): Promise<void> {
    try {
      const list = await this.firewall.list();
      for (const s of sessions) {
        const el = list.find((e) => e.mac === s.mac && e.ip === s.ip);
        if (el) {
          s.bytesUp = el.bytesUp ?? s.bytesUp;
          s.bytesDown = el.bytesDown ?? s.bytesDown;
        }
      }
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'hotspot: could not read counters before renewing');
    }
  }

  private async revokeQuietly(mac: string, ip: string, hash: string): Promise<void> {
    try {
      await this.firewall.revoke({ mac, ip });
    } catch (err) {
      this.log.warn({ client: logName(hash), err: (err as Error).message }, 'hotspot: revoke failed');
    }
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn);
    this.chain = run.catch(() => undefined);
    return run;
  }
}

/**
 * When a row lost its firewall element while the agent was down, the pole cannot know when the
 * client really left; the last time its counters moved is the best evidence, and charging the
 * dark hours to the person's day would be unfair.
 */
function restartEnd(row: HotspotSessionRow, now: number): number {
  return Math.max(row.startedAt, Math.min(row.lastActiveAt, row.endsAt, now));
}

const minutes = (ms: number) => Math.round(ms / MINUTE_MS);

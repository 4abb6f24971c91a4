/**
 * Keeps the agent alive: start it, wait for /healthz, restart it with backoff when it
 * dies, and give up after a crash loop (too many exits in a short window) rather than
 * spinning — a pole that restarts its agent every second helps nobody and hides the fault.
 */

/** The started agent as the supervisor needs it (an Electron UtilityProcess in the shell). */
export interface AgentChild {
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

export type SupervisorState =
  | { kind: 'starting'; attempt: number }
  | { kind: 'healthy'; since: number }
  | { kind: 'restarting'; inMs: number; lastExit: number | null }
  | { kind: 'crash-loop'; exits: number; windowMs: number; lastExit: number | null }
  | { kind: 'stopped' };

export interface SupervisorOptions {
  spawn: () => AgentChild;
  /** One /healthz probe: true on a 200. */
  healthy: () => Promise<boolean>;
  onState: (state: SupervisorState) => void;
  now?: () => number;
  /** First restart delay, doubled per consecutive failure up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** This many exits within crashWindowMs is a crash loop: stop restarting. */
  crashLimit?: number;
  crashWindowMs?: number;
  /** A start that has not answered /healthz by then counts as a failed start. */
  startTimeoutMs?: number;
  probeEveryMs?: number;
}

export class AgentSupervisor {
  private child: AgentChild | undefined;
  private readonly exits: number[] = [];
  private attempt = 0;
  private consecutiveFailures = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  state: SupervisorState = { kind: 'stopped' };
  private readonly o: Required<Omit<SupervisorOptions, 'spawn' | 'healthy' | 'onState'>> &
    Pick<SupervisorOptions, 'spawn' | 'healthy' | 'onState'>;

  constructor(opts: SupervisorOptions) {
    this.o = {
      now: Date.now,
      backoffMs: 1000,
      maxBackoffMs: 30_000,
      crashLimit: 5,
      crashWindowMs: 120_000,
      startTimeoutMs: 30_000,
      probeEveryMs: 250,
      ...opts,
    };
  }

  private set(state: SupervisorState): void {
    this.state = state;
    this.o.onState(state);
  }

  start(): void {
    this.stopped = false;
    this.launch();
  }

  private launch(): void {
    if (this.stopped) return;
    this.attempt += 1;
    this.set({ kind: 'starting', attempt: this.attempt });
    const child = this.o.spawn();
    this.child = child;
    let exited = false;
    child.onExit((code) => {
      exited = true;
      if (this.child === child) this.onExit(code);
    });
    void this.waitHealthy(child, () => exited);
  }

  private async waitHealthy(child: AgentChild, exited: () => boolean): Promise<void> {
    const deadline = this.o.now() + this.o.startTimeoutMs;
    while (!this.stopped && !exited() && this.child === child) {
      if (await this.o.healthy().catch(() => false)) {
        if (this.child !== child || exited()) return;
        this.consecutiveFailures = 0;
        this.set({ kind: 'healthy', since: this.o.now() });
        return;
      }
      if (this.o.now() > deadline) {
        // Alive but never healthy: treat as a failed start, and let the exit handler restart it.
        child.kill();
        return;
      }
      await new Promise((r) => setTimeout(r, this.o.probeEveryMs));
    }
  }

  private onExit(code: number | null): void {
    this.child = undefined;
    if (this.stopped) {
      this.set({ kind: 'stopped' });
      return;
    }
    const now = this.o.now();
    this.exits.push(now);
    while (this.exits.length > 0 && now - this.exits[0]! > this.o.crashWindowMs) this.exits.shift();
    if (this.exits.length >= this.o.crashLimit) {
      this.set({
        kind: 'crash-loop',
        exits: this.exits.length,
        windowMs: this.o.crashWindowMs,
        lastExit: code,
      });
      return;
    }
    this.consecutiveFailures += 1;
    const inMs = Math.min(this.o.maxBackoffMs, this.o.backoffMs * 2 ** (this.consecutiveFailures - 1));
    this.set({ kind: 'restarting', inMs, lastExit: code });
    this.timer = setTimeout(() => this.launch(), inMs);
  }

  /** After a technician fixed the cause (or from the service screen): try again from a clean slate. */
  retry(): void {
    if (this.state.kind !== 'crash-loop') return;
    this.exits.length = 0;
    this.consecutiveFailures = 0;
    this.launch();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    const child = this.child;
    if (child) child.kill();
    else this.set({ kind: 'stopped' });
  }
}

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PhoneAnswer, PhoneHttp, PhoneTcp } from './netns-phone-main.js';

/**
 * A hotspot in network namespaces: a "phone", a "pole" and an "internet", joined by veth
 * pairs the way a real pole joins its Wi-Fi clients and its uplink.
 *
 *   phone ns            pole ns                         internet ns
 *   ph0 10.42.0.50 ──── hs0 10.42.0.1   up0 192.0.2.1 ──── in0 192.0.2.2 (web server)
 *
 * The pole forwards between hs0 and up0; the phone's default route is the pole.
 */

const here = path.dirname(fileURLToPath(import.meta.url));

/** What the lab's internet (fake-internet-main.ts) answers for any page that is not a probe. */
export const INTERNET_MARKER = 'hello from the internet';

/** Why namespaces cannot be used here, or undefined when they can. */
export function netnsUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'network namespaces need root (tests run as root in CI)';
  const name = `tiang-probe-${randomBytes(3).toString('hex')}`;
  const add = spawnSync('ip', ['netns', 'add', name], { encoding: 'utf8' });
  if (add.error) return `cannot run ip (${add.error.message}): install iproute2`;
  if (add.status !== 0) return `ip netns add failed: ${add.stderr.trim()}`;
  const nft = spawnSync('ip', ['netns', 'exec', name, 'nft', 'list', 'ruleset'], { encoding: 'utf8' });
  spawnSync('ip', ['netns', 'del', name]);
  if (nft.error || nft.status !== 0) return `nft does not run in a namespace: ${nft.stderr || nft.error}`;
  return undefined;
}

/**
 * Creates an empty network namespace for kernel checks of nft rules, so they never touch this
 * machine's firewall. Returns why it cannot, or undefined once the namespace exists.
 */
export function createNamespace(name: string): string | undefined {
  if (process.getuid?.() !== 0)
    return 'not root: nft and network namespaces need root (CI runs tests as root)';
  const nft = spawnSync('nft', ['--version'], { encoding: 'utf8' });
  if (nft.error) return 'nft is not installed (scripts/setup.sh test installs it)';
  const add = spawnSync('ip', ['netns', 'add', name], { encoding: 'utf8' });
  if (add.error) return `ip is not installed (${add.error.message})`;
  if (add.status !== 0) return `ip netns add failed: ${add.stderr.trim()}`;
  return undefined;
}

export interface LabOptions {
  /** Hotspot network prefix length (24 by default; the accept benchmark uses 22 for 500 clients). */
  prefixLength?: number;
  /**
   * Extra phones in the phone namespace, one per address, each with its own MAC (a macvlan
   * on ph0, and a routing rule so a socket bound to the address leaves through it).
   */
  extraPhoneAddresses?: string[];
}

export interface HotspotLab {
  ns: { phone: string; pole: string; internet: string };
  poleAddress: string;
  phoneAddress: string;
  internetAddress: string;
  /** MAC of the phone's interface, as the pole sees it. */
  phoneMac: string;
  /** Runs a command in a namespace and waits. */
  run(ns: string, argv: string[], input?: string): { status: number | null; stdout: string; stderr: string };
  /** Starts a long-running process in a namespace (stopped by destroy()). */
  spawnIn(ns: string, argv: string[], env?: Record<string, string>): ChildProcess;
  destroy(): void;
}

function ip(args: string[]): string {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr.trim() || r.error?.message}`);
  return r.stdout;
}

/**
 * Many phones from one namespace: a macvlan (own MAC) per address. Each address answers ARP
 * only on its own interface, and a rule per address sends what is bound to it out of it, so
 * the pole sees as many MACs as addresses. One `ip -batch`: 500 phones take about a second.
 */
function addExtraPhones(phoneNs: string, addresses: readonly string[], prefix: number): void {
  if (addresses.length === 0) return;
  for (const key of ['all.arp_ignore=1', 'all.arp_announce=2', 'all.rp_filter=0', 'default.rp_filter=0']) {
    const r = spawnSync('ip', ['netns', 'exec', phoneNs, 'sysctl', '-qw', `net.ipv4.conf.${key}`]);
    if (r.status !== 0) throw new Error(`sysctl ${key} failed in the phone namespace`);
  }
  const lines = addresses.flatMap((address, i) => {
    const dev = `mv${i}`;
    const table = String(1000 + i);
    return [
      `link add ${dev} link ph0 type macvlan mode bridge`,
      `addr add ${address}/${prefix} dev ${dev} noprefixroute`,
      `link set ${dev} up`,
      `route add 10.42.0.0/${prefix} dev ${dev} src ${address} table ${table}`,
      `route add default via 10.42.0.1 dev ${dev} table ${table}`,
      `rule add from ${address} table ${table}`,
    ];
  });
  const r = spawnSync('ip', ['-n', phoneNs, '-batch', '-'], {
    input: `${lines.join('\n')}\n`,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`adding ${addresses.length} phones failed: ${r.stderr.trim()}`);
}

const NEIGH_SYSCTL = 'net.ipv4.neigh.default.gc_thresh';

/**
 * The kernel's ARP table limits are one budget for every namespace: the pole's entry for each
 * phone and each phone's entry for the pole count together. Past gc_thresh3 (1024 by default)
 * new entries are refused ("neighbor table overflow"), and a SYN waits a second for its
 * retransmit; past gc_thresh2 the table is garbage-collected in the middle of traffic. A real
 * pole has one entry per client. For many lab phones the limits are raised until destroy(),
 * which puts the old values back. Returns that undo.
 */
function raiseNeighbourLimits(phones: number): () => void {
  if (phones === 0) return () => undefined;
  const old = new Map<string, number>();
  for (const [n, wanted] of [
    [2, 4 * phones + 512],
    [3, 8 * phones + 1024],
  ] as const) {
    const key = `${NEIGH_SYSCTL}${n}`;
    const r = spawnSync('sysctl', ['-n', key], { encoding: 'utf8' });
    const current = Number(r.stdout.trim());
    if (r.status !== 0 || !Number.isFinite(current))
      throw new Error(`cannot read ${key}: ${r.stderr.trim()}`);
    if (current >= wanted) continue;
    const w = spawnSync('sysctl', ['-qw', `${key}=${wanted}`], { encoding: 'utf8' });
    if (w.status !== 0) throw new Error(`cannot raise ${key} to ${wanted}: ${w.stderr.trim()}`);
    old.set(key, current);
  }
  return () => {
    for (const [key, value] of old) spawnSync('sysctl', ['-qw', `${key}=${value}`]);
  };
}

export function createHotspotLab(opts: LabOptions = {}): HotspotLab {
  const tag = randomBytes(3).toString('hex');
  const ns = { phone: `tphone-${tag}`, pole: `tpole-${tag}`, internet: `tinet-${tag}` };
  const prefix = opts.prefixLength ?? 24;
  const children: ChildProcess[] = [];
  const created: string[] = [];
  let restoreNeighbourLimits: () => void = () => undefined;
  const destroy = () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    // Deleting a namespace deletes its veth ends (and their peers).
    for (const n of created) spawnSync('ip', ['netns', 'del', n]);
    restoreNeighbourLimits();
  };
  try {
    for (const n of Object.values(ns)) {
      ip(['netns', 'add', n]);
      created.push(n);
      ip(['-n', n, 'link', 'set', 'lo', 'up']);
    }
    ip(['link', 'add', 'hs0', 'netns', ns.pole, 'type', 'veth', 'peer', 'name', 'ph0', 'netns', ns.phone]);
    ip(['link', 'add', 'up0', 'netns', ns.pole, 'type', 'veth', 'peer', 'name', 'in0', 'netns', ns.internet]);
    ip(['-n', ns.pole, 'addr', 'add', `10.42.0.1/${prefix}`, 'dev', 'hs0']);
    ip(['-n', ns.pole, 'addr', 'add', '192.0.2.1/24', 'dev', 'up0']);
    ip(['-n', ns.phone, 'addr', 'add', `10.42.0.50/${prefix}`, 'dev', 'ph0']);
    ip(['-n', ns.internet, 'addr', 'add', '192.0.2.2/24', 'dev', 'in0']);
    for (const [n, dev] of [
      [ns.pole, 'hs0'],
      [ns.pole, 'up0'],
      [ns.phone, 'ph0'],
      [ns.internet, 'in0'],
    ] as const) {
      ip(['-n', n, 'link', 'set', dev, 'up']);
    }
    ip(['-n', ns.phone, 'route', 'add', 'default', 'via', '10.42.0.1']);
    restoreNeighbourLimits = raiseNeighbourLimits(opts.extraPhoneAddresses?.length ?? 0);
    addExtraPhones(ns.phone, opts.extraPhoneAddresses ?? [], prefix);
    const fwd = spawnSync('ip', ['netns', 'exec', ns.pole, 'sysctl', '-qw', 'net.ipv4.ip_forward=1']);
    if (fwd.status !== 0) throw new Error('cannot turn on forwarding in the pole namespace');
  } catch (err) {
    destroy();
    throw err;
  }
  const link = JSON.parse(ip(['-n', ns.phone, '-j', 'link', 'show', 'ph0'])) as { address: string }[];
  return {
    ns,
    poleAddress: '10.42.0.1',
    phoneAddress: '10.42.0.50',
    internetAddress: '192.0.2.2',
    phoneMac: link[0]!.address,
    run: (n, argv, input) => {
      const r = spawnSync('ip', ['netns', 'exec', n, ...argv], { encoding: 'utf8', input, timeout: 60_000 });
      return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
    },
    spawnIn: (n, argv, env) => {
      const child = spawn('ip', ['netns', 'exec', n, ...argv], {
        env: { ...process.env, ...env },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      children.push(child);
      return child;
    },
    destroy,
  };
}

/** `node` running a TypeScript helper from test/helpers (through tsx). */
export const tsHelper = (file: string): string[] => [
  process.execPath,
  '--import',
  'tsx',
  path.join(here, file),
];

/** Talks to a netns-phone-main.ts process: requests made from inside the phone namespace. */
export class Phone {
  private next = 1;
  private readonly waiting = new Map<number, (a: PhoneAnswer) => void>();
  private buffer = '';

  constructor(private readonly child: ChildProcess) {
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      this.buffer += d;
      for (let nl = this.buffer.indexOf('\n'); nl >= 0; nl = this.buffer.indexOf('\n')) {
        const answer = JSON.parse(this.buffer.slice(0, nl)) as PhoneAnswer;
        this.buffer = this.buffer.slice(nl + 1);
        this.waiting.get(answer.id)?.(answer);
        this.waiting.delete(answer.id);
      }
    });
  }

  static start(lab: HotspotLab): Phone {
    return new Phone(lab.spawnIn(lab.ns.phone, tsHelper('netns-phone-main.ts')));
  }

  http(req: Omit<PhoneHttp, 'op'>): Promise<PhoneAnswer> {
    return this.send({ op: 'http', ...req });
  }

  tcp(req: Omit<PhoneTcp, 'op'>): Promise<PhoneAnswer> {
    return this.send({ op: 'tcp', ...req });
  }

  private send(req: PhoneHttp | PhoneTcp): Promise<PhoneAnswer> {
    const id = this.next++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.child.stdin!.write(`${JSON.stringify({ ...req, id })}\n`);
    });
  }
}

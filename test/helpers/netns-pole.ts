import type { ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { cliPath, repoRoot } from './agent-process.js';
import type { HotspotLab, Phone } from './netns.js';
import { tempDir } from './temp-dir.js';

export const LAB_PORTAL_PORT = 8081;
export const LAB_DEVICE = 'blt-sim-001';

/** Services a pole runs that no hotspot user may reach, by port. */
export const POLE_PRIVATE_PORTS = { ssh: 22, agentApi: 8080, mqtt: 1883, mqttTls: 8883 } as const;

export interface LabPole {
  proc: ChildProcess;
  dataDir: string;
  output: () => string;
  /** Publishes a desired document through the pole's own broker, signed with the simulator's key. */
  pushDesired: (doc: Record<string, unknown>) => void;
  /** `nft` in the pole namespace. */
  nft: (...args: string[]) => string;
  stop: () => Promise<void>;
}

/**
 * The real agent (`tiang start --sim`: simulated GPIO, serial and sound card) inside the pole
 * namespace, with the real nft firewall on hs0 and the portal on an unprivileged port that
 * the ruleset redirects port 80 to. Resolves when the phone reaches the portal.
 */
export async function startLabPole(lab: HotspotLab, phone: Phone, prefixLength = 24): Promise<LabPole> {
  const tmp = tempDir('tiang-lab-pole-');
  const config = parse(
    readFileSync(path.join(repoRoot, 'deploy', 'sim', 'tiang.sim.yaml'), 'utf8'),
  ) as Record<string, Record<string, unknown>>;
  Object.assign(config, {
    dataDir: tmp.path,
    portal: {
      enabled: true,
      interface: 'hs0',
      address: lab.poleAddress,
      port: LAB_PORTAL_PORT,
      prefixLength,
      dhcpRange: { start: '10.42.0.10', end: prefixLength === 24 ? '10.42.0.250' : '10.42.3.250' },
      uplinkInterface: 'up0',
      dnsServers: [lab.internetAddress],
    },
    firewall: { table: 'tiang', driver: 'nft' },
  });
  config.log = { level: 'info' };
  const configFile = path.join(tmp.path, 'tiang.yaml');
  writeFileSync(configFile, stringify(config));

  // Things a careless pole might expose on the hotspot address: the firewall must hide them.
  const decoys = lab.spawnIn(lab.ns.pole, [
    process.execPath,
    '-e',
    `for (const p of ${JSON.stringify(Object.values(POLE_PRIVATE_PORTS))}) require('net').createServer((s) => s.end('private\\n')).listen(p, ${JSON.stringify(lab.poleAddress)});`,
  ]);
  const proc = lab.spawnIn(lab.ns.pole, [
    process.execPath,
    cliPath,
    'start',
    '--sim',
    '--config',
    configFile,
  ]);
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  proc.stderr!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    }
    decoys.kill('SIGKILL');
    tmp.remove();
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null)
      throw new Error(`the pole agent exited (${proc.exitCode}):\n${out.slice(-4000)}`);
    const r = await phone.http({
      url: `http://${lab.poleAddress}:${LAB_PORTAL_PORT}/captive-portal/api`,
      timeoutMs: 500,
    });
    if (r.status === 200) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the portal did not answer the phone within 30 s:\n${out.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    proc,
    dataDir: tmp.path,
    output: () => out,
    pushDesired: (doc) => {
      const file = path.join(tmp.path, `desired-${Date.now()}.yaml`);
      writeFileSync(file, stringify(doc));
      const r = lab.run(lab.ns.pole, [
        process.execPath,
        path.join(repoRoot, 'dist', 'tools', 'tiangctl', 'main.js'),
        'desired',
        'push',
        file,
        '--device',
        LAB_DEVICE,
        '--broker',
        'mqtt://127.0.0.1:1883',
        '--key',
        path.join(tmp.path, 'control-room-sim.key'),
        '--kid',
        'sim-control-room',
      ]);
      if (r.status !== 0) throw new Error(`tiangctl desired push failed: ${r.stdout}${r.stderr}`);
    },
    nft: (...args) => {
      const r = lab.run(lab.ns.pole, ['nft', ...args]);
      if (r.status !== 0) throw new Error(`nft ${args.join(' ')}: ${r.stderr}`);
      return r.stdout;
    },
    stop,
  };
}

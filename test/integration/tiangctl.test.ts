import { spawn } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/agent-process.js';
import { type Mosquitto, startMosquitto } from '../helpers/mosquitto.js';
import { startSimPole } from '../helpers/sim-pole.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';

const ctlPath = path.join(repoRoot, 'dist', 'tools', 'tiangctl', 'main.js');
const DEVICE = 'blt-sim-001';

function ctl(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const p = spawn(process.execPath, [ctlPath, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    p.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('tiangctl against a real mosquitto and a simulated pole', () => {
  let broker: Mosquitto;
  let sim: Awaited<ReturnType<typeof startSimPole>>;
  let dir: ReturnType<typeof tempDir>;
  let env: Record<string, string>;

  beforeAll(async () => {
    broker = await startMosquitto();
    sim = await startSimPole({ TIANG_MQTT_URL: broker.url });
    await until(() => sim.pole.sync.link?.connected === true);
    dir = tempDir();
    env = {
      TIANGCTL_BROKER: broker.url,
      TIANGCTL_KEY: sim.pole.sync.simulatorKeyFile!,
      TIANGCTL_KID: 'sim-control-room',
    };
  }, 30_000);
  afterAll(async () => {
    await sim?.dispose();
    await broker?.dispose();
    dir?.remove();
  });

  it('keygen writes a private key only its owner can read and prints the pole config lines', async () => {
    const key = path.join(dir.path, 'cr.key');
    const r = await ctl(['keygen', '--out', key, '--kid', 'cr-2026-1']);
    expect(r.code).toBe(0);
    expect(statSync(key).mode & 0o777).toBe(0o600);
    expect(r.stdout).toMatch(/trustedKeys:\n {4}cr-2026-1: [A-Za-z0-9_-]{43}\n/);
    const again = await ctl(['keygen', '--out', key]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/exists; refusing to overwrite/);
  });

  it('refuses a bad desired file before publishing anything, naming what is wrong', async () => {
    const bad = path.join(dir.path, 'bad.yaml');
    writeFileSync(bad, 'version: 0\nschedule:\n  - id: x\n    title: { id: A }\n');
    const r = await ctl(['desired', 'push', bad, '--device', DEVICE], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/version: Too small/);
    expect(r.stderr).toMatch(/schedule\.0\.title\.en/);
    const notYaml = path.join(dir.path, 'broken.yaml');
    writeFileSync(notYaml, 'version: [1\n');
    expect((await ctl(['desired', 'push', notYaml, '--device', DEVICE], env)).stderr).toMatch(
      /not valid YAML/,
    );
    const noKey = await ctl(['desired', 'push', bad, '--device', DEVICE], {
      ...env,
      TIANGCTL_KEY: '/nonexistent.key',
    });
    expect(noKey.code).toBe(2);
    expect(sim.pole.sync.applier.version).toBe(1);
  });

  it('pushes a desired document to a device, then to a group found from reported state', async () => {
    const file = path.join(dir.path, 'desired.yaml');
    writeFileSync(
      file,
      'version: 7\nsettings:\n  groups: [sim, kanigoro]\nkiosk:\n  ticker:\n    - { id: Halo, en: Hello }\n',
    );
    const r = await ctl(['desired', 'push', file, '--device', DEVICE], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/desired version 7 → blt-sim-001/);
    await until(() => sim.pole.sync.applier.version === 7);
    writeFileSync(file, 'version: 8\nsettings:\n  groups: [sim, kanigoro]\n');
    // The pole's retained reported state (groups) tells tiangctl who is in "kanigoro".
    await until(
      async () => {
        const g = await ctl(['desired', 'push', file, '--group', 'kanigoro'], env);
        return g.code === 0;
      },
      15_000,
      500,
    );
    await until(() => sim.pole.sync.applier.version === 8);
  });

  it('sends commands and waits for their acks', async () => {
    const play = await ctl(
      ['cmd', 'play', '--device', DEVICE, '--tts', 'Tes satu dua', '--priority', 'announcement'],
      env,
    );
    expect(play.code).toBe(0);
    expect(play.stdout).toMatch(/blt-sim-001 {2}accepted/);
    expect(play.stdout).toMatch(/blt-sim-001 {2}done/);
    const missing = await ctl(['cmd', 'play', '--device', DEVICE, '--content', 'tidak-ada'], env);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/rejected {2}content "tidak-ada" is not on this pole/);
    const vol = await ctl(['cmd', 'volume', '35', '--device', DEVICE], env);
    expect(vol.code).toBe(0);
    expect(await sim.pole.speaker.mixer.getVolume()).toBe(35);
    const bad = await ctl(['cmd', 'volume', '350', '--device', DEVICE], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/volume: Too big/);
    expect((await ctl(['cmd', 'stop', '--all'], env)).stderr).toMatch(/--device ID or --group G/);
  });

  it('sends a CAP alert from a file and refuses an invalid one', async () => {
    const ok = await ctl(
      ['alert', 'send', path.join(repoRoot, 'test', 'fixtures', 'cap', 'kelud-exercise.xml')],
      env,
    );
    expect(ok.code).toBe(0);
    await until(() => sim.pole.sync.alerts.views().length > 0);
    const bad = path.join(dir.path, 'bad.xml');
    writeFileSync(
      bad,
      '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>x</identifier></alert>',
    );
    const r = await ctl(['alert', 'send', bad], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a valid CAP 1.2 alert: alert\.sender/);
    sim.pole.speaker.player.stopAll('test');
  });

  it('shows poles from their retained status and reported state, and follows events', async () => {
    const s = await ctl(['status', '--wait', '2s'], env);
    expect(s.code).toBe(0);
    expect(s.stdout).toMatch(/^POLE\s+STATE\s+SINCE\s+DESIRED/m);
    expect(s.stdout).toMatch(/blt-sim-001\s+online\s+\S+\s+8\s/);
    const following = ctl(['events', '--device', DEVICE, '--json', '--wait', '4s'], env);
    await new Promise((r) => setTimeout(r, 1500));
    sim.pole.store.outbox.enqueue('events', 'test.follow', { n: 1 });
    const e = await following;
    expect(e.code).toBe(0);
    const lines = e.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; device: string });
    expect(lines).toContainEqual(expect.objectContaining({ type: 'test.follow', device: DEVICE }));
  });
});

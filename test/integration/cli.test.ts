import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { cliPath, repoRoot, runCli, startAgent } from '../helpers/agent-process.js';
import { freePort } from '../helpers/ports.js';
import { tempDir } from '../helpers/temp-dir.js';

const cleanup: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});
function temp() {
  const d = tempDir();
  cleanup.push(d.remove);
  return d.path;
}

const run = (args: string[], env: Record<string, string> = {}) => runCli(args, env);

async function simEnv(dataDir: string) {
  return {
    TIANG_DATA_DIR: dataDir,
    TIANG_HTTP_PORT: String(await freePort()),
    TIANG_PORTAL_PORT: String(await freePort()),
    TIANG_MQTT_EMBEDDED_PORT: String(await freePort()),
  };
}

describe('tiang start --sim', () => {
  it('answers /healthz within 3 s, prints the URLs and PIN, and stops cleanly on SIGTERM', async () => {
    const t0 = performance.now();
    const agent = await startAgent();
    cleanup.push(agent.dispose);
    expect(performance.now() - t0).toBeLessThan(3000);

    const banner = agent.stderr();
    expect(banner).toContain(`Kiosk:  ${agent.baseUrl}/kiosk/`);
    expect(banner).toContain(`Admin:  ${agent.baseUrl}/admin/   PIN: ${agent.pin()}`);
    expect(banner).toContain(`Portal: ${agent.portalUrl}/`);
    expect(banner).toContain(`mqtt://127.0.0.1:${agent.mqttPort} (embedded broker)`);
    expect(agent.pin()).toMatch(/^\d{6}$/);

    // The embedded broker is a real MQTT broker: the pole announced itself online, retained.
    const { default: mqtt } = await import('mqtt');
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${agent.mqttPort}`);
    const status = new Promise<string>((resolve) => client.on('message', (_t, p) => resolve(p.toString())));
    await client.subscribeAsync('tiang/v1/blt-sim-001/status');
    expect(JSON.parse(await status)).toMatchObject({ state: 'online' });
    await client.endAsync();

    const { code, ms } = await agent.stop('SIGTERM');
    expect(code).toBe(0);
    expect(ms).toBeLessThan(5000);
    const logs = agent.stdout();
    expect(logs).toContain('amplifier off, GPIO lines released');
    expect(logs).toMatch(/"msg":"stopped"/);
    // A clean close checkpoints the WAL: one database file left, readable, not in use.
    expect(existsSync(path.join(agent.dataDir, 'tiang.db-wal'))).toBe(false);
    const db = new Database(path.join(agent.dataDir, 'tiang.db'), { readonly: true });
    expect(db.pragma('quick_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('stops on Ctrl-C (SIGINT) too, and keeps its PIN and content across a restart', async () => {
    const dataDir = temp();
    const first = await startAgent({ dataDir });
    const pin = first.pin();
    expect((await first.stop('SIGINT')).code).toBe(0);
    const second = await startAgent({ dataDir });
    cleanup.push(second.dispose);
    expect(second.pin()).toBe(pin);
    expect(second.stdout()).not.toContain('demo content seeded');
    const kiosk = (await (await fetch(`${second.baseUrl}/api/kiosk`)).json()) as { desiredVersion: number };
    expect(kiosk.desiredVersion).toBe(1);
  });

  it('--quiet seeds the same demo without its spoken schedule, and is only for the simulator', async () => {
    const [loud, quiet] = await Promise.all([startAgent(), startAgent({ quiet: true })]);
    cleanup.push(loud.dispose, quiet.dispose);
    type Speaker = { next: { id: string }[]; amplifier: string };
    const speaker = async (a: typeof loud) =>
      (await (await fetch(`${a.baseUrl}/api/speaker`)).json()) as Speaker;
    const kiosk = async (a: typeof loud) => (await fetch(`${a.baseUrl}/api/kiosk`)).json();
    // The demo greets every morning at 06:30: something is always booked.
    expect((await speaker(loud)).next.length).toBeGreaterThan(0);
    expect((await speaker(quiet)).next).toEqual([]);
    expect(await kiosk(quiet)).toEqual(await kiosk(loud));

    // On a simulator that already has its desired state, --quiet changes nothing and says so.
    const dataDir = temp();
    const first = await startAgent({ dataDir });
    await first.stop();
    const again = await startAgent({ dataDir, quiet: true });
    cleanup.push(again.dispose);
    expect((await speaker(again)).next.length).toBeGreaterThan(0);
    expect(again.stdout()).toContain('--quiet works on a new simulator only');

    const refused = await run(['start', '--quiet'], await simEnv(temp()));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--quiet is for the simulator: use it with --sim');
  });

  it('refuses an invalid config with exit 78, every error listed, nothing written', async () => {
    const dir = temp();
    const config = path.join(dir, 'tiang.yaml');
    writeFileSync(config, 'device:\n  id: X\nhttp:\n  port: -1\ndataDir: ./data\n');
    const r = await run(['start', '--config', config]);
    expect(r.code).toBe(78);
    expect(r.stderr).toContain(`tiang: cannot start: config file ${config} has 2 errors`);
    expect(r.stderr).toContain('- device.id:');
    expect(r.stderr).toContain('- http.port:');
    expect(r.stderr).toContain('Perbaikan:');
    expect(r.stderr).toContain('Fix:');
    expect(readdirSync(dir)).toEqual(['tiang.yaml']);
  });

  it('refuses a missing config file', async () => {
    const r = await run(['start', '--config', path.join(temp(), 'nope.yaml')]);
    expect(r.code).toBe(78);
    expect(r.stderr).toMatch(/config file .*nope\.yaml does not exist/);
  });

  it('refuses a data folder it cannot write', async () => {
    const dir = temp();
    writeFileSync(path.join(dir, 'a-file'), 'x');
    const r = await run(['start', '--sim'], await simEnv(path.join(dir, 'a-file', 'data')));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/data folder .*a-file\/data is not writable \(ENOTDIR\)/);
    expect(r.stderr).toContain('chown tiang:tiang');
  });

  it('refuses a port in use, before writing anything', async () => {
    const dataDir = path.join(temp(), 'never-created');
    const env = await simEnv(dataDir);
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(Number(env.TIANG_HTTP_PORT), '127.0.0.1', r));
    cleanup.push(() => new Promise<void>((r) => blocker.close(() => r())));
    const r = await run(['start', '--sim'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`local HTTP port ${env.TIANG_HTTP_PORT} on 127.0.0.1 is already in use`);
    expect(r.stderr).toContain('http.port');
    expect(existsSync(dataDir)).toBe(false);
  });

  it('refuses a database written by a newer release and leaves it as it was', async () => {
    const dataDir = temp();
    const file = path.join(dataDir, 'tiang.db');
    const db = new Database(file);
    db.pragma('user_version = 42');
    db.exec('CREATE TABLE future (x)');
    db.close();
    const before = createHash('sha256').update(readFileSync(file)).digest('hex');
    const r = await run(['start', '--sim'], await simEnv(dataDir));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('schema version 42, newer than this Tiang knows');
    expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(before);
  });
});

describe('tiang doctor', () => {
  it('passes every check in the simulator, saying which are simulated', async () => {
    const r = await run(['doctor', '--sim'], await simEnv(temp()));
    expect(r.code).toBe(0);
    for (const title of [
      'Configuration',
      'Data folder writable',
      'Free disk',
      'Database',
      'Sound',
      'GPIO',
      'serial',
      'firewall',
      'Hotspot files',
      'broker',
      'Clock',
    ]) {
      expect(r.stdout).toContain(title);
    }
    expect(r.stdout).not.toContain('GAGAL/FAIL');
    expect(r.stdout).toContain('[simulasi/simulated]');
    expect(r.stdout).toContain('all checks passed');
  });

  it('fails with exit 1 and the fix when the config is bad', async () => {
    const config = path.join(temp(), 'tiang.yaml');
    writeFileSync(config, 'device:\n  id: ok-id-1\nhttp:\n  port: 70000\n');
    const r = await run(['doctor', '--config', config]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('[GAGAL/FAIL ] Konfigurasi / Configuration');
    expect(r.stdout).toContain('http.port');
    expect(r.stdout).toContain('1 check failed');
  });

  it('fails the sound check on a real config whose ALSA device does not exist', async () => {
    const dir = temp();
    const config = path.join(dir, 'tiang.yaml');
    writeFileSync(
      config,
      `device:\n  id: blt-test-001\ndataDir: ./data\naudio:\n  device: hw:CARD=NoSuchCard\nportal:\n  enabled: false\n`,
    );
    const r = await run(['doctor', '--config', config]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/GAGAL\/FAIL \] Suara .*hw:CARD=NoSuchCard" does not open/);
    expect(r.stdout).toContain('aplay -L');
  });
});

describe('tiang admin set-pin', () => {
  it('sets a PIN from piped input that the running agent then accepts', async () => {
    const dataDir = temp();
    const agent = await startAgent({ dataDir });
    cleanup.push(agent.dispose);
    const env = { TIANG_DATA_DIR: dataDir };
    const p = spawn(process.execPath, [cliPath, 'admin', 'set-pin', '--sim'], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
    });
    p.stdin.end('97531024\n97531024\n');
    let out = '';
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const code = await new Promise((r) => p.on('close', r));
    expect(code).toBe(0);
    expect(out).toContain('PIN tersimpan / PIN saved');
    const login = (pin: string) =>
      fetch(`${agent.baseUrl}/api/admin/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ pin }),
      });
    expect((await login('97531024')).status).toBe(204);
    expect((await login(agent.pin())).status).toBe(401);
  });

  it('refuses a PIN that is too short or typed differently twice', async () => {
    const dataDir = temp();
    const agent = await startAgent({ dataDir });
    cleanup.push(agent.dispose);
    for (const input of ['123\n', '12345678\n12345679\n']) {
      const p = spawn(process.execPath, [cliPath, 'admin', 'set-pin', '--sim'], {
        cwd: repoRoot,
        env: { ...process.env, TIANG_DATA_DIR: dataDir },
      });
      p.stdin.end(input);
      let err = '';
      p.stderr.on('data', (d: Buffer) => {
        err += d.toString();
      });
      expect(await new Promise((r) => p.on('close', r))).toBe(1);
      expect(err).toMatch(/6 to 12 digits|the two PINs differ/);
    }
  });
});

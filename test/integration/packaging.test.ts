import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { listPackage } from '@electron/asar';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../helpers/agent-process.js';
import { tempDir } from '../helpers/temp-dir.js';

const load = (name: string) =>
  parse(readFileSync(path.join(repoRoot, name), 'utf8')) as Record<string, unknown>;
const debug = { add() {}, isEnabled: false } as never;
const electronVersion = (
  JSON.parse(readFileSync(path.join(repoRoot, 'node_modules', 'electron', 'package.json'), 'utf8')) as {
    version: string;
  }
).version;

describe('electron-builder configuration (checked offline)', () => {
  it('is valid for the pole build and the test build', async () => {
    await expect(
      validateConfiguration(load('electron-builder.yml') as never, debug),
    ).resolves.toBeUndefined();
    await expect(
      validateConfiguration(load('electron-builder.test.yml') as never, debug),
    ).resolves.toBeUndefined();
    // The check does reject a broken configuration.
    await expect(
      validateConfiguration({ ...load('electron-builder.yml'), kioskMode: true } as never, debug),
    ).rejects.toThrow(/kioskMode/);
  });

  it('flips the fuses for the pole and keeps only the inspector on for the test build', () => {
    const pole = load('electron-builder.yml').electronFuses as Record<string, boolean>;
    expect(pole).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    const test = load('electron-builder.test.yml');
    expect(test.extends).toBe('./electron-builder.yml');
    expect(test.electronFuses).toEqual({ ...pole, enableNodeCliInspectArguments: true });
  });

  it('targets deb and AppImage for arm64 (Pi 4/5) and armv7l (Pi 3)', () => {
    const linux = load('electron-builder.yml').linux as { target: { target: string; arch: string[] }[] };
    expect(linux.target).toEqual([
      { target: 'deb', arch: ['arm64', 'armv7l'] },
      { target: 'AppImage', arch: ['arm64', 'armv7l'] },
    ]);
  });
});

describe('the unpacked app, built with a stub Electron distribution', () => {
  const out = tempDir('tiang-eb-');
  let resources = '';
  let files: string[] = [];

  beforeAll(async () => {
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(repoRoot, 'test', 'helpers', 'stub-electron-build.ts'),
        out.path,
        electronVersion,
      ],
      {
        cwd: repoRoot,
        encoding: 'utf8',
      },
    );
    if (r.status !== 0) throw new Error(`electron-builder --dir failed:\n${r.stdout}\n${r.stderr}`);
    resources = path.join(out.path, 'out', 'linux-unpacked', 'resources');
    files = listPackage(path.join(resources, 'app.asar'), { isPack: false });
  }, 120_000);
  afterAll(() => out.remove());

  it('packs the shell, the preload, the agent and its pages into the asar', () => {
    for (const f of [
      '/package.json',
      '/dist/electron/main.js',
      '/dist/electron/preload.cjs',
      '/dist/agent/main.js',
      '/dist/renderer/kiosk/index.html',
      '/dist/portal/index.html',
      '/electron/pages/offline.html',
      '/electron/pages/service.html',
      '/electron/pages/blank.html',
      '/deploy/sim/tiang.sim.yaml',
    ]) {
      expect(files).toContain(f);
    }
    expect(files.some((f) => f.startsWith('/dist/') && f.endsWith('.map'))).toBe(false);
  });

  it('leaves development tools out and native addons unpacked', () => {
    for (const dev of ['vitest', 'electron-builder', '@playwright/test', 'typescript', 'vite']) {
      expect(files.some((f) => f.startsWith(`/node_modules/${dev}/`))).toBe(false);
    }
    expect(files).toContain('/node_modules/mqtt/package.json');
    const addon = path.join(
      resources,
      'app.asar.unpacked',
      'node_modules',
      'better-sqlite3',
      'build',
      'Release',
      'better_sqlite3.node',
    );
    expect(existsSync(addon)).toBe(true);
  });

  it('ships the config template, systemd units and install scripts as resources', () => {
    for (const f of [
      'tiang.yaml',
      'asound.conf',
      'systemd/tiang-kiosk.service',
      'systemd/tiang-agent.service',
      'systemd/tiang-hotspot-firewall.service',
      'systemd/tiang-hostapd.service',
      'systemd/tiang-dnsmasq.service',
      'systemd/tiang-hotspot-reload.path',
      'systemd/tiang-hotspot-reload.service',
      'sysctl/90-tiang-hotspot.conf',
      'NetworkManager/90-tiang-hotspot.conf',
      'electron/after-install.sh',
    ]) {
      expect(existsSync(path.join(resources, 'deploy', f))).toBe(true);
    }
  });
});

describe('systemd units', () => {
  const analyze = spawnSync('systemd-analyze', ['--version']);
  it.skipIf(analyze.status !== 0)(
    'pass systemd-analyze verify (binaries that exist only on a pole aside)',
    () => {
      const units = [
        'tiang-agent.service',
        'tiang-kiosk.service',
        'tiang-hotspot-firewall.service',
        'tiang-hostapd.service',
        'tiang-dnsmasq.service',
        'tiang-hotspot-reload.path',
        'tiang-hotspot-reload.service',
      ].map((u) => path.join(repoRoot, 'deploy', 'systemd', u));
      const r = spawnSync('systemd-analyze', ['verify', ...units], { encoding: 'utf8' });
      const problems = `${r.stdout}${r.stderr}`
        .split('\n')
        .filter((l) => l.trim() !== '')
        // cage and the packaged app are installed on the pole, not on this machine.
        .filter(
          (l) =>
            !/Command \/(usr\/bin\/cage|opt\/Tiang\/tiang-kiosk|usr\/bin\/node|usr\/sbin\/hostapd|usr\/sbin\/dnsmasq) is not executable/.test(
              l,
            ),
        );
      expect(problems).toEqual([]);
    },
  );
});

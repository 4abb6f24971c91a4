import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import mqtt from 'mqtt';
import { writeSilenceWav } from '../../audio/index.js';
import { bi, freeDiskBytes, withTimeout } from '../../core/index.js';
import { readGpioChips, sysfsNumberForBcm } from '../../hardware/index.js';
import { checkDnsmasqConf } from '../../hotspot/index.js';
import { latestSchemaVersion } from '../../store/index.js';
import type { TiangConfig } from '../config/index.js';
import { checkDataDir } from '../preflight.js';
import { hotspotConfDir } from '../subsystems/hotspot-network.js';
import type { CheckResult } from './check.js';
import { runCommand } from './run-command.js';

const MB = 1024 * 1024;

export function checkDataFolder(config: TiangConfig): CheckResult {
  const title = bi('Folder data bisa ditulis', 'Data folder writable');
  try {
    checkDataDir(config.dataDir);
    return { title, status: 'pass', detail: config.dataDir };
  } catch (err) {
    return {
      title,
      status: 'fail',
      detail: (err as Error).message,
      fix: (err as { fix?: ReturnType<typeof bi> }).fix,
    };
  }
}

/** statfs on the data folder, or the nearest parent that exists. */
export function checkFreeDisk(config: TiangConfig, minFreeMb = 500, warnFreeMb = 2000): CheckResult {
  const title = bi('Ruang disk', 'Free disk');
  let dir = config.dataDir;
  while (!existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  const freeMb = Math.floor(freeDiskBytes(dir) / MB);
  const detail = `${freeMb} MB free on ${dir}`;
  const fix = bi(
    'Hapus konten yang tidak dipakai (tiang content prune) atau ganti kartu SD dengan yang lebih besar.',
    'Remove unused content (tiang content prune) or replace the SD card with a larger one.',
  );
  if (freeMb < minFreeMb) return { title, status: 'fail', detail, fix };
  if (freeMb < warnFreeMb) return { title, status: 'warn', detail, fix };
  return { title, status: 'pass', detail };
}

export function checkDatabase(config: TiangConfig): CheckResult {
  const title = bi('Database', 'Database');
  const file = path.join(config.dataDir, 'tiang.db');
  if (!existsSync(file))
    return { title, status: 'pass', detail: `${file} not created yet (made at first start)` };
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const version = db.pragma('user_version', { simple: true }) as number;
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`quick_check says ${String(check)}`);
    if (version > latestSchemaVersion()) {
      return {
        title,
        status: 'fail',
        detail: `${file} has schema ${version}, newer than this release knows (${latestSchemaVersion()})`,
        fix: bi('Pasang versi tiang yang lebih baru.', 'Install the newer tiang release.'),
      };
    }
    return { title, status: 'pass', detail: `${file}, schema ${version}` };
  } catch (err) {
    return {
      title,
      status: 'fail',
      detail: `${file}: ${(err as Error).message}`,
      fix: bi(
        'Hentikan tiang, pindahkan file database ke tempat lain, lalu jalankan lagi.',
        'Stop tiang, move the database file aside, then start again.',
      ),
    };
  } finally {
    db?.close();
  }
}

export async function checkAudio(config: TiangConfig): Promise<CheckResult> {
  const title = bi('Suara (aplay dan perangkat ALSA)', 'Sound (aplay and ALSA device)');
  const version = await runCommand('aplay', ['--version']);
  const installFix = bi(
    'Pasang alsa-utils: sudo apt-get install alsa-utils',
    'Install alsa-utils: sudo apt-get install alsa-utils',
  );
  if (config.simulate) {
    return {
      title,
      status: 'pass',
      simulated: true,
      detail: `sound card is simulated (plays for the file's real length); aplay ${version.spawnError ? 'is not installed' : 'is installed'}`,
    };
  }
  if (version.spawnError) return { title, status: 'fail', detail: 'aplay is not installed', fix: installFix };
  // Play 100 ms of silence on the configured device: proves the device opens, makes no sound.
  const dir = mkdtempSync(path.join(tmpdir(), 'tiang-doctor-'));
  try {
    const wav = path.join(dir, 'silence.wav');
    writeSilenceWav(wav, 100);
    const r = await runCommand('aplay', ['-D', config.audio.device, '-q', wav], 5000);
    if (r.code === 0) return { title, status: 'pass', detail: `device "${config.audio.device}" opens` };
    const busy = /busy/i.test(r.stderr);
    return {
      title,
      status: 'fail',
      detail: `device "${config.audio.device}" does not open: ${r.stderr.trim().split('\n')[0] ?? `exit ${r.code}`}`,
      fix: busy
        ? bi(
            'Perangkat dipakai program lain; hentikan program itu (fuser -v /dev/snd/*).',
            'Another program holds the device; stop it (fuser -v /dev/snd/*).',
          )
        : bi(
            'Periksa audio.device di konfigurasi dengan daftar dari: aplay -L (pakai nama kartu, bukan nomor).',
            'Check audio.device in the config against the list from: aplay -L (use the card name, not its number).',
          ),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function checkGpio(config: TiangConfig, sysfsRoot = '/sys/class/gpio'): CheckResult {
  const title = bi('GPIO (amplifier)', 'GPIO (amplifier)');
  if (config.simulate)
    return { title, status: 'pass', simulated: true, detail: 'GPIO lines are simulated in memory' };
  const fix = bi(
    'Jalankan di Raspberry Pi, dan pastikan user tiang anggota grup gpio: sudo usermod -aG gpio tiang',
    'Run on a Raspberry Pi and make sure the tiang user is in the gpio group: sudo usermod -aG gpio tiang',
  );
  try {
    const chips = readGpioChips(sysfsRoot);
    const pins = [config.gpio.amplifierEnable, config.gpio.amplifierMute];
    const mapped = pins.map((bcm) => `BCM${bcm}→gpio${sysfsNumberForBcm(bcm, chips)}`);
    return { title, status: 'pass', detail: `sysfs GPIO available (${mapped.join(', ')})` };
  } catch (err) {
    return { title, status: 'fail', detail: (err as Error).message, fix };
  }
}

export function checkSerial(config: TiangConfig): CheckResult {
  const title = bi('Port serial sensor', 'Sensor serial port');
  const sensor = config.serial.airQuality;
  if (!sensor?.enabled) return { title, status: 'skip', detail: 'no serial sensor configured' };
  if (config.simulate)
    return { title, status: 'pass', simulated: true, detail: `${sensor.path} is a simulated port` };
  if (existsSync(sensor.path)) return { title, status: 'pass', detail: sensor.path };
  return {
    title,
    status: 'fail',
    detail: `${sensor.path} does not exist`,
    fix: bi(
      'Periksa kabel USB sensor, lalu lihat nama port di: ls -l /dev/serial/by-id/',
      "Check the sensor's USB cable, then look up the port name in: ls -l /dev/serial/by-id/",
    ),
  };
}

export async function checkFirewall(config: TiangConfig): Promise<CheckResult> {
  const title = bi('Firewall hotspot (nft)', 'Hotspot firewall (nft)');
  const installFix = bi(
    'Pasang nftables: sudo apt-get install nftables',
    'Install nftables: sudo apt-get install nftables',
  );
  const version = await runCommand('nft', ['--version']);
  if (!config.portal.enabled) return { title, status: 'skip', detail: 'hotspot disabled in config' };
  if (config.simulate) {
    return {
      title,
      status: 'pass',
      simulated: true,
      detail: `firewall is simulated in memory; nft ${version.spawnError ? 'is not installed' : 'is installed'}`,
    };
  }
  if (version.spawnError) return { title, status: 'fail', detail: 'nft is not installed', fix: installFix };
  const list = await runCommand('nft', ['list', 'tables']);
  if (list.code !== 0) {
    return {
      title,
      status: 'fail',
      detail: `nft cannot read the ruleset: ${list.stderr.trim()}`,
      fix: bi(
        'Jalankan doctor dengan sudo, atau beri CAP_NET_ADMIN pada layanan tiang.',
        'Run doctor with sudo, or give the tiang service CAP_NET_ADMIN.',
      ),
    };
  }
  if (!new RegExp(`^table inet ${config.firewall.table}$`, 'm').test(list.stdout)) {
    return {
      title,
      status: 'warn',
      detail: `${version.stdout.trim()}; the hotspot table inet ${config.firewall.table} is not loaded`,
      fix: bi(
        'Jalankan sudo systemctl start tiang-hotspot-firewall, lalu mulai ulang layanan tiang.',
        'Run sudo systemctl start tiang-hotspot-firewall, then restart the tiang service.',
      ),
    };
  }
  return {
    title,
    status: 'pass',
    detail: `${version.stdout.trim()}; table inet ${config.firewall.table} loaded`,
  };
}

/** The files the agent generated for hostapd and dnsmasq: there, and dnsmasq.conf accepted by dnsmasq itself. */
export async function checkHotspotFiles(config: TiangConfig): Promise<CheckResult> {
  const title = bi('Berkas hotspot (hostapd, dnsmasq)', 'Hotspot files (hostapd, dnsmasq)');
  if (!config.portal.enabled) return { title, status: 'skip', detail: 'hotspot disabled in config' };
  const dir = hotspotConfDir(config);
  const startAgent = bi(
    'Mulai layanan tiang: agen menulis berkas ini saat mulai.',
    'Start the tiang service: the agent writes these files when it starts.',
  );
  const dnsmasqFile = path.join(dir, 'dnsmasq.conf');
  if (!existsSync(dnsmasqFile)) {
    return { title, status: 'warn', detail: `${dnsmasqFile} is not there yet`, fix: startAgent };
  }
  let verdict: Awaited<ReturnType<typeof checkDnsmasqConf>>;
  try {
    verdict = await checkDnsmasqConf(readFileSync(dnsmasqFile, 'utf8'));
  } catch (err) {
    return {
      title,
      status: 'fail',
      detail: (err as Error).message,
      fix: bi(
        'Pasang dnsmasq-base: sudo apt-get install dnsmasq-base',
        'Install dnsmasq-base: sudo apt-get install dnsmasq-base',
      ),
    };
  }
  if (!verdict.ok)
    return { title, status: 'fail', detail: `dnsmasq.conf: ${verdict.error}`, fix: startAgent };
  const radioOff = !existsSync(path.join(dir, 'hostapd.conf'));
  if (config.simulate) {
    return {
      title,
      status: 'pass',
      simulated: true,
      detail: `${dir}: dnsmasq.conf accepted (written, never run)`,
    };
  }
  const hostapd = await runCommand('hostapd', ['-v']);
  if (hostapd.spawnError) {
    return {
      title,
      status: 'fail',
      detail: 'hostapd is not installed',
      fix: bi(
        'Pasang hostapd: sudo apt-get install hostapd',
        'Install hostapd: sudo apt-get install hostapd',
      ),
    };
  }
  return {
    title,
    status: 'pass',
    detail: `${dir}: dnsmasq.conf accepted; ${radioOff ? 'radio off (the control room turned the hotspot off)' : 'hostapd.conf ready'}`,
  };
}

export async function checkBroker(config: TiangConfig): Promise<CheckResult> {
  const title = bi('Broker control room', 'Control-room broker');
  if (config.mqtt.url === 'embedded') {
    return {
      title,
      status: 'pass',
      simulated: config.simulate,
      detail: `embedded broker on 127.0.0.1:${config.mqtt.embeddedPort}, started by the agent itself`,
    };
  }
  const { readFileSync } = await import('node:fs');
  const read = (p?: string) => (p ? readFileSync(p) : undefined);
  let client: mqtt.MqttClient | undefined;
  try {
    client = mqtt.connect(config.mqtt.url, {
      // Not the device id: the running agent's session must not be kicked off.
      clientId: `${config.device.id}-doctor`,
      protocolVersion: 5,
      reconnectPeriod: 0,
      connectTimeout: 5000,
      ca: read(config.mqtt.ca),
      cert: read(config.mqtt.cert),
      key: read(config.mqtt.key),
    });
    const c = client;
    const outcome = await withTimeout(
      new Promise<string>((resolve) => {
        c.once('connect', () => resolve('ok'));
        c.once('error', (err) => resolve(err.message));
      }),
      6000,
      'no answer within 6 s',
    );
    if (outcome === 'ok') return { title, status: 'pass', detail: `${config.mqtt.url} accepts this pole` };
    return {
      title,
      status: 'fail',
      detail: `${config.mqtt.url}: ${outcome}`,
      fix: bi(
        'Periksa koneksi internet tiang, alamat mqtt.url dan file sertifikat TLS.',
        "Check the pole's internet connection, mqtt.url and the TLS certificate files.",
      ),
    };
  } catch (err) {
    return { title, status: 'fail', detail: (err as Error).message };
  } finally {
    client?.end(true);
  }
}

export async function checkClock(config: TiangConfig): Promise<CheckResult> {
  const title = bi('Jam (NTP)', 'Clock (NTP)');
  const r = await runCommand('timedatectl', ['show', '-p', 'NTPSynchronized', '--value']);
  const synced = r.stdout.trim() === 'yes' || existsSync('/run/systemd/timesync/synchronized');
  const now = new Date().toISOString();
  if (synced) return { title, status: 'pass', detail: `synchronised (${now})` };
  if (config.simulate) {
    return {
      title,
      status: 'pass',
      simulated: true,
      detail: `the simulator trusts this computer's clock (${now})`,
    };
  }
  return {
    title,
    status: 'fail',
    detail: `not synchronised (${now}); schedules wait until the time is trusted`,
    fix: bi(
      'Pastikan tiang terhubung ke internet dan systemd-timesyncd aktif: sudo timedatectl set-ntp true',
      'Make sure the pole is online and systemd-timesyncd runs: sudo timedatectl set-ntp true',
    ),
  };
}

export async function checkAgentRunning(config: TiangConfig): Promise<CheckResult> {
  const title = bi('Layanan tiang berjalan', 'Tiang agent running');
  const url = `http://${config.http.host}:${config.http.port}/healthz`;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    const body = (await res.json()) as { status?: string; version?: string };
    return {
      title,
      status: 'pass',
      detail: `${url} answers: status ${body.status}, version ${body.version}`,
    };
  } catch {
    return {
      title,
      status: 'warn',
      detail: `${url} does not answer`,
      fix: bi('Jalankan: sudo systemctl start tiang-agent', 'Run: sudo systemctl start tiang-agent'),
    };
  }
}

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { bi, errnoCode, TiangError } from '../core/index.js';
import type { TiangConfig } from './config/index.js';

/**
 * Checks made before anything is written or started, so a bad start stops
 * with one clear message and leaves nothing half-done behind.
 */
export function checkDataDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    const probe = path.join(dir, `.write-test-${process.pid}`);
    writeFileSync(probe, 'ok');
    rmSync(probe);
  } catch (err) {
    throw new TiangError(
      'DATA_DIR_UNWRITABLE',
      `data folder ${dir} is not writable (${errnoCode(err) ?? (err as Error).message})`,
      bi(
        `Buat folder itu dan berikan ke user tiang: mkdir -p ${dir} && chown tiang:tiang ${dir} — atau ubah dataDir di konfigurasi.`,
        `Create the folder and give it to the tiang user: mkdir -p ${dir} && chown tiang:tiang ${dir} — or change dataDir in the config.`,
      ),
      { cause: err },
    );
  }
}

export interface PortNeed {
  what: string;
  configKey: string;
  host: string;
  port: number;
}

export function portsToCheck(config: TiangConfig): PortNeed[] {
  const needs: PortNeed[] = [
    { what: 'local HTTP', configKey: 'http.port', host: config.http.host, port: config.http.port },
  ];
  if (config.http.serviceAddress) {
    needs.push({
      what: 'service HTTP',
      configKey: 'http.port',
      host: config.http.serviceAddress,
      port: config.http.port,
    });
  }
  if (config.portal.enabled) {
    needs.push({
      what: 'captive portal',
      configKey: 'portal.port',
      host: config.portal.address,
      port: config.portal.port,
    });
  }
  if (config.mqtt.url === 'embedded') {
    needs.push({
      what: 'embedded MQTT broker',
      configKey: 'mqtt.embeddedPort',
      host: '127.0.0.1',
      port: config.mqtt.embeddedPort,
    });
  }
  return needs.filter((n) => n.port !== 0);
}

function probePort(need: PortNeed): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (err) => {
      const code = errnoCode(err);
      if (code === 'EADDRINUSE') {
        reject(
          new TiangError(
            'PORT_IN_USE',
            `${need.what} port ${need.port} on ${need.host} is already in use by another program`,
            bi(
              `Hentikan program lain itu (lihat: ss -ltnp 'sport = :${need.port}') atau ganti ${need.configKey} di konfigurasi.`,
              `Stop the other program (see: ss -ltnp 'sport = :${need.port}') or change ${need.configKey} in the config.`,
            ),
          ),
        );
      } else if (code === 'EADDRNOTAVAIL') {
        reject(
          new TiangError(
            'ADDRESS_MISSING',
            `${need.what} address ${need.host} is not on any interface of this machine`,
            bi(
              `Periksa alamat di konfigurasi (${need.configKey.split('.')[0]}) dan pengaturan jaringan (ip addr).`,
              `Check the address in the config (${need.configKey.split('.')[0]}) and the network setup (ip addr).`,
            ),
          ),
        );
      } else if (code === 'EACCES') {
        reject(
          new TiangError(
            'PORT_FORBIDDEN',
            `${need.what} port ${need.port} needs privileges this user does not have`,
            bi(
              'Jalankan lewat unit systemd tiang (AmbientCapabilities=CAP_NET_BIND_SERVICE) atau pakai port di atas 1024.',
              'Run through the tiang systemd unit (AmbientCapabilities=CAP_NET_BIND_SERVICE) or use a port above 1024.',
            ),
          ),
        );
      } else {
        reject(err);
      }
    });
    server.listen({ port: need.port, host: need.host, exclusive: true }, () => server.close(() => resolve()));
  });
}

export async function checkPorts(config: TiangConfig): Promise<void> {
  for (const need of portsToCheck(config)) await probePort(need);
}

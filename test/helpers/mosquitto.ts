import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { freePort } from './ports.js';
import { tempDir } from './temp-dir.js';

export interface TlsFiles {
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** A client certificate from another CA: the broker must refuse it. */
  strangerCert: string;
  strangerKey: string;
}

export interface Mosquitto {
  url: string;
  port: number;
  tlsUrl: string | undefined;
  tls: TlsFiles | undefined;
  dir: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  restart(): Promise<void>;
  dispose(): Promise<void>;
}

function waitForPort(port: number, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tryOnce = () => {
      const sock = net.connect(port, '127.0.0.1');
      sock.once('connect', () => {
        sock.destroy();
        resolve();
      });
      sock.once('error', () => {
        sock.destroy();
        if (Date.now() > end) reject(new Error(`mosquitto did not listen on ${port}`));
        else setTimeout(tryOnce, 25);
      });
    };
    tryOnce();
  });
}

/** CA, server and client certificates made with openssl for a TLS listener test. */
export function makeTlsFiles(dir: string, clientCn: string): TlsFiles {
  const f = (name: string) => path.join(dir, name);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  const makeCa = (name: string) =>
    ssl(
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      f(`${name}.key`),
      '-out',
      f(`${name}.crt`),
    );
  const makeLeaf = (name: string, caName: string, cn: string, ext: string) => {
    ssl(
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-subj',
      `/CN=${cn}`,
      '-keyout',
      f(`${name}.key`),
      '-out',
      f(`${name}.csr`),
    );
    writeFileSync(f(`${name}.ext`), ext);
    ssl(
      'x509',
      '-req',
      '-in',
      f(`${name}.csr`),
      '-CA',
      f(`${caName}.crt`),
      '-CAkey',
      f(`${caName}.key`),
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      f(`${name}.ext`),
      '-out',
      f(`${name}.crt`),
    );
  };
  makeCa('ca');
  makeCa('other-ca');
  makeLeaf(
    'server',
    'ca',
    'localhost',
    'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n',
  );
  makeLeaf('client', 'ca', clientCn, 'extendedKeyUsage=clientAuth\n');
  makeLeaf('stranger', 'other-ca', clientCn, 'extendedKeyUsage=clientAuth\n');
  return {
    ca: f('ca.crt'),
    serverCert: f('server.crt'),
    serverKey: f('server.key'),
    clientCert: f('client.crt'),
    clientKey: f('client.key'),
    strangerCert: f('stranger.crt'),
    strangerKey: f('stranger.key'),
  };
}

/**
 * A real mosquitto on free loopback ports, with persistence in a temp folder so a restart
 * keeps retained messages and persistent sessions (as a production broker does).
 */
export async function startMosquitto(
  opts: { tlsClientCn?: string; persistence?: boolean } = {},
): Promise<Mosquitto> {
  const dir = tempDir('tiang-mosquitto-');
  const port = await freePort();
  const tls = opts.tlsClientCn ? makeTlsFiles(dir.path, opts.tlsClientCn) : undefined;
  const tlsPort = tls ? await freePort() : undefined;
  const conf = [
    'per_listener_settings false',
    // Run as root (CI), mosquitto would switch to its own user, which cannot read our temp folder.
    ...(process.getuid?.() === 0 ? ['user root'] : []),
    'allow_anonymous true',
    `persistence ${opts.persistence === false ? 'false' : 'true'}`,
    `persistence_location ${dir.path}/`,
    'autosave_interval 0',
    'max_queued_messages 100000',
    // As docs/mqtt.md advises for the city broker: without it, each forwarded message waits
    // for Nagle's algorithm and the receiver's delayed ACK (about 40 ms).
    'set_tcp_nodelay true',
    'log_type error',
    `listener ${port} 127.0.0.1`,
    ...(tls
      ? [
          `listener ${tlsPort} 127.0.0.1`,
          `cafile ${tls.ca}`,
          `certfile ${tls.serverCert}`,
          `keyfile ${tls.serverKey}`,
          'require_certificate true',
          'use_identity_as_username true',
        ]
      : []),
  ];
  const confFile = path.join(dir.path, 'mosquitto.conf');
  writeFileSync(confFile, `${conf.join('\n')}\n`);
  let child: ChildProcess | undefined;

  const start = async () => {
    const proc = spawn('mosquitto', ['-c', confFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child = proc;
    try {
      await waitForPort(port);
      if (tlsPort) await waitForPort(tlsPort);
    } catch (err) {
      proc.kill('SIGKILL');
      throw new Error(`${(err as Error).message}: ${stderr}`);
    }
  };
  const stop = async () => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    });
  };
  await start();
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    tlsUrl: tlsPort ? `mqtts://127.0.0.1:${tlsPort}` : undefined,
    tls,
    dir: dir.path,
    start,
    stop,
    async restart() {
      await stop();
      await start();
    },
    async dispose() {
      await stop();
      dir.remove();
    },
  };
}

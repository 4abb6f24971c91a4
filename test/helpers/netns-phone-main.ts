// A "phone" inside a network namespace: reads one JSON request per line on stdin, does it
// from this namespace (optionally from one of its addresses), and writes one JSON answer per
// line. Fresh connections every time, as a phone's captive-portal check makes them.
import http from 'node:http';
import net from 'node:net';
import { createInterface } from 'node:readline';

export interface PhoneHttp {
  op: 'http';
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Send this many bytes as the body instead (an upload). */
  uploadBytes?: number;
  /** Count the answer's bytes (in `bytes`) instead of keeping its text (a download). */
  discardBody?: boolean;
  localAddress?: string;
  timeoutMs?: number;
}
export interface PhoneTcp {
  op: 'tcp';
  host: string;
  port: number;
  localAddress?: string;
  timeoutMs?: number;
}
export type PhoneRequest = (PhoneHttp | PhoneTcp) & { id: number };
export interface PhoneAnswer {
  id: number;
  status?: number;
  headers?: Record<string, string | string[] | undefined>;
  body?: string;
  /** With discardBody: how many bytes the answer's body had. */
  bytes?: number;
  /** For tcp: the first bytes the server sent, if any. */
  banner?: string;
  connected?: boolean;
  error?: string;
  ms: number;
}

function doHttp(req: PhoneHttp): Promise<Omit<PhoneAnswer, 'id'>> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const r = http.request(
      req.url,
      {
        method: req.method ?? 'GET',
        headers: req.headers,
        localAddress: req.localAddress,
        agent: false,
        timeout: req.timeoutMs ?? 3000,
      },
      (res) => {
        const kept: Buffer[] = [];
        let bytes = 0;
        res.on('data', (d: Buffer) => {
          if (!req.discardBody && bytes < 65_536) kept.push(d);
          bytes += d.length;
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode,
            headers: res.headers,
            ...(req.discardBody ? { bytes } : { body: Buffer.concat(kept).toString('utf8') }),
            ms: performance.now() - t0,
          }),
        );
      },
    );
    r.on('timeout', () => r.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    r.on('error', (err: NodeJS.ErrnoException) =>
      resolve({ error: err.code ?? err.message, ms: performance.now() - t0 }),
    );
    r.end(req.uploadBytes === undefined ? req.body : Buffer.alloc(req.uploadBytes, 0x5a));
  });
}

function doTcp(req: PhoneTcp): Promise<Omit<PhoneAnswer, 'id'>> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const s = net.connect({ host: req.host, port: req.port, localAddress: req.localAddress });
    let banner = '';
    const done = (a: Omit<PhoneAnswer, 'id'>) => {
      s.destroy();
      resolve({ ...a, ms: performance.now() - t0 });
    };
    s.setTimeout(req.timeoutMs ?? 3000, () => done({ error: 'ETIMEDOUT', ms: 0 }));
    s.on('connect', () => setTimeout(() => done({ connected: true, banner, ms: 0 }), 150));
    s.on('data', (d) => {
      banner += d.toString();
    });
    s.on('error', (err: NodeJS.ErrnoException) => done({ error: err.code ?? err.message, ms: 0 }));
  });
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const req = JSON.parse(line) as PhoneRequest;
  const work = req.op === 'http' ? doHttp(req) : doTcp(req);
  void work.then((answer) => process.stdout.write(`${JSON.stringify({ id: req.id, ...answer })}\n`));
});

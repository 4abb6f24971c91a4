import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ContentDownloader,
  type ContentSpec,
  type DownloaderOptions,
  type DownloadProgress,
  TokenBucket,
} from '../../../sync/content/index.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { until } from '../../helpers/until.js';

// A throwaway self-signed P-256 certificate for 127.0.0.1, valid 2000-2100 so no test machine's clock
// falls outside it; only for the HTTPS test.
const TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgZEpL+izV9TdV13DZ
oYwASTUBueQlZV3DLsBLedtMvl+hRANCAASFv/jrf1j+ffcMP8WN9MsbT2sTVA3t
Hvb/s21kuJIoSQFHUY+MbTuKMK/J3JG+b6ZHwG6fo05pVMNGQjxE/eYv
-----END PRIVATE KEY-----
`;
const TEST_CERT = `-----BEGIN CERTIFICATE-----
MIIBXDCCAQKgAwIBAgIBATAKBggqhkjOPQQDAjAUMRIwEAYDVQQDDAkxMjcuMC4w
LjEwIBcNMDAwMTAxMDAwMDAwWhgPMjEwMDAxMDEwMDAwMDBaMBQxEjAQBgNVBAMM
CTEyNy4wLjAuMTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABIW/+Ot/WP599ww/
xY30yxtPaxNUDe0e9v+zbWS4kihJAUdRj4xtO4owr8nckb5vpkfAbp+jTmlUw0ZC
PET95i+jQzBBMA8GA1UdEwEB/wQFMAMBAf8wDwYDVR0RBAgwBocEfwAAATAdBgNV
HQ4EFgQUc6R8WqOPc8Ypn2XrHATiKW9V1pAwCgYIKoZIzj0EAwIDSAAwRQIgdSGF
BdLuFAFscIIHb1MHw+OU0FKVPYRYGTw9fA4YuE8CIQCWww3ZR806sfOH6gCa0j/1
ce2c/nRae6IBv0arCcV0sw==
-----END CERTIFICATE-----
`;

/** What the test server does with one request; a path's plan is used up in order, then it serves normally. */
type Step =
  | 'ok'
  | 'ignore-range'
  | 'stall' // half the body, then silence with the connection open
  | 'drop' // half the body, then the connection is cut
  | 'slow' // the body in 16 KiB pieces, 5 ms apart
  | 'wrong' // other bytes of the right length
  | 'too-many-chunked' // more bytes than the file has, without a Content-Length
  | 'too-many-declared' // a Content-Length larger than the file
  | 'short-declared' // 10 bytes fewer, and a Content-Length that says so
  | 'short-chunked' // 10 bytes fewer, chunked
  | 'late' // normal, after a 60 ms pause (to see requests overlap)
  | { status: number }
  | { redirect: string };

interface Seen {
  path: string;
  range: string | undefined;
  /** Body bytes written to the socket. */
  sent: number;
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

class TestServer {
  readonly files = new Map<string, Buffer>();
  readonly plans = new Map<string, Step[]>();
  readonly seen: Seen[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private server!: http.Server;
  private base = '';

  async start(secure = false): Promise<void> {
    const handler = (req: IncomingMessage, res: ServerResponse): void => this.handle(req, res);
    this.server = secure
      ? https.createServer({ key: TEST_KEY, cert: TEST_CERT }, handler)
      : http.createServer(handler);
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `${secure ? 'https' : 'http'}://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Serves `body` at /<name> and returns its spec. */
  add(name: string, body: Buffer, plan: Step[] = []): ContentSpec {
    this.files.set(`/${name}`, body);
    this.plans.set(`/${name}`, plan);
    return { id: name, sha256: sha(body), bytes: body.length, url: `${this.base}/${name}` };
  }

  url(p: string): string {
    return `${this.base}${p}`;
  }

  requestsFor(name: string): Seen[] {
    return this.seen.filter((s) => s.path === `/${name}`);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const p = req.url ?? '/';
    const seen: Seen = { path: p, range: req.headers.range, sent: 0 };
    this.seen.push(seen);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    res.on('close', () => {
      this.inFlight -= 1;
    });
    const step = this.plans.get(p)?.shift() ?? 'ok';
    if (typeof step === 'object') {
      if ('redirect' in step) res.writeHead(302, { location: step.redirect }).end();
      else res.writeHead(step.status, { 'content-length': 0 }).end();
      return;
    }
    const file = this.files.get(p);
    if (!file) {
      res.writeHead(404, { 'content-length': 0 }).end();
      return;
    }
    const body = step === 'wrong' ? randomBytes(file.length) : file;
    const m = step === 'ignore-range' ? null : /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = m ? Number(m[1]) : 0;
    if (m && start >= body.length) {
      res.writeHead(416, { 'content-range': `bytes */${body.length}`, 'content-length': 0 }).end();
      return;
    }
    const rest = body.subarray(start);
    const write = (b: Buffer, cb?: () => void): void => {
      seen.sent += b.length;
      res.write(b, cb);
    };
    if (step === 'too-many-chunked' || step === 'short-chunked') {
      res.writeHead(200, {});
      if (step === 'short-chunked') write(rest.subarray(10));
      else write(Buffer.concat([rest, randomBytes(64 * 1024)]));
      res.end();
      return;
    }
    if (step === 'short-declared') {
      res.writeHead(200, { 'content-length': rest.length - 10 });
      write(rest.subarray(10));
      res.end();
      return;
    }
    const length = step === 'too-many-declared' ? rest.length + 10 : rest.length;
    res.writeHead(m ? 206 : 200, {
      'content-length': length,
      ...(m ? { 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` } : {}),
    });
    const half = rest.subarray(0, Math.floor(rest.length / 2));
    switch (step) {
      case 'stall':
        write(half);
        return;
      case 'drop':
        write(half, () => res.socket?.destroy());
        return;
      case 'slow': {
        let at = 0;
        const next = (): void => {
          if (res.destroyed) return;
          if (at >= rest.length) {
            res.end();
            return;
          }
          write(rest.subarray(at, at + 16 * 1024));
          at += 16 * 1024;
          setTimeout(next, 5);
        };
        next();
        return;
      }
      case 'late':
        setTimeout(() => {
          write(rest);
          res.end();
        }, 60);
        return;
      default:
        write(rest);
        res.end();
    }
  }
}

describe('ContentDownloader', () => {
  let server: TestServer;
  let dir: ReturnType<typeof tempDir>;
  const make = (opts: Partial<DownloaderOptions> = {}): ContentDownloader =>
    new ContentDownloader({
      dir: dir.path,
      log: pino({ level: 'silent' }),
      backoffMs: { base: 10, max: 40 },
      stallTimeoutMs: 2000,
      ...opts,
    });
  const partOf = (spec: ContentSpec): string => path.join(dir.path, `${spec.sha256}.part`);
  const finalOf = (spec: ContentSpec): string => path.join(dir.path, spec.sha256);

  beforeEach(async () => {
    server = new TestServer();
    await server.start();
    dir = tempDir('tiang-dl-');
  });
  afterEach(async () => {
    await server.close();
    dir.remove();
  });

  it('downloads, verifies and commits a file under its sha256', async () => {
    const body = randomBytes(300_000);
    const spec = server.add('a', body);
    const d = make();
    const [r] = await d.fetchAll([spec]);
    expect(r).toEqual({
      id: 'a',
      sha256: spec.sha256,
      ok: true,
      file: d.pathOf(spec.sha256),
      refetchedBytes: 0,
    });
    expect(readFileSync(d.pathOf(spec.sha256)).equals(body)).toBe(true);
    expect(existsSync(partOf(spec))).toBe(false);
    expect(server.requestsFor('a')[0]?.range).toBeUndefined();
    // Present and verified: a second call asks the server nothing.
    expect((await d.fetchAll([spec]))[0]?.ok).toBe(true);
    expect(server.requestsFor('a')).toHaveLength(1);
  });

  it('streams a file larger than the write-back step', async () => {
    const body = randomBytes(20 * 1024 * 1024);
    const spec = server.add('big', body);
    const [r] = await make().fetchAll([spec]);
    expect(r?.ok).toBe(true);
    expect(readFileSync(finalOf(spec)).equals(body)).toBe(true);
  });

  it('follows redirects, up to five', async () => {
    const spec = server.add('a', randomBytes(10_000));
    server.plans.set('/r1', [{ redirect: '/r2' }]);
    server.plans.set('/r2', [{ redirect: spec.url }]);
    const [ok] = await make().fetchAll([{ ...spec, url: server.url('/r1') }]);
    expect(ok?.ok).toBe(true);
    for (let i = 0; i < 6; i++) server.plans.set(`/loop${i}`, [{ redirect: `/loop${i + 1}` }]);
    const other = server.add('b', randomBytes(100));
    const [loop] = await make().fetchAll([{ ...other, url: server.url('/loop0') }]);
    expect(loop?.ok).toBe(false);
    expect(loop?.error).toMatch(/more than 5 redirects/);
  });

  it('downloads over HTTPS with an extra trusted CA', async () => {
    const tls = new TestServer();
    await tls.start(true);
    try {
      const body = randomBytes(50_000);
      const spec = tls.add('s', body);
      expect(spec.url).toMatch(/^https:/);
      const [untrusted] = await make({ retries: 1 }).fetchAll([spec]);
      expect(untrusted?.ok).toBe(false);
      expect(untrusted?.error).toMatch(/self-signed certificate/);
      const [r] = await make({ ca: TEST_CERT }).fetchAll([spec]);
      expect(r?.ok).toBe(true);
      expect(readFileSync(r?.file ?? '').equals(body)).toBe(true);
    } finally {
      await tls.close();
    }
  });

  it('resumes from a part left by an earlier process with a Range request', async () => {
    const body = randomBytes(400_000);
    const spec = server.add('a', body);
    writeFileSync(partOf(spec), body.subarray(0, 150_000));
    const [r] = await make().fetchAll([spec]);
    expect(r?.ok).toBe(true);
    expect(r?.refetchedBytes).toBe(0);
    expect(server.requestsFor('a')).toEqual([{ path: '/a', range: 'bytes=150000-', sent: 250_000 }]);
    expect(readFileSync(finalOf(spec)).equals(body)).toBe(true);
  });
  it('starts over when the server ignores Range, and counts the bytes fetched twice', async () => {
    const body = randomBytes(200_000);
    const spec = server.add('a', body, ['ignore-range']);
    writeFileSync(partOf(spec), body.subarray(0, 80_000));
    const [r] = await make().fetchAll([spec]);
    expect(r?.ok).toBe(true);
    expect(r?.refetchedBytes).toBe(80_000);
    expect(server.requestsFor('a').map((s) => [s.range, s.sent])).toEqual([['bytes=80000-', 200_000]]);
    expect(readFileSync(finalOf(spec)).equals(body)).toBe(true);
  });

  it('starts over on 416 and when the part is larger than the file', async () => {
    const body = randomBytes(50_000);
    const spec = server.add('a', body, [{ status: 416 }]);
    writeFileSync(partOf(spec), body.subarray(0, 10_000));
    const [r] = await make().fetchAll([spec]);
    expect(r?.ok).toBe(true);
    expect(server.requestsFor('a').map((s) => s.range)).toEqual(['bytes=10000-', undefined]);

    const other = server.add('b', randomBytes(20_000));
    writeFileSync(partOf(other), randomBytes(30_000));
    const [r2] = await make().fetchAll([other]);
    expect(r2?.ok).toBe(true);
    expect(server.requestsFor('b').map((s) => s.range)).toEqual([undefined]);
  });

  it('restarts once from zero when a resumed part turns out corrupt', async () => {
    const body = randomBytes(100_000);
    const spec = server.add('a', body);
    // What a power cut can leave: the size was extended, the data never made it.
    writeFileSync(partOf(spec), Buffer.alloc(40_000));
    const [r] = await make().fetchAll([spec]);
    expect(r?.ok).toBe(true);
    // Everything came twice: the part's 40 kB, then the rest, then the whole file again from zero.
    expect(r?.refetchedBytes).toBe(100_000);
    expect(server.requestsFor('a').map((s) => s.range)).toEqual(['bytes=40000-', undefined]);
    expect(readFileSync(finalOf(spec)).equals(body)).toBe(true);
  });

  it('resumes on retry after the connection drops half-way', async () => {
    const body = randomBytes(1_000_000);
    const spec = server.add('a', body, ['drop']);
    const [r] = await make().fetchAll([spec]);
    expect(r?.ok).toBe(true);
    expect(r?.refetchedBytes).toBe(0);
    const [first, second] = server.requestsFor('a');
    expect(first?.sent).toBe(500_000);
    const from = Number(/^bytes=(\d+)-$/.exec(second?.range ?? '')?.[1]);
    expect(from).toBeGreaterThan(0);
    expect(second?.sent).toBe(1_000_000 - from);
    expect(readFileSync(finalOf(spec)).equals(body)).toBe(true);
  });

  it('fails at once on 404, 403 and 410, with the status in the error', async () => {
    const specs = [404, 403, 410].map((status) => server.add(`e${status}`, randomBytes(100), [{ status }]));
    const t0 = Date.now();
    // A long backoff: a retry would show in the time taken.
    const results = await make({ backoffMs: { base: 5000, max: 5000 } }).fetchAll(specs);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(results.map((r) => r.ok)).toEqual([false, false, false]);
    expect(results[0]?.error).toMatch(/HTTP 404 Not Found from http:\/\/127\.0\.0\.1:\d+\/e404/);
    expect(results[1]?.error).toMatch(/HTTP 403/);
    expect(results[2]?.error).toMatch(/HTTP 410/);
    expect(server.seen).toHaveLength(3);
  });

  it('retries 5xx with backoff and then succeeds; gives up after `retries` attempts', async () => {
    const spec = server.add('a', randomBytes(10_000), [{ status: 500 }, { status: 503 }]);
    const [r] = await make().fetchAll([spec]);
    expect(r?.ok).toBe(true);
    expect(server.requestsFor('a')).toHaveLength(3);

    const bad = server.add('b', randomBytes(100), Array(10).fill({ status: 502 }));
    const [gaveUp] = await make({ retries: 3 }).fetchAll([bad]);
    expect(gaveUp?.error).toMatch(/gave up after 3 attempts: HTTP 502/);
    expect(server.requestsFor('b')).toHaveLength(3);
  });

  it('cuts off a stalled attempt and resumes it', async () => {
    const body = randomBytes(200_000);
    const spec = server.add('a', body, ['stall']);
    const t0 = Date.now();
    const [r] = await make({ stallTimeoutMs: 200 }).fetchAll([spec]);
    expect(r?.ok).toBe(true);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
    const [, second] = server.requestsFor('a');
    expect(second?.range).toMatch(/^bytes=\d+-$/);
    expect(readFileSync(finalOf(spec)).equals(body)).toBe(true);
  });

  it('fails a wrong sha256 without retrying and leaves no file behind', async () => {
    const spec = server.add('a', randomBytes(50_000), ['wrong', 'wrong']);
    const [r] = await make().fetchAll([spec]);
    expect(r?.ok).toBe(false);
    expect(r?.error).toMatch(new RegExp(`^sha256 mismatch: expected ${spec.sha256}, got [0-9a-f]{64}$`));
    expect(server.requestsFor('a')).toHaveLength(1);
    expect(readdirSync(dir.path)).toEqual([]);
  });

  it('refuses a body longer than announced, at once', async () => {
    const chunked = server.add('a', randomBytes(50_000), ['too-many-chunked', 'too-many-chunked']);
    const declared = server.add('b', randomBytes(50_000), ['too-many-declared', 'too-many-declared']);
    const [r1, r2] = await make().fetchAll([chunked, declared]);
    expect(r1?.error).toBe('server sent more than the expected 50000 bytes; refused');
    expect(r2?.error).toBe('refused: expected 50000 bytes, server announced 50010');
    expect(server.seen).toHaveLength(2);
    expect(readdirSync(dir.path)).toEqual([]);
  });

  it('fails a file of the wrong size, naming both sizes', async () => {
    const declared = server.add('a', randomBytes(50_000), ['short-declared', 'short-declared']);
    const chunked = server.add('b', randomBytes(50_000), ['short-chunked', 'short-chunked']);
    const [r1, r2] = await make().fetchAll([declared, chunked]);
    expect(r1?.error).toBe('wrong size: expected 50000 bytes, server announced 49990');
    expect(r2?.error).toBe('wrong size: expected 50000 bytes, got 49990');
    expect(server.seen).toHaveLength(2);
    expect(readdirSync(dir.path)).toEqual([]);
  });

  it('refuses an item the disk quota has no room for, counting the part already there', async () => {
    const big = server.add('a', randomBytes(10_000));
    const [r] = await make({ freeBytes: async () => 4000 }).fetchAll([big]);
    expect(r?.ok).toBe(false);
    expect(r?.error).toBe('disk quota: needs 10000 more bytes but only 4000 are free');
    expect(server.seen).toHaveLength(0);

    const body = randomBytes(10_000);
    const resumable = server.add('b', body);
    writeFileSync(partOf(resumable), body.subarray(0, 7000));
    const [r2] = await make({ freeBytes: async () => 4000 }).fetchAll([resumable]);
    expect(r2?.ok).toBe(true);
  });

  it('runs at most `concurrency` downloads at a time', async () => {
    const specs = Array.from({ length: 6 }, (_, i) => server.add(`f${i}`, randomBytes(20_000), ['late']));
    const results = await make().fetchAll(specs);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(server.maxInFlight).toBe(2);
    server.maxInFlight = 0;
    const more = Array.from({ length: 4 }, (_, i) => server.add(`g${i}`, randomBytes(20_000), ['late']));
    await make({ concurrency: 3 }).fetchAll(more);
    expect(server.maxInFlight).toBe(3);
  });

  it('fetches a sha256 listed twice once', async () => {
    const spec = server.add('a', randomBytes(30_000), ['late']);
    const d = make();
    const [r1, r2] = await d.fetchAll([spec, { ...spec, id: 'a-again' }]);
    expect(r1?.ok && r2?.ok).toBe(true);
    expect(r2?.id).toBe('a-again');
    expect(r2?.file).toBe(r1?.file);
    expect(server.seen).toHaveLength(1);
  });

  it('shares one download between calls; one caller giving up does not stop it for the other', async () => {
    const body = randomBytes(600_000);
    const spec = server.add('a', body, ['slow']);
    const d = make();
    const ac = new AbortController();
    const first = d.fetchAll([spec], ac.signal);
    const second = d.fetchAll([{ ...spec, id: 'other' }]);
    await until(() => existsSync(partOf(spec)), 5000, 5);
    ac.abort();
    expect((await first)[0]?.error).toBe('aborted');
    const [r] = await second;
    expect(r?.ok).toBe(true);
    expect(r?.id).toBe('other');
    expect(server.seen).toHaveLength(1);
    expect(readFileSync(finalOf(spec)).equals(body)).toBe(true);
  });

  it('keeps to the bandwidth cap and reports progress up to done == total', async () => {
    const body = randomBytes(1024 * 1024);
    const spec = server.add('a', body);
    const d = make({ bandwidthBytesPerS: 2 * 1024 * 1024 });
    const events: DownloadProgress[] = [];
    d.on('progress', (p) => events.push(p));
    const t0 = performance.now();
    const [r] = await d.fetchAll([spec]);
    const elapsed = performance.now() - t0;
    expect(r?.ok).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(400);
    expect(elapsed).toBeLessThan(3000);
    // Emitted while running, throttled to about 4 a second, and a final one.
    expect(events.some((e) => e.done > 0 && e.done < e.total && e.items[0]?.state === 'downloading')).toBe(
      true,
    );
    expect(events.length).toBeLessThanOrEqual(Math.ceil(elapsed / 250) + 2);
    const last = events.at(-1);
    expect(last).toEqual({
      items: [{ id: 'a', sha256: spec.sha256, done: body.length, total: body.length, state: 'done' }],
      done: body.length,
      total: body.length,
    });
  });

  it('stops promptly on abort, leaving the part for the next run to resume', async () => {
    const body = randomBytes(2_000_000);
    const spec = server.add('a', body, ['slow']);
    const queued = server.add('b', randomBytes(1000));
    const d = make({ concurrency: 1 });
    const ac = new AbortController();
    const running = d.fetchAll([spec, queued], ac.signal);
    await until(() => existsSync(partOf(spec)) && statSync(partOf(spec)).size > 100_000, 5000, 5);
    const t0 = Date.now();
    ac.abort();
    const results = await running;
    expect(Date.now() - t0).toBeLessThan(500);
    expect(results.map((r) => [r.ok, r.error])).toEqual([
      [false, 'aborted'],
      [false, 'aborted'],
    ]);
    expect(server.requestsFor('b')).toHaveLength(0);
    const kept = statSync(partOf(spec)).size;
    expect(kept).toBeGreaterThan(100_000);
    expect(existsSync(finalOf(spec))).toBe(false);

    const [again] = await d.fetchAll([spec]);
    expect(again?.ok).toBe(true);
    expect(server.requestsFor('a')[1]?.range).toBe(`bytes=${kept}-`);
    expect(readFileSync(finalOf(spec)).equals(body)).toBe(true);
  });

  it('stops promptly on abort while waiting to retry', async () => {
    const spec = server.add('a', randomBytes(1000), Array(10).fill({ status: 503 }));
    const d = make({ backoffMs: { base: 60_000, max: 60_000 } });
    const ac = new AbortController();
    const running = d.fetchAll([spec], ac.signal);
    await until(() => server.seen.length === 1, 5000, 5);
    const t0 = Date.now();
    ac.abort();
    expect((await running)[0]?.error).toBe('aborted');
    expect(Date.now() - t0).toBeLessThan(500);
  });

  it('fails an invalid spec without asking the server', async () => {
    const spec = server.add('a', randomBytes(10));
    const results = await make().fetchAll([
      { ...spec, sha256: '../../etc/passwd' },
      { ...spec, url: 'ftp://example.com/x' },
      { ...spec, bytes: -1 },
    ]);
    expect(results.map((r) => r.error)).toEqual([
      'invalid spec: sha256 must be 64 lowercase hex characters',
      'invalid spec: url must be http(s)',
      'invalid spec: bytes -1',
    ]);
    expect(server.seen).toHaveLength(0);
  });
});

describe('TokenBucket', () => {
  it('lets a burst through, then spaces takers out at the rate, debt included', () => {
    let now = 0;
    const bucket = new TokenBucket(1000, 100, () => now);
    expect(bucket.take(100)).toBe(0);
    expect(bucket.take(500)).toBe(500);
    // A second taker queues behind the first one's debt.
    expect(bucket.take(500)).toBe(1000);
    now = 1000;
    expect(bucket.take(0)).toBe(0);
    now = 5000;
    expect(bucket.take(100)).toBe(0);
    expect(bucket.take(1)).toBe(1);
  });
});

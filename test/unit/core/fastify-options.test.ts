import net from 'node:net';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { baseFastifyOptions, silentLogger } from '../../../core/index.js';

// The shared listener options hold slow and idle clients to their time (a hostile hotspot
// user could otherwise keep thousands of sockets open on a Pi).
const TIMEOUT_MS = 1000;
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function listen(): Promise<number> {
  const app = Fastify(baseFastifyOptions(silentLogger(), { bodyLimit: 1024, timeoutMs: TIMEOUT_MS }));
  app.get('/', async () => 'ok');
  await app.listen({ host: '127.0.0.1', port: 0 });
  close = () => app.close();
  return (app.server.address() as net.AddressInfo).port;
}

/** Writes `text` (then `drip` every 200 ms) on a new connection and resolves with what came back and when the server closed it. */
function exchange(
  port: number,
  text: string,
  drip?: string,
): Promise<{ reply: string; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const s = net.connect({ host: '127.0.0.1', port }, () => s.write(text));
    // A byte now and then: the socket is never idle, only slow.
    const dripping = drip ? setInterval(() => s.writable && s.write(drip), 200) : undefined;
    let reply = '';
    s.on('data', (d) => {
      reply += d.toString();
    });
    s.on('error', reject);
    s.on('close', () => {
      clearInterval(dripping);
      resolve({ reply, closedAfterMs: performance.now() - t0 });
    });
    setTimeout(() => {
      clearInterval(dripping);
      s.destroy();
      reject(new Error(`still open after 10 s; got: ${reply}`));
    }, 10_000);
  });
}

describe('baseFastifyOptions', () => {
  it('closes a request whose headers come too slowly, within its time (plus the check interval)', async () => {
    const port = await listen();
    const r = await exchange(port, 'GET / HTTP/1.1\r\nHost: pole\r\nX-Slow: ', 'a');
    expect(r.closedAfterMs).toBeGreaterThanOrEqual(TIMEOUT_MS * 0.9);
    expect(r.closedAfterMs).toBeLessThan(TIMEOUT_MS * 3);
  });

  it('closes an idle keep-alive connection after its answer, within its time', async () => {
    const port = await listen();
    const r = await exchange(port, 'GET / HTTP/1.1\r\nHost: pole\r\n\r\n');
    expect(r.reply).toMatch(/^HTTP\/1\.1 200 /);
    expect(r.reply).toMatch(/keep-alive/i);
    expect(r.closedAfterMs).toBeLessThan(TIMEOUT_MS * 3);
  });
});

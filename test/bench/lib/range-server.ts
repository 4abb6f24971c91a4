import { once } from 'node:events';
import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';

/** A static file over HTTP with Range support, counting the body bytes it sends. */
/** `pace.bytesPerS` (changeable at any time) paces each response like a WAN link; unpaced when unset. */
export async function rangeServer(file: string, pace: { bytesPerS?: number } = {}) {
  const size = statSync(file).size;
  let sent = 0;
  const ranges: string[] = [];
  const server = http.createServer((req, res) => {
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    if (range) ranges.push(req.headers.range!);
    if (start >= size) {
      res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
      return;
    }
    res.writeHead(range ? 206 : 200, {
      'content-length': size - start,
      'content-type': 'application/octet-stream',
      ...(range ? { 'content-range': `bytes ${start}-${size - 1}/${size}` } : {}),
    });
    const stream = createReadStream(file, { start, highWaterMark: 64 * 1024 });
    res.on('close', () => stream.destroy());
    void (async () => {
      const t0 = performance.now();
      let mine = 0;
      try {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          // Paced like a WAN link: each chunk waits until it is due.
          if (pace.bytesPerS) {
            const due = t0 + (mine / pace.bytesPerS) * 1000 - performance.now();
            if (due > 1) await new Promise((r) => setTimeout(r, due));
          }
          if (res.destroyed) return;
          sent += chunk.length;
          mine += chunk.length;
          if (!res.write(chunk)) await once(res, 'drain');
        }
        res.end();
      } catch {
        res.destroy();
      }
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/file`,
    size,
    ranges,
    get sent() {
      return sent;
    },
    resetCount() {
      sent = 0;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

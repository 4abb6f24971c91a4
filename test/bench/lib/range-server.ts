import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';

/** A static file over HTTP with Range support, counting the body bytes it sends. */
export async function rangeServer(file: string) {
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
    const stream = createReadStream(file, { start, highWaterMark: 256 * 1024 });
    stream.on('data', (c) => {
      sent += c.length;
    });
    stream.pipe(res);
    res.on('close', () => stream.destroy());
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

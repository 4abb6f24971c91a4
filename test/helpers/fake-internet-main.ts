// "The internet" inside a network namespace: answers the operating systems' connectivity
// checks the way Apple, Google, Microsoft and Mozilla do (so a phone that got out reports
// online), any other page with a marker, and a plain TCP banner on 443 (no TLS needed to
// see whether a connection gets through). For rate limits: GET /bytes/N sends N bytes, and
// POST /sink takes any body and says how many bytes came.
// Run only as a program in the internet namespace: importing it would start its servers.
import http from 'node:http';
import net from 'node:net';
import { INTERNET_MARKER } from './netns.js';

const probeAnswers: Record<string, { status: number; type?: string; body: string }> = {
  '/hotspot-detect.html': {
    status: 200,
    type: 'text/html',
    body: '<HTML><HEAD><TITLE>Success</TITLE></HEAD><BODY>Success</BODY></HTML>',
  },
  '/generate_204': { status: 204, body: '' },
  '/connecttest.txt': { status: 200, type: 'text/plain', body: 'Microsoft Connect Test' },
  '/ncsi.txt': { status: 200, type: 'text/plain', body: 'Microsoft NCSI' },
  '/success.txt': { status: 200, type: 'text/plain', body: 'success\n' },
};

const MAX_BYTES = 16 * 1024 * 1024;

http
  .createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const bytes = /^\/bytes\/(\d+)$/.exec(path);
    if (bytes && Number(bytes[1]) <= MAX_BYTES) {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes[1] });
      res.end(Buffer.alloc(Number(bytes[1]), 0x5a));
      return;
    }
    if (path === '/sink' && req.method === 'POST') {
      let received = 0;
      req.on('data', (d: Buffer) => {
        received += d.length;
      });
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(`received ${received}`);
      });
      return;
    }
    const answer = probeAnswers[path];
    if (answer) {
      res.writeHead(answer.status, answer.type ? { 'content-type': answer.type } : {});
      res.end(answer.body);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(INTERNET_MARKER);
  })
  .listen(80, '0.0.0.0');

net
  .createServer((s) => s.end('tls-port-open\n'))
  .listen(443, '0.0.0.0', () => {
    process.stdout.write('ready\n');
  });

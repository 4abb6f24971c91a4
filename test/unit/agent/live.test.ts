import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LiveHub } from '../../../agent/http/live.js';
import { silentLogger } from '../../../core/index.js';

let server: http.Server | undefined;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
});

async function serve(hub: LiveHub): Promise<string> {
  server = http.createServer((_req, res) => {
    if (!hub.attach(res)) {
      res.writeHead(503);
      res.end();
    }
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

/** Read the event stream until `count` events arrived. */
async function readEvents(url: string, count: number, publish?: () => void) {
  const res = await fetch(url);
  const reader = res.body!.getReader();
  const events: { event: string; data: unknown }[] = [];
  let buf = '';
  publish?.();
  while (events.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += new TextDecoder().decode(value);
    let i = buf.indexOf('\n\n');
    while (i >= 0) {
      const frame = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const event = /^event: (.*)$/m.exec(frame)?.[1];
      const data = /^data: (.*)$/m.exec(frame)?.[1];
      if (event && data) events.push({ event, data: JSON.parse(data) });
      i = buf.indexOf('\n\n');
    }
  }
  await reader.cancel();
  return { res, events };
}

describe('live channel', () => {
  it('replays the last value of each retained event to a new screen, then streams', async () => {
    const hub = new LiveHub(silentLogger());
    const url = await serve(hub);
    hub.publish('health', { status: 'degraded' });
    hub.publish('health', { status: 'ok' });
    hub.publish('toast', { text: 'not kept' }, false);
    const { res, events } = await readEvents(url, 2, () =>
      setTimeout(() => hub.publish('nowplaying', { title: 'Lagu' }), 50),
    );
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(events).toEqual([
      { event: 'health', data: { status: 'ok' } },
      { event: 'nowplaying', data: { title: 'Lagu' } },
    ]);
    hub.close();
  });

  it('refuses screens beyond the limit and rejects bad event names', async () => {
    const hub = new LiveHub(silentLogger(), { maxClients: 1, heartbeatMs: 10_000 });
    const url = await serve(hub);
    const first = await fetch(url);
    expect(first.status).toBe(200);
    await new Promise((r) => setTimeout(r, 20));
    expect(hub.clientCount).toBe(1);
    expect((await fetch(url)).status).toBe(503);
    expect(() => hub.publish('Bad Name\ninjected', {})).toThrow(/bad event name/);
    hub.close();
    await first.body?.cancel();
  });

  it('sends heartbeat comments', async () => {
    const hub = new LiveHub(silentLogger(), { maxClients: 4, heartbeatMs: 30 });
    const url = await serve(hub);
    const res = await fetch(url);
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes(': ping')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain('retry: 2000');
    await reader.cancel();
    hub.close();
  });
});

import { describe, expect, it } from 'vitest';
import {
  createRootLogger,
  isSecretField,
  LogRing,
  logEntryText,
  withoutSecrets,
} from '../../../core/index.js';

const line = (fields: Record<string, unknown>) => `${JSON.stringify(fields)}\n`;

describe('LogRing', () => {
  it('keeps the newest lines up to its capacity, oldest first', () => {
    const ring = new LogRing(3);
    for (let i = 1; i <= 5; i++) ring.push(line({ time: `t${i}`, level: 'info', msg: `m${i}` }));
    expect(ring.size).toBe(3);
    expect(ring.recent().map((e) => e.msg)).toEqual(['m3', 'm4', 'm5']);
    expect(ring.recent({ limit: 2 }).map((e) => e.msg)).toEqual(['m4', 'm5']);
  });

  it('gives time, level, module and msg first and the other fields after them', () => {
    const ring = new LogRing(10);
    ring.push(
      line({ level: 'warn', time: '2025-01-01T00:00:00.000Z', app: 'tiang', module: 'sync', msg: 'x', n: 1 }),
    );
    ring.push(line({ level: 'info', time: '2025-01-01T00:00:01.000Z', n: 2 }));
    const [a, b] = ring.recent();
    expect(Object.keys(a!)).toEqual(['time', 'level', 'module', 'msg', 'app', 'n']);
    expect(a).toEqual({
      time: '2025-01-01T00:00:00.000Z',
      level: 'warn',
      module: 'sync',
      msg: 'x',
      app: 'tiang',
      n: 1,
    });
    expect(b).toEqual({ time: '2025-01-01T00:00:01.000Z', level: 'info', msg: '', n: 2 });
  });

  it('filters by the lowest level wanted, then takes the newest', () => {
    const ring = new LogRing(10);
    for (const level of ['debug', 'info', 'warn', 'error', 'fatal', 'info'])
      ring.push(line({ time: 't', level, msg: level }));
    expect(ring.recent({ minLevel: 'warn' }).map((e) => e.level)).toEqual(['warn', 'error', 'fatal']);
    expect(ring.recent({ minLevel: 'error', limit: 1 }).map((e) => e.level)).toEqual(['fatal']);
    expect(ring.recent({ minLevel: 'info' })).toHaveLength(5);
  });

  it('splits chunks with several lines and keeps a line that is not JSON as its message', () => {
    const ring = new LogRing(10);
    ring.push(
      `${line({ time: 't', level: 'info', msg: 'a' })}${line({ time: 't', level: 'info', msg: 'b' })}`,
    );
    ring.push('not json\n');
    expect(ring.recent().map((e) => e.msg)).toEqual(['a', 'b', 'not json']);
  });

  it('shortens a runaway line to its head fields', () => {
    const ring = new LogRing(2);
    ring.push(line({ time: 't', level: 'error', module: 'x', msg: 'big', blob: 'y'.repeat(100_000) }));
    const [e] = ring.recent();
    expect(e).toEqual({ time: 't', level: 'error', module: 'x', msg: 'big', truncated: true });
  });

  it('writes plain text lines for the download', () => {
    expect(logEntryText({ time: 't', level: 'warn', module: 'sync', msg: 'down', n: 1 })).toBe(
      't WARN  sync: down {"n":1}',
    );
    expect(logEntryText({ time: 't', level: 'info', msg: 'up' })).toBe('t INFO  -: up');
  });

  it('tees the root logger: the output is unchanged and the ring holds the same lines', () => {
    const out: string[] = [];
    const ring = new LogRing(10);
    const log = createRootLogger('info', { write: (s: string) => void out.push(s) }, ring);
    log.child({ module: 'admin' }).info({ from: '127.0.0.1' }, 'admin login');
    log.debug('not at this level');
    expect(out).toHaveLength(1);
    const written = JSON.parse(out[0]!) as Record<string, unknown>;
    expect(written).toMatchObject({
      level: 'info',
      app: 'tiang',
      module: 'admin',
      from: '127.0.0.1',
      msg: 'admin login',
    });
    expect(ring.recent()).toEqual([
      {
        time: written.time,
        level: 'info',
        module: 'admin',
        msg: 'admin login',
        app: 'tiang',
        from: '127.0.0.1',
      },
    ]);
  });
});

describe('secret filter', () => {
  it('knows secret field names in any spelling', () => {
    for (const name of [
      'pin',
      'PIN',
      'pinHash',
      'adminPin',
      'token',
      'accessToken',
      'session_token',
      'key',
      'apiKey',
      'APIKey',
      'x-api-key',
      'privateKeyPem',
      'password',
      'dbPassword',
      'passwd',
      'cookie',
      'set-cookie',
      'cookies',
      'secret',
      'authorization',
    ])
      expect(isSecretField(name), name).toBe(true);
    for (const name of [
      'msg',
      'module',
      'keepaliveS',
      'keeping',
      'sleeping',
      'stopping',
      'mapping',
      'kids',
      'from',
    ])
      expect(isSecretField(name), name).toBe(false);
  });

  it('drops them at any depth, in objects and arrays, and from the ring', () => {
    expect(
      withoutSecrets({
        a: 1,
        pin: '123456',
        req: { headers: { cookie: 'c', host: 'h' } },
        list: [{ token: 't', ok: 1 }],
      }),
    ).toEqual({ a: 1, req: { headers: { host: 'h' } }, list: [{ ok: 1 }] });
    const ring = new LogRing(5);
    ring.push(
      line({
        time: 't',
        level: 'info',
        msg: 'm',
        pin: '654321',
        detail: { apiKey: 'k', password: 'p', n: 1 },
      }),
    );
    const text = JSON.stringify(ring.recent());
    expect(text).not.toContain('654321');
    expect(text).not.toMatch(/apiKey|password/);
    expect(ring.recent()[0]).toMatchObject({ detail: { n: 1 } });
  });
});

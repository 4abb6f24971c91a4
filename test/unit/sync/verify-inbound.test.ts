import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  generateSigningKey,
  privateKeyFromPem,
  type SignedPayload,
  signPayload,
  TrustStore,
  verifyInbound,
} from '../../../sync/index.js';

const toBase64urlForTest = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

const now = Date.UTC(2026, 10, 28, 3, 0, 0);
const key = generateSigningKey();
const other = generateSigningKey();
const priv = privateKeyFromPem(key.privateKeyPem);
const trust = new TrustStore([{ kid: 'cr-1', publicKey: key.publicKey }]);
const seen = new Set<string>();
const ctx = () => ({
  device: 'blt-kanigoro-007',
  groups: ['kanigoro'],
  trust,
  replay: { seen: (id: string) => seen.has(id) },
  now,
});

let n = 0;
function payload(over: Partial<SignedPayload> = {}): SignedPayload {
  n += 1;
  return {
    id: `01JDQ${String(n).padStart(21, '0')}`,
    type: 'cmd.stop',
    issuedAt: now - 1000,
    expiresAt: now + 60_000,
    target: 'blt-kanigoro-007',
    body: { scope: 'all' },
    ...over,
  };
}
const raw = (v: unknown) => Buffer.from(JSON.stringify(v));
const signed = (p: SignedPayload, k = priv, kid = 'cr-1') => raw(signPayload(p, k, kid));

describe('verifyInbound', () => {
  it('accepts a well-signed command for this pole, its group, or all', () => {
    for (const target of ['blt-kanigoro-007', 'group:kanigoro', 'all']) {
      const r = verifyInbound('cmd', signed(payload({ target })), ctx());
      expect(r).toMatchObject({ ok: true, type: 'cmd.stop', body: { scope: 'all' } });
    }
  });

  it('fills body defaults from the contract schema', () => {
    const r = verifyInbound(
      'cmd',
      signed(payload({ type: 'cmd.play', body: { play: [{ tts: { text: 'Halo', lang: 'id' } }] } })),
      ctx(),
    );
    expect(r.ok && r.body).toMatchObject({ priority: 'announcement', repeat: 1 });
  });

  const cases: [string, InboundCase, RegExp][] = [
    ['malformed JSON', () => Buffer.from('{"v":1,'), /malformed JSON/],
    ['not an envelope', () => raw({ hello: 1 }), /not a signed envelope/],
    ['oversized', () => Buffer.alloc(300 * 1024, 32), /over the 262144-byte limit/],
    ['unknown key id', () => signed(payload(), priv, 'cr-9'), /unknown key id "cr-9"/],
    [
      'signed by another key',
      () => signed(payload(), privateKeyFromPem(other.privateKeyPem)),
      /does not verify/,
    ],
    [
      'tampered payload',
      () => {
        const env = signPayload(payload(), priv, 'cr-1');
        const p = JSON.parse(Buffer.from(env.payload, 'base64url').toString()) as SignedPayload;
        p.body = { scope: 'current' };
        return raw({ ...env, payload: toBase64urlForTest(JSON.stringify(p)) });
      },
      /does not verify/,
    ],
    ['wrong schema', () => signed({ ...payload(), type: 'cmd.explode' as never }), /signed payload: type/],
    ['bad body', () => signed(payload({ body: { scope: 'everything' } })), /cmd.stop body: scope/],
    ['command on the alert topic', () => signed(payload()), /does not belong on a alert topic/],
    [
      'wrong target',
      () => signed(payload({ target: 'blt-other-001' })),
      /target "blt-other-001" is not this pole/,
    ],
    ['other group', () => signed(payload({ target: 'group:wlingi' })), /not this pole/],
    ['expired', () => signed(payload({ issuedAt: now - 120_000, expiresAt: now - 1 })), /expired at/],
    [
      'expiry before issue',
      () => signed(payload({ issuedAt: now, expiresAt: now - 5 })),
      /expiresAt must be after issuedAt/,
    ],
    [
      'seconds instead of ms',
      () => signed(payload({ issuedAt: 1764288000, expiresAt: 1764288600 })),
      /epoch milliseconds/,
    ],
  ];
  type InboundCase = () => Buffer;
  for (const [name, make, reason] of cases) {
    it(`refuses ${name} with a reason`, () => {
      const channel = name === 'command on the alert topic' ? 'alert' : 'cmd';
      const r = verifyInbound(channel, make(), ctx());
      expect(r.ok).toBe(false);
      expect(r.ok ? '' : r.reason).toMatch(reason);
    });
  }

  it('refuses a replayed id', () => {
    const p = payload();
    expect(verifyInbound('cmd', signed(p), ctx()).ok).toBe(true);
    seen.add(p.id);
    const again = verifyInbound('cmd', signed(p), ctx());
    expect(again).toMatchObject({ ok: false, id: p.id });
    expect(again.ok ? '' : again.reason).toMatch(/replayed/);
  });

  it('refuses a signature that is not Ed25519-shaped and a public key of the wrong type', () => {
    const env = signPayload(payload(), priv, 'cr-1');
    expect(verifyInbound('cmd', raw({ ...env, sig: 'AA' }), ctx()).ok).toBe(false);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });
    expect(() => privateKeyFromPem(rsa.toString())).toThrow(/rsa key; an Ed25519 private key is needed/);
    expect(() => new TrustStore([{ kid: 'x', publicKey: 'A'.repeat(43) }])).not.toThrow();
    expect(() => new TrustStore([{ kid: 'x', publicKey: 'short' }])).toThrow(/32-byte Ed25519/);
  });
});

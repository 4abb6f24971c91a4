import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import type { SignedEnvelope, SignedPayload, TrustedKey } from './contract/index.js';

/**
 * Ed25519 over the exact payload bytes. The payload travels base64url-encoded inside the
 * envelope, so no JSON re-serialisation can change what was signed.
 */

export const toBase64url = (b: Buffer): string => b.toString('base64url');

/** A raw 32-byte public key (base64url) as a KeyObject; throws with a clear message when malformed. */
export function publicKeyFromRaw(raw: string): KeyObject {
  const bytes = Buffer.from(raw, 'base64url');
  if (bytes.length !== 32 || toBase64url(bytes) !== raw) {
    throw new Error('is not a 32-byte Ed25519 public key in base64url');
  }
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw }, format: 'jwk' });
}

export function rawPublicKey(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new Error('not an Ed25519 key');
  return jwk.x;
}

export function generateSigningKey(): { privateKeyPem: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKey: rawPublicKey(publicKey),
  };
}

export function privateKeyFromPem(pem: string): KeyObject {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new Error(`is a ${key.asymmetricKeyType ?? 'unknown'} key; an Ed25519 private key is needed`);
  }
  return key;
}

export function signPayload(payload: SignedPayload, key: KeyObject, kid: string): SignedEnvelope {
  const bytes = Buffer.from(JSON.stringify(payload), 'utf8');
  return { v: 1, kid, payload: toBase64url(bytes), sig: toBase64url(sign(null, bytes, key)) };
}

/** The keys a pole trusts, by key id. */
export class TrustStore {
  private readonly keys = new Map<string, KeyObject>();

  constructor(keys: readonly TrustedKey[]) {
    for (const k of keys) this.keys.set(k.kid, publicKeyFromRaw(k.publicKey));
  }

  get kids(): string[] {
    return [...this.keys.keys()];
  }

  has(kid: string): boolean {
    return this.keys.has(kid);
  }

  verify(kid: string, bytes: Buffer, sig: Buffer): boolean {
    const key = this.keys.get(kid);
    return key !== undefined && sig.length === 64 && verify(null, bytes, key, sig);
  }
}

import type { TrustedKey } from '../../sync/index.js';
import { TrustStore } from '../../sync/index.js';

/**
 * The keys a pole trusts: those from provisioning (config `sync.trustedKeys`), until a
 * signed desired document rotates them with `settings.trustedKeys`. From then on the
 * rotated set is the trusted set, kept on its own: a later document without
 * `trustedKeys` keeps it, and never brings a retired provisioned key back.
 */
export const ROTATED_KEYS = 'sync.trustedKeys';

export function trustedKeys(
  provisioned: Record<string, string>,
  rotated: readonly TrustedKey[] | undefined,
): TrustedKey[] {
  if (rotated && rotated.length > 0) return [...rotated];
  return Object.entries(provisioned).map(([kid, publicKey]) => ({ kid, publicKey }));
}

export const trustStoreFor = (
  provisioned: Record<string, string>,
  rotated: readonly TrustedKey[] | undefined,
): TrustStore => new TrustStore(trustedKeys(provisioned, rotated));

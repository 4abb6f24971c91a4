import type { DesiredBody, TrustedKey } from '../../sync/index.js';
import { TrustStore } from '../../sync/index.js';

/**
 * The keys a pole trusts: those from provisioning (config `sync.trustedKeys`), until a
 * signed desired document rotates them with `settings.trustedKeys`; from then on that
 * list is the trusted set (kept in the applied desired state across restarts).
 */
export function trustedKeys(
  provisioned: Record<string, string>,
  desired: DesiredBody | undefined,
): TrustedKey[] {
  const rotated = desired?.settings?.trustedKeys;
  if (rotated && rotated.length > 0) return rotated;
  return Object.entries(provisioned).map(([kid, publicKey]) => ({ kid, publicKey }));
}

export const trustStoreFor = (
  provisioned: Record<string, string>,
  desired: DesiredBody | undefined,
): TrustStore => new TrustStore(trustedKeys(provisioned, desired));

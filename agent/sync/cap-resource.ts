import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { claimTempFile, releaseTempFile } from '../../core/index.js';
import type { CapResource } from '../../sync/index.js';

/** A spoken warning is small; a larger "audio" resource is refused rather than filling the card. */
const MAX_RESOURCE_BYTES = 50 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 20_000;

/**
 * The bytes of a CAP resource, inline (`derefUri`, base64) or fetched from `uri`, checked
 * against its SHA-1 `digest` (CAP 1.2 uses SHA-1). Without a digest there is nothing to
 * check, so the resource is not used and the pole speaks the text instead.
 */
export async function capResourceBytes(res: CapResource): Promise<Buffer> {
  if (!res.digest) throw new Error('resource has no digest to check');
  let bytes: Buffer;
  if (res.derefUri) {
    bytes = Buffer.from(res.derefUri, 'base64');
  } else if (res.uri && /^https?:\/\//.test(res.uri)) {
    const response = await fetch(res.uri, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`resource ${res.uri}: HTTP ${response.status}`);
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > MAX_RESOURCE_BYTES) throw new Error(`resource is ${declared} bytes, over the limit`);
    bytes = Buffer.from(await response.arrayBuffer());
  } else {
    throw new Error('resource has neither derefUri nor an http(s) uri');
  }
  if (bytes.length > MAX_RESOURCE_BYTES) throw new Error(`resource is ${bytes.length} bytes, over the limit`);
  if (res.size !== undefined && bytes.length !== res.size) {
    throw new Error(`resource is ${bytes.length} bytes, the alert says ${res.size}`);
  }
  const got = createHash('sha1').update(bytes).digest('hex');
  if (got !== res.digest.toLowerCase())
    throw new Error(`resource SHA-1 is ${got}, the alert says ${res.digest}`);
  return bytes;
}

/** Write the checked bytes to a temp file, hand it to `importFile`, remove the temp file. */
export async function importCapResource(
  res: CapResource,
  tmpDir: string,
  importFile: (file: string) => Promise<string>,
): Promise<string> {
  const bytes = await capResourceBytes(res);
  await mkdir(tmpDir, { recursive: true });
  const file = claimTempFile(tmpDir, path.extname(res.uri ?? '.wav') || '.wav');
  try {
    await writeFile(file, bytes);
    return await importFile(file);
  } finally {
    await releaseTempFile(file);
  }
}

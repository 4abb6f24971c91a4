import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** sha256 (lowercase hex) of a file's bytes, streamed: content files can be hundreds of megabytes. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export const isSha256 = (s: string): boolean => /^[0-9a-f]{64}$/.test(s);

import type { Bilingual } from './bilingual.js';

/**
 * An error a person has to act on: what went wrong and how to fix it.
 * The start-up path turns these into one clear message and a non-zero exit.
 */
export class TiangError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly fix: Bilingual,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TiangError';
  }
}

export const isTiangError = (err: unknown): err is TiangError => err instanceof TiangError;

/** Node's system errors carry a string `code` (ENOENT, EADDRINUSE, ...). */
export function errnoCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

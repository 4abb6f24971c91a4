/** A failed API call with its HTTP status (0 when the agent could not be reached at all). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

// On a Pi under load the agent answers in milliseconds; ten seconds means it is gone.
const DEFAULT_TIMEOUT_MS = 10_000;

/** Same-origin request; JSON in, JSON (or nothing, for 204) out; any non-2xx status throws ApiError. */
export async function requestJson<T>(
  path: string,
  init: { method?: 'GET' | 'POST' | 'PUT'; body?: unknown; timeoutMs?: number } = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? 'GET',
      credentials: 'same-origin',
      cache: 'no-store',
      headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
      body: init.body === undefined ? null : JSON.stringify(init.body),
      signal: AbortSignal.timeout(init.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
  } catch (err) {
    throw new ApiError(0, undefined, `${path}: ${(err as Error).message}`);
  }
  const text = await res.text().catch(() => '');
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  if (!res.ok) throw new ApiError(res.status, body, `${path}: HTTP ${res.status}`);
  return body as T;
}

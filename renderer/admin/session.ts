import { ApiError, requestJson } from '../ui/http.ts';

/** What a PIN attempt came to, in the terms the login screen shows. */
export type LoginOutcome =
  | { kind: 'ok' }
  | { kind: 'wrong-pin'; failuresLeft: number }
  | { kind: 'locked'; retryAfterS: number }
  | { kind: 'no-pin' }
  | { kind: 'unreachable' }
  | { kind: 'failed'; status: number };

export async function login(pin: string): Promise<LoginOutcome> {
  try {
    await requestJson<void>('/api/admin/login', { method: 'POST', body: { pin } });
    return { kind: 'ok' };
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    const body = (err.body ?? {}) as { failuresLeft?: unknown; retryAfterS?: unknown };
    switch (err.status) {
      case 0:
        return { kind: 'unreachable' };
      case 401:
        return { kind: 'wrong-pin', failuresLeft: Number(body.failuresLeft ?? 0) };
      case 429:
        return { kind: 'locked', retryAfterS: Math.max(1, Math.ceil(Number(body.retryAfterS ?? 30))) };
      case 409:
        return { kind: 'no-pin' };
      default:
        return { kind: 'failed', status: err.status };
    }
  }
}

/** True when the browser holds a valid admin session cookie. */
export async function hasSession(): Promise<boolean> {
  try {
    await requestJson<unknown>('/api/admin/session');
    return true;
  } catch {
    return false;
  }
}

export async function logout(): Promise<void> {
  // Even if the agent cannot be reached, the screen goes back to the PIN pad.
  await requestJson<void>('/api/admin/logout', { method: 'POST' }).catch(() => undefined);
}

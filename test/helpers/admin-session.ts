import type { AgentProcess } from './agent-process.js';

/** A technician's session on a started agent: the cookie, and requests that carry it. */
export interface AdminSession {
  cookie: string;
  /** GET with the session (or without it, to check the 401). */
  get: (path: string, withCookie?: boolean) => Promise<Response>;
  /** POST JSON from the agent's own origin, as the admin page does; options test the refusals. */
  post: (path: string, body?: unknown, opts?: { cookie?: boolean; origin?: string }) => Promise<Response>;
}

/** Log in with the simulator's PIN over real HTTP. */
export async function adminSession(agent: AgentProcess): Promise<AdminSession> {
  const res = await fetch(`${agent.baseUrl}/api/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: agent.baseUrl },
    body: JSON.stringify({ pin: agent.pin() }),
  });
  if (res.status !== 204) throw new Error(`admin login answered ${res.status}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  return {
    cookie,
    get: (path, withCookie = true) =>
      fetch(`${agent.baseUrl}${path}`, { headers: withCookie ? { cookie } : {} }),
    post: (path, body, opts = {}) =>
      fetch(`${agent.baseUrl}${path}`, {
        method: 'POST',
        headers: {
          origin: opts.origin ?? agent.baseUrl,
          ...(opts.cookie === false ? {} : { cookie }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
  };
}

import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AuditLog } from '../../store/index.js';
import { type AdminAuth, SESSION_TTL_MS } from './auth.js';

export const ADMIN_COOKIE = 'tiang_admin';

const loginBody = z.strictObject({ pin: z.string().max(32) });

/**
 * Cross-site request protection on top of the SameSite=Strict cookie: a state-changing
 * request must come from a page of this same origin (browsers send Origin/Sec-Fetch-Site).
 */
export function sameOriginOnly(req: FastifyRequest, reply: FastifyReply): boolean {
  const site = req.headers['sec-fetch-site'];
  const origin = req.headers.origin;
  const host = req.headers.host;
  const crossSite =
    (site !== undefined && site !== 'same-origin') || (origin !== undefined && origin !== `http://${host}`);
  if (crossSite) {
    void reply.code(403).send({ error: 'cross-site request refused' });
    return false;
  }
  return true;
}

export function adminToken(req: FastifyRequest): string | undefined {
  return req.cookies[ADMIN_COOKIE];
}

/** Guard for admin-only routes: 401 unless the session cookie is valid. */
export function requireAdmin(auth: AdminAuth) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    if (!auth.check(adminToken(req))) return reply.code(401).send({ error: 'login required' });
  };
}

export async function registerAdminRoutes(
  app: FastifyInstance,
  auth: AdminAuth,
  audit: AuditLog,
): Promise<void> {
  app.post('/api/admin/login', async (req, reply) => {
    if (!sameOriginOnly(req, reply)) return reply;
    const parsed = loginBody.safeParse(req.body);
    if (!parsed.success) return reply.code(400).send({ error: 'body must be {"pin": "<6-12 digits>"}' });
    const result = await auth.login(parsed.data.pin, req.ip);
    switch (result.kind) {
      case 'ok':
        req.log.info({ from: req.ip }, 'admin login');
        reply.setCookie(ADMIN_COOKIE, result.token, {
          httpOnly: true,
          sameSite: 'strict',
          path: '/',
          maxAge: SESSION_TTL_MS / 1000,
        });
        return reply.code(204).send();
      case 'bad-pin':
        req.log.warn({ from: req.ip, failuresLeft: result.failuresLeft }, 'admin login refused: wrong PIN');
        return reply.code(401).send({ error: 'wrong PIN', failuresLeft: result.failuresLeft });
      case 'locked':
        req.log.warn({ from: req.ip, retryAfterMs: result.retryAfterMs }, 'admin login refused: locked');
        reply.header('retry-after', Math.ceil(result.retryAfterMs / 1000));
        return reply.code(429).send({
          error: 'locked after repeated wrong PINs',
          retryAfterS: Math.ceil(result.retryAfterMs / 1000),
        });
      case 'no-pin':
        return reply.code(409).send({ error: 'no admin PIN is set on this pole: run `tiang admin set-pin`' });
    }
  });

  app.post('/api/admin/logout', async (req, reply) => {
    if (!sameOriginOnly(req, reply)) return reply;
    auth.logout(adminToken(req));
    reply.clearCookie(ADMIN_COOKIE, { path: '/' });
    return reply.code(204).send();
  });

  app.get('/api/admin/session', { preHandler: requireAdmin(auth) }, async () => ({ ok: true }));
  app.get('/api/admin/audit', { preHandler: requireAdmin(auth) }, async () => ({
    entries: audit.recent(100),
  }));
}

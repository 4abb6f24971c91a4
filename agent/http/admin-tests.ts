import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { describeIssues } from '../../core/index.js';
import type { AuditLog } from '../../store/index.js';
import { type GuidedTests, isTestKind, TEST_KINDS } from '../admin/guided-tests.js';
import { type AdminAuth, requireAdmin, sameOriginOnly } from '../admin/index.js';

/** The tests take no options: an empty body, or none. */
const noOptions = z.strictObject({}).optional();

/** POST /api/admin/tests/:kind — a guided test (amplifier, sensor, link, portal). */
export function registerAdminTests(
  app: FastifyInstance,
  tests: GuidedTests,
  auth: AdminAuth,
  audit: AuditLog,
): void {
  app.post<{ Params: { kind: string } }>(
    '/api/admin/tests/:kind',
    { preHandler: requireAdmin(auth) },
    async (req, reply) => {
      if (!sameOriginOnly(req, reply)) return reply;
      const { kind } = req.params;
      if (!isTestKind(kind)) {
        return reply
          .code(404)
          .send({ error: `no test "${kind.slice(0, 40)}": the tests are ${TEST_KINDS.join(', ')}` });
      }
      const parsed = noOptions.safeParse(req.body);
      if (!parsed.success)
        return reply.code(400).send({ error: describeIssues(parsed.error, { root: 'body' }) });
      const result = await tests.run(kind);
      if (!result) return reply.code(409).send({ error: `a ${kind} test is already running` });
      audit.append('admin', 'test.run', { kind, ok: result.ok, ms: result.ms });
      req.log.info({ kind, ok: result.ok, ms: result.ms, detail: result.detail }, 'guided test');
      return result;
    },
  );
}

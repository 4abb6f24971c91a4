import type { FastifyInstance } from 'fastify';
import { type Clock, describeIssues, packageRoot } from '../../core/index.js';
import type { AuditLog } from '../../store/index.js';
import { type AdminAuth, requireAdmin, sameOriginOnly } from '../admin/index.js';
import {
  checkProvisioning,
  currentProvisioning,
  provisioningInput,
  saveProvisioning,
} from '../admin/provisioning.js';
import type { LoadedConfig } from '../config/index.js';

/**
 * GET/POST check/PUT /api/admin/provisioning (docs/http.md). The simulator's own file lives in
 * the package (deploy/sim/): the admin screen never rewrites the repository, so there the
 * file is shown as not changeable and PUT answers 409.
 */
export function registerProvisioningApi(
  app: FastifyInstance,
  loaded: LoadedConfig,
  auth: AdminAuth,
  audit: AuditLog,
  clock: Clock,
): void {
  const inPackage = loaded.file.startsWith(`${packageRoot()}/`);
  const writable = !(loaded.config.simulate && inPackage);
  const configFile = writable ? loaded.file : null;
  /** Something was saved since this agent started: it runs with the old values until a restart. */
  let saved = false;

  app.get('/api/admin/provisioning', { preHandler: requireAdmin(auth) }, async (_req, reply) => {
    reply.header('cache-control', 'no-store');
    return { ...currentProvisioning(loaded.config, configFile), restartNeeded: saved };
  });

  const parse = (body: unknown) => provisioningInput.safeParse(body ?? {});

  app.post('/api/admin/provisioning/check', { preHandler: requireAdmin(auth) }, async (req, reply) => {
    if (!sameOriginOnly(req, reply)) return reply;
    const parsed = parse(req.body);
    if (!parsed.success)
      return reply.code(400).send({ error: describeIssues(parsed.error, { root: 'body' }) });
    const problems = await checkProvisioning(parsed.data, clock.now());
    return { ok: problems.length === 0, problems };
  });

  app.put('/api/admin/provisioning', { preHandler: requireAdmin(auth) }, async (req, reply) => {
    if (!sameOriginOnly(req, reply)) return reply;
    const parsed = parse(req.body);
    if (!parsed.success)
      return reply.code(400).send({ error: describeIssues(parsed.error, { root: 'body' }) });
    if (!configFile) {
      return reply.code(409).send({
        error:
          'Pengaturan simulator tidak diubah dari layar ini; ubah deploy/sim/tiang.sim.yaml. / The simulator’s configuration is not changed from the admin screen; edit deploy/sim/tiang.sim.yaml.',
      });
    }
    const problems = await checkProvisioning(parsed.data, clock.now());
    if (problems.length > 0) return reply.code(400).send({ problems });
    try {
      const changed = await saveProvisioning(configFile, parsed.data, loaded.config.simulate);
      // Field names only: never key material or paths in the audit log.
      audit.append('admin', 'provisioning.saved', { changed });
      saved ||= changed.length > 0;
      return { saved: true, changed, restartNeeded: saved };
    } catch (err) {
      return reply.code(400).send({
        problems: [{ field: 'file', message: { id: (err as Error).message, en: (err as Error).message } }],
      });
    }
  });
}

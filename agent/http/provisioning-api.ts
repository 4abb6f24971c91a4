import type { FastifyInstance } from 'fastify';
import { type Clock, describeIssues, isTiangError } from '../../core/index.js';
import type { AuditLog } from '../../store/index.js';
import { type AdminAuth, requireAdmin, sameOriginOnly } from '../admin/index.js';
import {
  checkProvisioning,
  NotWritableError,
  type ProvisioningInput,
  type ProvisioningValues,
  provisioningInFile,
  provisioningInput,
  provisioningOf,
  saveProvisioning,
  saveTarget,
} from '../admin/provisioning.js';
import type { LoadedConfig } from '../config/index.js';

/**
 * GET, POST check and PUT /api/admin/provisioning (docs/http.md). GET shows the values as the
 * config file has them; PUT writes the file and the agent uses it after a restart. The
 * package's own files (the simulator's deploy/sim/tiang.sim.yaml) are never rewritten: there
 * `configFile` is null and PUT answers 409.
 */
export function registerProvisioningApi(
  app: FastifyInstance,
  loaded: LoadedConfig,
  auth: AdminAuth,
  audit: AuditLog,
  clock: Clock,
): void {
  const simulate = loaded.config.simulate;
  const running = provisioningOf(loaded.config);
  const inFile = () => provisioningInFile(loaded.file, simulate);
  /** What the file held when the agent started: a difference needs a restart to take effect. */
  const atStart = JSON.stringify(inFile() ?? running);
  /** One save at a time: each reads the file the previous one wrote. */
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(job: () => Promise<T>): Promise<T> => {
    const next = queue.then(job, job);
    queue = next.catch(() => undefined);
    return next;
  };
  const current = (): { values: ProvisioningValues; restartNeeded: boolean } => {
    const values = inFile();
    return {
      values: values ?? running,
      restartNeeded: values !== undefined && JSON.stringify(values) !== atStart,
    };
  };
  const parse = (body: unknown) => provisioningInput.safeParse(body ?? {});
  const check = (input: ProvisioningInput) =>
    checkProvisioning(input, clock.now(), { current: current().values, simulate });

  app.get('/api/admin/provisioning', { preHandler: requireAdmin(auth) }, async (_req, reply) => {
    reply.header('cache-control', 'no-store');
    const target = await saveTarget(loaded.file, simulate);
    const { values, restartNeeded } = current();
    return {
      configFile: target.file,
      ...values,
      restartNeeded,
      writable: target.writable,
      ...(target.writable ? {} : { readOnlyReason: target.reason }),
    };
  });

  app.post('/api/admin/provisioning/check', { preHandler: requireAdmin(auth) }, async (req, reply) => {
    if (!sameOriginOnly(req, reply)) return reply;
    const parsed = parse(req.body);
    if (!parsed.success)
      return reply.code(400).send({ error: describeIssues(parsed.error, { root: 'body' }) });
    const problems = await check(parsed.data);
    return { ok: problems.length === 0, problems };
  });

  app.put('/api/admin/provisioning', { preHandler: requireAdmin(auth) }, async (req, reply) => {
    if (!sameOriginOnly(req, reply)) return reply;
    const parsed = parse(req.body);
    if (!parsed.success)
      return reply.code(400).send({ error: describeIssues(parsed.error, { root: 'body' }) });
    const input = parsed.data;
    return serial(async () => {
      const target = await saveTarget(loaded.file, simulate);
      if (!target.writable) return reply.code(409).send(refusal(target.reason));
      const problems = await check(input);
      if (problems.length > 0) return reply.code(400).send({ problems });
      let changed: string[];
      try {
        changed = await saveProvisioning(target.file, input, simulate);
      } catch (err) {
        if (err instanceof NotWritableError) return reply.code(409).send(refusal(err.reason));
        if (isTiangError(err)) {
          // The checks above cover every field; this is a file the loader refuses for another reason.
          req.log.warn({ err }, 'provisioning not saved: the result would not load');
          return reply.code(400).send({
            problems: [
              {
                field: 'file',
                message: {
                  id: `Tidak disimpan: berkas pengaturan hasilnya tidak akan terbaca oleh agen. ${err.message}`,
                  en: `Not saved: the agent could not read the resulting configuration file. ${err.message}`,
                },
              },
            ],
          });
        }
        throw err;
      }
      if (changed.length > 0) {
        // Field names only: never key material or file paths in the audit log.
        audit.append('admin', 'provisioning.saved', { changed });
        req.log.info({ changed }, 'provisioning saved; takes effect after a restart');
      }
      return { saved: true, changed, restartNeeded: current().restartNeeded };
    });
  });
}

/** 409 body: `error` as one line (both languages, what the screen shows), and `reason` apart. */
const refusal = (reason: { id: string; en: string }) => ({
  error: `${reason.id} / ${reason.en}`,
  reason,
});

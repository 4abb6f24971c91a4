import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { describeIssues, isTiangError } from '../../core/index.js';
import type { AuditLog } from '../../store/index.js';
import { type AdminAuth, requireAdmin, sameOriginOnly } from '../admin/index.js';
import type { SpeakerSubsystem } from '../subsystems/speaker.js';
import type { LiveHub } from './live.js';

const volumeBody = z.strictObject({ volume: z.number().int().min(0).max(100) });
const heardBody = z.strictObject({ heard: z.boolean(), testId: z.string().min(1).max(200).optional() });
const noBody = z.strictObject({}).optional();

export interface ControlsDeps {
  speaker: SpeakerSubsystem;
  live: LiveHub;
}

/** The technician's controls: default volume, "did you hear it?", reload the kiosk screen. */
export function registerAdminControls(
  app: FastifyInstance,
  d: ControlsDeps,
  auth: AdminAuth,
  audit: AuditLog,
): void {
  const bad = (error: z.ZodError) => ({ error: describeIssues(error, { root: 'body' }) });

  app.post('/api/admin/speaker/volume', { preHandler: requireAdmin(auth) }, async (req, reply) => {
    if (!sameOriginOnly(req, reply)) return reply;
    const parsed = volumeBody.safeParse(req.body);
    if (!parsed.success) return reply.code(400).send(bad(parsed.error));
    const { volume } = parsed.data;
    try {
      // The control room's cmd.volume goes the same way: the mixer holds the default volume.
      await d.speaker.mixer.setVolume(volume);
    } catch (err) {
      if (isTiangError(err)) return reply.code(422).send({ error: err.message, fix: err.fix });
      throw err;
    }
    audit.append('admin', 'speaker.volume', { volume });
    return { volume };
  });

  app.post('/api/admin/speaker/heard', { preHandler: requireAdmin(auth) }, async (req, reply) => {
    if (!sameOriginOnly(req, reply)) return reply;
    const parsed = heardBody.safeParse(req.body);
    if (!parsed.success) return reply.code(400).send(bad(parsed.error));
    audit.append('admin', 'speaker.heard', parsed.data);
    return reply.code(204).send();
  });

  app.post('/api/admin/kiosk/restart', { preHandler: requireAdmin(auth) }, async (req, reply) => {
    if (!sameOriginOnly(req, reply)) return reply;
    const parsed = noBody.safeParse(req.body);
    if (!parsed.success) return reply.code(400).send(bad(parsed.error));
    const at = Date.now();
    d.live.publish('kiosk-reload', { at }, false);
    audit.append('admin', 'kiosk.reload', { at });
    return reply.code(202).send({ at });
  });
}

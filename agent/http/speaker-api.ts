import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { describeIssues, isTiangError } from '../../core/index.js';
import type { AuditLog } from '../../store/index.js';
import type { AdminAuth } from '../admin/index.js';
import { requireAdmin, sameOriginOnly } from '../admin/index.js';
import type { SpeakerSubsystem } from '../subsystems/speaker.js';

/** Emergencies come only signed from the control room: the admin screen goes up to announcement. */
const playNowBody = z
  .strictObject({
    content: z
      .string()
      .regex(/^[0-9a-f]{64}$/, 'must be a content sha256')
      .optional(),
    text: z
      .string()
      .trim()
      .min(1)
      .max(1000)
      // The speaker reads text aloud: markup would be spelled out ("kurang dari b lebih dari").
      .refine(
        (t) => !/<\/?[a-z!][^>]*>/i.test(t),
        'must be plain text: HTML tags such as <b> cannot be spoken',
      )
      .optional(),
    lang: z.enum(['id', 'en']).default('id'),
    title: z.string().trim().min(1).max(120).optional(),
    priority: z.enum(['announcement', 'program', 'test']).default('announcement'),
    volume: z.number().int().min(0).max(100).optional(),
    chime: z.boolean().default(true),
  })
  .refine((b) => (b.content === undefined) !== (b.text === undefined), 'give exactly one of content or text');

const playLogQuery = z.strictObject({
  from: z.coerce.number().int().optional(),
  to: z.coerce.number().int().optional(),
  result: z
    .string()
    .regex(/^(played|failed|cut|stopped|expired|missed)(,(played|failed|cut|stopped|expired|missed))*$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(5000).optional(),
  format: z.enum(['json', 'csv']).default('json'),
});

const csvCell = (v: unknown) => {
  const s = v === undefined || v === null ? '' : String(v);
  // Quote everything that could break a cell, and defuse spreadsheet formulas.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};
const iso = (ms: number | undefined) => (ms === undefined ? '' : new Date(ms).toISOString());

export function registerSpeakerApi(
  app: FastifyInstance,
  speaker: SpeakerSubsystem,
  auth: AdminAuth,
  audit: AuditLog,
): void {
  app.get('/api/speaker', async (_req, reply) => {
    reply.header('cache-control', 'no-store');
    return speaker.status();
  });

  app.post('/api/admin/speaker/play', { preHandler: requireAdmin(auth) }, async (req, reply) => {
    if (!sameOriginOnly(req, reply)) return reply;
    const parsed = playNowBody.safeParse(req.body);
    if (!parsed.success) {
      return reply.code(400).send({
        error: describeIssues(parsed.error, { root: 'body' }),
      });
    }
    const b = parsed.data;
    const steps = b.content ? [b.content] : [{ tts: { text: b.text!, lang: b.lang } }];
    try {
      const id = await speaker.playNow({
        steps,
        title: b.title ?? (b.text ? b.text.slice(0, 60) : 'Putar konten / play content'),
        priority: b.priority,
        source: 'admin',
        chime: b.chime,
        ...(b.volume === undefined ? {} : { volume: b.volume }),
      });
      audit.append('admin', 'speaker.play', { id, priority: b.priority, content: b.content, text: b.text });
      return reply.code(202).send({ id });
    } catch (err) {
      if (isTiangError(err)) return reply.code(422).send({ error: err.message, fix: err.fix });
      throw err;
    }
  });

  app.post('/api/admin/speaker/stop', { preHandler: requireAdmin(auth) }, async (req, reply) => {
    if (!sameOriginOnly(req, reply)) return reply;
    speaker.player.stopAll('stopped by a technician');
    audit.append('admin', 'speaker.stop');
    return reply.code(204).send();
  });

  app.get('/api/admin/playlog', { preHandler: requireAdmin(auth) }, async (req, reply) => {
    const parsed = playLogQuery.safeParse(req.query);
    if (!parsed.success) {
      return reply.code(400).send({ error: describeIssues(parsed.error, { root: 'query' }) });
    }
    const q = parsed.data;
    const rows = speaker.playLog.list({
      ...(q.from === undefined ? {} : { from: q.from }),
      ...(q.to === undefined ? {} : { to: q.to }),
      ...(q.result ? { results: q.result.split(',') } : {}),
      ...(q.limit === undefined ? {} : { limit: q.limit }),
    });
    if (q.format === 'json') return { entries: rows };
    const head = [
      'scheduled_at',
      'started_at',
      'ended_at',
      'result',
      'priority',
      'source',
      'title',
      'rule_id',
      'cause',
      'volume',
    ];
    const lines = rows.map((r) =>
      [
        iso(r.scheduledAt),
        iso(r.startedAt),
        iso(r.endedAt),
        r.result,
        r.priority,
        r.source,
        r.title,
        r.ruleId,
        r.cause,
        r.volume,
      ]
        .map(csvCell)
        .join(','),
    );
    reply.header('content-disposition', 'attachment; filename="tiang-playlog.csv"');
    return reply.type('text/csv; charset=utf-8').send(`${head.join(',')}\n${lines.join('\n')}\n`);
  });
}

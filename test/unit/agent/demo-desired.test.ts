import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { demoDesiredFile, seedDemoDesired } from '../../../agent/sim/seed.js';
import { silentLogger } from '../../../core/index.js';
import { DesiredStateRepo, openDatabase } from '../../../store/index.js';
import { type DesiredBody, desiredBodySchema } from '../../../sync/contract/index.js';
import { tempDir } from '../../helpers/temp-dir.js';

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});

const yamlDoc = () => parse(readFileSync(demoDesiredFile(), 'utf8')) as unknown;

/** Every `image: {content}` reference anywhere in the kiosk section. */
function imageRefs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) imageRefs(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'image' && v && typeof v === 'object') out.push((v as { content: string }).content);
      else imageRefs(v, out);
    }
  }
  return out;
}

describe('deploy/sim/demo-desired.yaml', () => {
  it('is a valid desired document', () => {
    const result = desiredBodySchema.safeParse(yamlDoc());
    expect(result.success, JSON.stringify(result.error?.issues, null, 1)).toBe(true);
  });

  it('keeps the tiles, their order and titles, with a page of the right type each', () => {
    const doc = desiredBodySchema.parse(yamlDoc());
    const kiosk = doc.kiosk!;
    expect(kiosk.tiles!.map((t) => [t.id, t.page, t.title.id, t.title.en])).toEqual([
      ['layanan', 'layanan', 'Layanan Publik', 'Public Services'],
      ['wisata', 'wisata', 'Wisata', 'Tourism'],
      ['agenda', 'agenda', 'Agenda Kota', 'City Agenda'],
      ['darurat', 'darurat', 'Nomor Penting', 'Important Numbers'],
      ['wifi', 'wifi', 'Wi-Fi Gratis', 'Free Wi-Fi'],
      ['udara', 'udara', 'Kualitas Udara', 'Air Quality'],
      ['siaran', 'siaran', 'Siaran Tiang', 'Pole Speaker'],
    ]);
    const types = Object.fromEntries(kiosk.pages!.map((p) => [p.id, p.type]));
    expect(types).toEqual({
      layanan: 'services',
      wisata: 'places',
      agenda: 'agenda',
      darurat: 'contacts',
      wifi: 'wifi',
      udara: 'air',
      siaran: 'speaker',
    });
    expect(kiosk.contacts!.map((c) => c.phone)).toEqual(expect.arrayContaining(['112', '118', '113', '110']));
    expect(kiosk.attract?.lines).toHaveLength(2);
    expect(kiosk.ticker).toHaveLength(2);
  });

  it('has a recurring Car Free Day, dated events in Dec 2026 – Mar 2027 and one already past', () => {
    const doc = desiredBodySchema.parse(yamlDoc());
    const agenda = doc.kiosk!.pages!.find((p) => p.id === 'agenda') as unknown as {
      events: { title: { id: string }; start?: string; when?: unknown }[];
    };
    expect(agenda.events.find((e) => e.title.id === 'Car Free Day')?.when).toBeDefined();
    const starts = agenda.events.flatMap((e) => (e.start ? [e.start.slice(0, 10)] : []));
    expect(starts).toContain('2026-11-01');
    expect(starts.filter((d) => d >= '2026-12-01' && d <= '2027-03-31')).toHaveLength(3);
  });

  it('is seeded with its pictures as downloaded image content items, and still valid', async () => {
    const dir = tempDir('tiang-seed-');
    cleanup.push(dir.remove);
    const clock = { now: () => 1_764_288_000_000 };
    const db = openDatabase(path.join(dir.path, 'tiang.db'), { clock, log: silentLogger() });
    cleanup.unshift(() => {
      db.close();
    });
    const repo = new DesiredStateRepo(db, clock);
    expect(await seedDemoDesired(repo, dir.path, silentLogger())).toBe(true);
    expect(await seedDemoDesired(repo, dir.path, silentLogger())).toBe(false);

    const body = repo.current<DesiredBody>()!.body;
    const parsed = desiredBodySchema.safeParse(body);
    expect(parsed.success, JSON.stringify(parsed.error?.issues, null, 1)).toBe(true);
    const content = body.content ?? [];
    const refs = imageRefs(body.kiosk);
    expect(refs).toHaveLength(3);
    for (const ref of refs) {
      const item = content.find((c) => c.id === ref);
      expect(item, ref).toMatchObject({ mime: 'image/png', url: `https://tiang.invalid/demo/${ref}.png` });
      const bytes = readFileSync(path.join(dir.path, 'media', item!.sha256));
      expect(bytes.length).toBe(item!.bytes);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(item!.sha256);
    }
  });
});

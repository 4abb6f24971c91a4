import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import {
  claimTempFile,
  commitTempFile,
  type Logger,
  packageRoot,
  releaseTempFile,
} from '../../core/index.js';
import type { DesiredStateRepo } from '../../store/index.js';
import type { ContentItemSpec } from '../../sync/index.js';
import { type AdminAuth, randomPin } from '../admin/index.js';
import { demoImages } from './demo-images.js';

export const demoDesiredFile = (): string => path.join(packageRoot(), 'deploy', 'sim', 'demo-desired.yaml');

/**
 * The demo pictures as content items, their files put where the content downloader would
 * have put them (`<dataDir>/media/<sha256>`): the pole then treats them as downloaded, and
 * nothing is fetched from the (invalid) URL.
 */
export async function seedDemoImages(dataDir: string): Promise<ContentItemSpec[]> {
  const media = path.join(dataDir, 'media');
  await mkdir(media, { recursive: true });
  const items: ContentItemSpec[] = [];
  for (const image of demoImages()) {
    const sha256 = createHash('sha256').update(image.png).digest('hex');
    const file = path.join(media, sha256);
    if (!existsSync(file)) {
      const temp = claimTempFile(media);
      try {
        await writeFile(temp, image.png);
        await commitTempFile(temp, file);
      } finally {
        await releaseTempFile(temp);
      }
    }
    items.push({
      id: image.id,
      sha256,
      bytes: image.png.length,
      url: `https://tiang.invalid/demo/${image.id}.png`,
      mime: 'image/png',
      title: image.title,
    });
  }
  return items;
}

/**
 * First start of the simulator: apply the Blitar demo desired state, as if the control
 * room had sent it (with its pictures already downloaded). A pole that already has a
 * desired state keeps it. `schedule: false` leaves out the demo's spoken schedule (it speaks
 * every 10 minutes by day): a quiet pole that speaks only when asked.
 */
export async function seedDemoDesired(
  desired: DesiredStateRepo,
  dataDir: string,
  log: Logger,
  opts: { schedule: boolean } = { schedule: true },
): Promise<boolean> {
  if (desired.current()) return false;
  const doc = parse(readFileSync(demoDesiredFile(), 'utf8')) as {
    version: number;
    content?: ContentItemSpec[];
    schedule?: unknown[];
  };
  doc.content = [...(doc.content ?? []), ...(await seedDemoImages(dataDir))];
  if (!opts.schedule) doc.schedule = [];
  desired.save(doc.version, doc, 'simulator-seed');
  log.info(
    { version: doc.version, content: doc.content.length, schedule: doc.schedule?.length ?? 0 },
    'simulator: demo content seeded',
  );
  return true;
}

/**
 * The simulator's admin PIN: made once, kept in the data folder (mode 600) so every start
 * can print it, until a technician sets their own. Real poles never do this: their PIN is set with `tiang admin set-pin`.
 */
export async function simulatorPin(dataDir: string, auth: AdminAuth): Promise<string | undefined> {
  const file = path.join(dataDir, 'simulator-admin-pin.txt');
  if (auth.hasPin()) {
    // After `tiang admin set-pin` the file is stale: never print a PIN that does not work.
    const kept = existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
    return kept !== undefined && (await auth.verify(kept)) ? kept : undefined;
  }
  const pin = randomPin();
  await auth.setPin(pin, 'simulator');
  writeFileSync(file, `${pin}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return pin;
}

import path from 'node:path';
import { type ContentItem, ContentLibrary } from '../../audio/index.js';
import { createRootLogger, systemClock } from '../../core/index.js';
import { loadConfig } from '../config/index.js';
import { resolveConfigPath } from './config-path.js';
import { openExistingDatabase } from './existing-database.js';
import { reportStartError } from './report-error.js';

export interface ContentCliArgs {
  config?: string;
  sim: boolean;
}

export interface ContentAddArgs extends ContentCliArgs {
  file: string;
  titleId?: string;
  titleEn?: string;
}

/** `m:ss.s`, or `h:mm:ss` for an hour and more. */
export function formatDuration(ms: number): string {
  if (ms >= 3600_000) {
    const s = Math.round(ms / 1000);
    const mm = String(Math.floor(s / 60) % 60).padStart(2, '0');
    return `${Math.floor(s / 3600)}:${mm}:${String(s % 60).padStart(2, '0')}`;
  }
  const tenths = Math.round(ms / 100);
  const seconds = ((tenths % 600) / 10).toFixed(1).padStart(4, '0');
  return `${Math.floor(tenths / 600)}:${seconds}`;
}

const line = (i: ContentItem): string =>
  `${i.sha256}  ${formatDuration(i.durationMs)}  ${i.title.id === i.title.en ? i.title.id : `${i.title.id} / ${i.title.en}`}\n`;

/**
 * Opens the library on the pole's database, or says why not. Like `admin set-pin`, it never
 * creates the database: a root shell must not leave a root-owned file for the agent.
 */
function withLibrary<T>(
  args: ContentCliArgs,
  use: (library: ContentLibrary) => Promise<T>,
): Promise<T> | number {
  const { config } = loadConfig(resolveConfigPath(args.config, args.sim), { simulate: args.sim });
  const db = openExistingDatabase(config);
  if (!db) return 1;
  const log = createRootLogger('warn');
  const library = new ContentLibrary({
    dir: path.join(config.dataDir, 'content'),
    db,
    clock: systemClock,
    log,
    quotaBytes: config.speaker.contentQuotaMb * 1024 * 1024,
  });
  return use(library).finally(() => db.close());
}

/** `tiang content add FILE`: import a WAV into the library and print `sha256  duration  title`. */
export async function runContentAdd(args: ContentAddArgs): Promise<number> {
  try {
    return await withLibrary(args, async (library) => {
      const startedAt = systemClock.now();
      const fallback = args.titleId ?? args.titleEn;
      const title = fallback ? { id: args.titleId ?? fallback, en: args.titleEn ?? fallback } : undefined;
      const item = await library.import(args.file, { title, source: 'local' });
      if (item.addedAt < startedAt) process.stderr.write('tiang: sudah ada / already in the library\n');
      process.stdout.write(line(item));
      return 0;
    });
  } catch (err) {
    return reportStartError(err, 'add the content');
  }
}

/** `tiang content list`: every item, newest first. */
export async function runContentList(args: ContentCliArgs): Promise<number> {
  try {
    return await withLibrary(args, async (library) => {
      for (const item of library.list()) process.stdout.write(line(item));
      const u = library.usage();
      process.stderr.write(
        `${u.items} item(s), ${(u.bytes / 1024 ** 2).toFixed(1)} MiB of ${(u.quotaBytes / 1024 ** 2).toFixed(0)} MiB\n`,
      );
      return 0;
    });
  } catch (err) {
    return reportStartError(err, 'list the content');
  }
}

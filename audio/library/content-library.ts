import { copyFile, mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  type Bilingual,
  bi,
  type Clock,
  claimTempFile,
  commitTempFile,
  errnoCode,
  type Logger,
  releaseTempFile,
  removeAbandonedTemps,
  TiangError,
  unlinkIfPresent,
} from '../../core/index.js';
import { type ContentRecord, ContentRepo, type ContentSource, type Db } from '../../store/index.js';
import { isCanonicalWav } from '../canonical-wav.js';
import { readWavInfo, type WavInfo } from '../output/index.js';
import { bytesPerMs, CANONICAL_FORMAT } from '../pcm.js';
import { installSoxFix, isSoxFailure, soxConvert } from '../sox.js';
import { checkImportable } from './importable.js';
import { isSha256, sha256File } from './sha256-file.js';

export type ContentItem = ContentRecord;

export interface ContentLibraryOptions {
  /** `<dataDir>/content`: one `<sha256>.wav` per item, in CANONICAL_FORMAT. */
  dir: string;
  db: Db;
  clock: Clock;
  log: Logger;
  /** Most bytes the stored files may take together. */
  quotaBytes: number;
  soxPath?: string;
  /**
   * sha256 of every item something still needs (schedules, pending commands). Until the
   * scheduler supplies this, every item counts as referenced: an import then refuses rather
   * than deleting a file a schedule may play.
   */
  referenced?: () => ReadonlySet<string>;
}

export interface ImportOptions {
  /** Shown to people; defaults to the file name without its extension. */
  title?: Bilingual;
  source: ContentSource;
}

export interface ContentUsage {
  items: number;
  bytes: number;
  quotaBytes: number;
}

export interface VerifyReport {
  checked: number;
  /** Rows whose file is gone: the item cannot play until it is imported (downloaded) again. */
  missing: ContentItem[];
  /** Rows whose file has another size than stored: damaged or replaced behind our back. */
  wrongSize: { item: ContentItem; actualBytes: number }[];
  /** Temp files of an import or render cut short (crash, power cut), deleted. */
  tempFilesRemoved: string[];
  /** `<sha256>.wav` files without a row (power cut between rename and insert), deleted. */
  orphanFilesRemoved: string[];
}

const SOURCES: ReadonlySet<string> = new Set<ContentSource>(['local', 'control-room', 'simulator']);
const WAV_HEADER_BYTES = 44;
/** A final-named file without a row younger than this may be an import of another process about to insert it. */
const ORPHAN_GRACE_MS = 10 * 60_000;

const mib = (bytes: number): string => `${(bytes / 1024 ** 2).toFixed(1)} MiB`;

/**
 * The pole's audio content: files named by the sha256 of the bytes they came from, kept in
 * one PCM format so the player never switches formats mid-stream, indexed in the `content`
 * table. Changes run one at a time, so quota arithmetic never sees a half-done import.
 */
export class ContentLibrary {
  readonly dir: string;
  readonly quotaBytes: number;
  private readonly repo: ContentRepo;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly soxPath: string;
  private readonly referenced: () => ReadonlySet<string>;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(opts: ContentLibraryOptions) {
    this.dir = opts.dir;
    this.quotaBytes = opts.quotaBytes;
    this.repo = new ContentRepo(opts.db, opts.clock);
    this.clock = opts.clock;
    this.log = opts.log;
    this.soxPath = opts.soxPath ?? 'sox';
    this.referenced = opts.referenced ?? (() => new Set(this.repo.list().map((i) => i.sha256)));
  }

  /**
   * Adds a WAV file: checked, identified by the sha256 of its bytes, converted to
   * CANONICAL_FORMAT if needed, stored durably, then indexed. The same bytes again return the
   * existing item (and store its file again if it was lost or damaged).
   */
  import(file: string, opts: ImportOptions): Promise<ContentItem> {
    return this.serial(() => this.importNow(file, opts));
  }

  get(sha256: string): ContentItem | undefined {
    return isSha256(sha256) ? this.repo.get(sha256) : undefined;
  }

  /** Newest first. */
  list(): ContentItem[] {
    return this.repo.list();
  }

  has(sha256: string): boolean {
    return this.get(sha256) !== undefined;
  }

  /** The canonical file of an item. Throws on anything but a sha256, so a name from the wire cannot escape the folder. */
  pathOf(sha256: string): string {
    if (!isSha256(sha256)) throw new TypeError(`not a sha256: ${JSON.stringify(sha256)}`);
    return path.join(this.dir, `${sha256}.wav`);
  }

  /** Removes the item and its file; false if there was no such item. */
  remove(sha256: string): Promise<boolean> {
    return this.serial(() => this.removeNow(sha256));
  }

  /** For least-recently-used pruning; false if there is no such item. */
  markPlayed(sha256: string): boolean {
    return isSha256(sha256) && this.repo.markPlayed(sha256);
  }

  /**
   * Removes items nothing references, least recently played (or added) first, until the
   * library holds at most `targetBytes`. Never removes a referenced item, even if the target
   * is then not reached. Returns the removed items.
   */
  prune(referenced: ReadonlySet<string>, targetBytes = this.quotaBytes): Promise<ContentItem[]> {
    return this.serial(() => this.pruneNow(referenced, targetBytes));
  }

  /** Checks every row against its file (size only: hashing gigabytes on a Pi takes minutes) and clears leftovers. */
  verify(): Promise<VerifyReport> {
    return this.serial(() => this.verifyNow());
  }

  usage(): ContentUsage {
    return { ...this.repo.totals(), quotaBytes: this.quotaBytes };
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async importNow(file: string, opts: ImportOptions): Promise<ContentItem> {
    if (!SOURCES.has(opts.source))
      throw new TypeError(`unknown content source ${JSON.stringify(opts.source)}`);
    const info = await checkImportable(file);
    const sha256 = await sha256File(file);
    const existing = this.repo.get(sha256);
    if (existing && (await this.fileSize(existing.sha256)) === existing.bytes) return existing;

    const convert = !isCanonicalWav(info);
    const estimate = convert
      ? WAV_HEADER_BYTES + Math.ceil(info.durationMs * bytesPerMs(CANONICAL_FORMAT))
      : (await stat(file)).size;
    // Storing an item again (its file was lost) frees what its row still counts.
    const replaced = existing?.bytes ?? 0;
    // Refuse before writing a byte when even pruning cannot make room.
    this.planRoom(file, estimate - replaced, sha256);

    await mkdir(this.dir, { recursive: true });
    const temp = claimTempFile(this.dir, '.wav');
    let stored: WavInfo;
    let bytes: number;
    try {
      if (convert) await this.convert(file, temp, info.durationMs);
      else await copyFile(file, temp);
      stored = await readWavInfo(temp);
      if (!isCanonicalWav(stored)) throw new Error(`${file}: the stored copy is not in the canonical format`);
      bytes = (await stat(temp)).size;
      const plan = this.planRoom(file, bytes - replaced, sha256);
      if (plan) await this.pruneNow(plan.referenced, this.quotaBytes - (bytes - replaced));
      await commitTempFile(temp, this.pathOf(sha256));
    } finally {
      await releaseTempFile(temp);
    }

    const durationMs = Math.round(stored.durationMs);
    const originalName = path.basename(file);
    const stem = path.basename(file, path.extname(file)) || originalName;
    this.repo.transaction(() => {
      if (existing) this.repo.updateFile(sha256, bytes, durationMs);
      else
        this.repo.insert({
          sha256,
          kind: 'audio',
          title: { id: opts.title?.id.trim() || stem, en: opts.title?.en.trim() || stem },
          originalName,
          bytes,
          durationMs,
          source: opts.source,
          addedAt: this.clock.now(),
          lastPlayedAt: null,
        });
    });
    this.log.info(
      { sha256, originalName, bytes, durationMs, converted: convert, repaired: existing !== undefined },
      existing ? 'content file stored again' : 'content imported',
    );
    // Another process may have inserted the same item first; its row is the one that counts.
    return this.repo.get(sha256)!;
  }

  private async convert(file: string, temp: string, durationMs: number): Promise<void> {
    try {
      // Slower than real time means sox is stuck, not busy.
      await soxConvert(file, temp, CANONICAL_FORMAT, {
        soxPath: this.soxPath,
        timeoutMs: 60_000 + durationMs,
      });
    } catch (err) {
      if (!isSoxFailure(err)) throw err;
      const target = '48 kHz 16-bit stereo';
      throw new TiangError(
        'CONTENT_CONVERT',
        err.missing
          ? `${file}: needs converting to ${target}, but ${err.message}`
          : `${file}: could not be converted to ${target}: ${err.message}`,
        err.missing
          ? installSoxFix
          : bi(
              'Ekspor ulang berkas sebagai WAV PCM 48 kHz 16-bit stereo.',
              'Export the file again as 48 kHz 16-bit stereo PCM WAV.',
            ),
        { cause: err },
      );
    }
  }

  /**
   * Whether `needed` more bytes fit: undefined if they fit as things are, the referenced set
   * if pruning unreferenced items makes room; throws CONTENT_QUOTA if nothing would.
   */
  private planRoom(file: string, needed: number, keep: string): { referenced: Set<string> } | undefined {
    const used = this.repo.totals().bytes;
    if (used + needed <= this.quotaBytes) return undefined;
    const referenced = new Set(this.referenced());
    referenced.add(keep);
    const freeable = this.repo
      .list()
      .filter((i) => !referenced.has(i.sha256))
      .reduce((sum, i) => sum + i.bytes, 0);
    if (used - freeable + needed <= this.quotaBytes) return { referenced };
    throw new TiangError(
      'CONTENT_QUOTA',
      `${file}: no room in the content library: it needs ${mib(needed)}, ${mib(used)} of the ${mib(this.quotaBytes)} quota is used, and removing every item no schedule uses would free only ${mib(freeable)}`,
      bi(
        'Hapus konten yang tidak lagi dipakai jadwal, atau naikkan kuota konten.',
        'Remove content that schedules no longer use, or raise the content quota.',
      ),
    );
  }

  private async pruneNow(referenced: ReadonlySet<string>, targetBytes: number): Promise<ContentItem[]> {
    let used = this.repo.totals().bytes;
    const removed: ContentItem[] = [];
    for (const item of this.repo.leastRecentlyUsed()) {
      if (used <= targetBytes) break;
      if (referenced.has(item.sha256)) continue;
      await this.removeNow(item.sha256);
      used -= item.bytes;
      removed.push(item);
    }
    if (removed.length > 0) {
      this.log.info(
        { removed: removed.map((i) => i.sha256), bytes: used, targetBytes },
        'unreferenced content pruned',
      );
    }
    return removed;
  }

  private async removeNow(sha256: string): Promise<boolean> {
    if (!isSha256(sha256)) return false;
    // Row first: a power cut in between leaves a file without a row, which verify() deletes,
    // never a row promising a file that is gone.
    const existed = this.repo.delete(sha256);
    await unlinkIfPresent(this.pathOf(sha256));
    return existed;
  }

  private async fileSize(sha256: string): Promise<number | undefined> {
    try {
      return (await stat(this.pathOf(sha256))).size;
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return undefined;
      throw err;
    }
  }

  private async verifyNow(): Promise<VerifyReport> {
    const items = this.repo.list();
    const missing: ContentItem[] = [];
    const wrongSize: VerifyReport['wrongSize'] = [];
    for (const item of items) {
      const size = await this.fileSize(item.sha256);
      if (size === undefined) missing.push(item);
      else if (size !== item.bytes) wrongSize.push({ item, actualBytes: size });
    }
    const now = this.clock.now();
    const tempFilesRemoved = await removeAbandonedTemps(this.dir, now);
    const orphanFilesRemoved: string[] = [];
    for (const name of await readdir(this.dir).catch(() => [] as string[])) {
      const sha256 = /^([0-9a-f]{64})\.wav$/.exec(name)?.[1];
      if (!sha256 || this.repo.get(sha256)) continue;
      const file = path.join(this.dir, name);
      const mtimeMs = await stat(file).then(
        (s) => s.mtimeMs,
        () => now,
      );
      if (now - mtimeMs >= ORPHAN_GRACE_MS && (await unlinkIfPresent(file))) orphanFilesRemoved.push(name);
    }
    const report = { checked: items.length, missing, wrongSize, tempFilesRemoved, orphanFilesRemoved };
    if (missing.length + wrongSize.length + tempFilesRemoved.length + orphanFilesRemoved.length > 0) {
      this.log.warn(
        {
          missing: missing.map((i) => i.sha256),
          wrongSize: wrongSize.map((w) => w.item.sha256),
          tempFilesRemoved,
          orphanFilesRemoved,
        },
        'content library check found problems',
      );
    }
    return report;
  }
}

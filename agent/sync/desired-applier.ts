import { existsSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import type { Clock, Logger } from '../../core/index.js';
import type { ContentItemSpec, DesiredBody, DesiredSection, EventData } from '../../sync/index.js';
import { publicKeyFromRaw, SECTION_FIELDS } from '../../sync/index.js';
import type { StoreSubsystem } from '../subsystems/store.js';

export interface SectionState {
  state: 'applied' | 'pending' | 'failed';
  version: number;
  reason?: string;
  /** When failed or pending: the version still in force for this section. */
  keeping?: number;
}

export interface FetchResult {
  id: string;
  sha256: string;
  ok: boolean;
  file?: string;
  error?: string;
}

/** The content side as the applier needs it (the downloader and the audio library). */
export interface ContentPort {
  /** Is this item on the pole already (audio in the library, images in the media folder)? */
  has(item: ContentItemSpec): boolean;
  /** Is audio with this sha256 in the library? */
  hasAudio(sha256: string): boolean;
  fetchAll(items: ContentItemSpec[], signal: AbortSignal): Promise<FetchResult[]>;
  /** Take a verified download into its store (audio is imported into the library). */
  adopt(item: ContentItemSpec, file: string): Promise<void>;
}

export interface DesiredApplierDeps {
  store: StoreSubsystem;
  content: ContentPort;
  /** Why a schedule would be refused by the speaker (undefined: fine). */
  checkSchedule: (body: DesiredBody) => string | undefined;
  /** Why the speaker would refuse the settings (quiet hours, volume) (undefined: fine). */
  checkSettings: (settings: DesiredBody['settings']) => string | undefined;
  /** Why the pole could not run the hotspot section (undefined: fine). */
  checkHotspot: (section: DesiredBody['hotspot']) => string | undefined;
  /** After anything new went live: reload schedule, groups, trusted keys, screens. */
  onChanged: (body: DesiredBody) => void;
  /** After section states changed: publish `reported`. */
  onReported: () => void;
  clock: Clock;
  log: Logger;
}

const SECTIONS_KEY = 'sync.sections';
const PENDING_KEY = 'sync.pendingSchedule';
const SHA256_RE = /^[0-9a-f]{64}$/;
const AUDIO_MIME = /^audio\//;

interface PendingSchedule {
  version: number;
  content: ContentItemSpec[];
  schedule: NonNullable<DesiredBody['schedule']>;
  holidays: string[];
}

type SectionEvent = EventData<'desired'>;

/**
 * Applies desired documents (MQTT-CONTRACT.md "Desired document"): only a higher version;
 * each section all-or-nothing; a section that cannot be applied keeps what was there
 * and says why in `reported`. The schedule goes live only with every content item it
 * plays downloaded and verified; until then the previous schedule keeps running.
 */
export class DesiredApplier {
  private pendingAbort: AbortController | undefined;
  private pendingRun: Promise<void> | undefined;

  constructor(private readonly d: DesiredApplierDeps) {}

  current(): DesiredBody | undefined {
    return this.d.store.desired.current<DesiredBody>()?.body;
  }

  get version(): number {
    return this.d.store.desired.currentVersion();
  }

  sections(): Partial<Record<DesiredSection, SectionState>> {
    return this.d.store.settings.get<Partial<Record<DesiredSection, SectionState>>>(SECTIONS_KEY) ?? {};
  }

  /** Returns undefined when taken in, or why the document as a whole was refused. */
  apply(doc: DesiredBody): string | undefined {
    const applied = this.version;
    if (doc.version <= applied)
      return `desired version ${doc.version} is not above the applied version ${applied}`;
    this.cancelPending();
    const old: DesiredBody = this.current() ?? { version: 0 };
    const next: DesiredBody = { ...old, version: doc.version };
    const states: Partial<Record<DesiredSection, SectionState>> = {};
    const prev = this.sections();
    const keep = (section: DesiredSection, reason: string): SectionState => ({
      state: 'failed',
      version: doc.version,
      reason,
      keeping:
        prev[section]?.state === 'applied' ? prev[section].version : (prev[section]?.keeping ?? applied),
    });
    const take = (section: DesiredSection) => {
      for (const field of SECTION_FIELDS[section]) {
        if (doc[field] === undefined) delete next[field];
        else Object.assign(next, { [field]: doc[field] });
      }
      states[section] = { state: 'applied', version: doc.version };
    };

    const settingsProblem = checkSettings(doc) ?? prefixed('settings', this.d.checkSettings(doc.settings));
    if (settingsProblem) states.settings = keep('settings', settingsProblem);
    else take('settings');
    take('kiosk');
    const hotspotProblem = this.d.checkHotspot(doc.hotspot);
    if (hotspotProblem) states.hotspot = keep('hotspot', hotspotProblem);
    else take('hotspot');

    let pending: PendingSchedule | undefined;
    const resolved = resolveSchedule(doc, (sha) => this.d.content.hasAudio(sha));
    const scheduleProblem =
      resolved.problem ??
      this.d.checkSchedule({ ...next, schedule: resolved.schedule, holidays: doc.holidays ?? [] });
    if (scheduleProblem) {
      states.schedule = keep('schedule', scheduleProblem);
    } else {
      const content = doc.content ?? [];
      const missing = content.filter((c) => !this.d.content.has(c));
      if (missing.length === 0) {
        take('schedule');
        if (resolved.schedule) next.schedule = resolved.schedule;
      } else {
        pending = {
          version: doc.version,
          content,
          schedule: resolved.schedule ?? [],
          holidays: doc.holidays ?? [],
        };
        states.schedule = {
          state: 'pending',
          version: doc.version,
          reason: `downloading ${missing.length} content item(s)`,
          keeping: prev.schedule?.state === 'applied' ? prev.schedule.version : applied,
        };
      }
    }

    const { store } = this.d;
    store.db.transaction(() => {
      store.desired.save(doc.version, next, 'control-room');
      store.settings.set(SECTIONS_KEY, states);
      store.settings.set(PENDING_KEY, pending ?? null);
      for (const [section, st] of Object.entries(states)) this.event(section, st);
    })();
    this.d.log.info({ version: doc.version, sections: states }, 'desired state taken in');
    this.d.onChanged(next);
    this.d.onReported();
    if (pending) this.startPending(pending);
    return undefined;
  }

  private event(section: string, st: SectionState): void {
    const data: SectionEvent = {
      version: st.version,
      section,
      state: st.state,
      ...(st.reason ? { reason: st.reason } : {}),
    };
    this.d.store.outbox.enqueue('events', 'desired', data);
  }

  /** Content a pending schedule still needs (kept from pruning while it downloads). */
  pendingContent(): string[] {
    return (this.d.store.settings.get<PendingSchedule | null>(PENDING_KEY)?.content ?? []).map(
      (c) => c.sha256,
    );
  }

  /** At start: a schedule whose content was still downloading when the pole stopped carries on. */
  resume(): void {
    const pending = this.d.store.settings.get<PendingSchedule | null>(PENDING_KEY);
    if (pending && pending.version === this.version) this.startPending(pending);
  }

  private startPending(p: PendingSchedule): void {
    const abort = new AbortController();
    this.pendingAbort = abort;
    this.pendingRun = this.runPending(p, abort.signal).catch((err: unknown) => {
      this.d.log.error({ err: (err as Error).message }, 'pending schedule failed');
    });
  }

  private async runPending(p: PendingSchedule, signal: AbortSignal): Promise<void> {
    const missing = p.content.filter((c) => !this.d.content.has(c));
    const results = await this.d.content.fetchAll(missing, signal);
    if (signal.aborted) return;
    const failures: string[] = [];
    for (const r of results) {
      // A newer document took over: leave the files to its own round.
      if (signal.aborted) return;
      const item = missing.find((c) => c.sha256 === r.sha256)!;
      let reason = r.ok ? undefined : (r.error ?? 'failed');
      if (r.ok && r.file && !this.d.content.has(item)) {
        try {
          await this.d.content.adopt(item, r.file);
        } catch (err) {
          reason = `not usable: ${(err as Error).message}`;
        }
        if (AUDIO_MIME.test(item.mime) && existsSync(r.file)) await unlink(r.file).catch(() => undefined);
      }
      if (reason) failures.push(`${item.id}: ${reason}`);
      this.d.store.outbox.enqueue('events', 'content', {
        sha256: item.sha256,
        id: item.id,
        result: reason ? 'failed' : 'fetched',
        ...(reason ? { reason } : {}),
      });
    }
    if (signal.aborted || this.version !== p.version) return;
    const { store } = this.d;
    const sections = this.sections();
    let body: DesiredBody | undefined;
    if (failures.length > 0) {
      sections.schedule = {
        state: 'failed',
        version: p.version,
        reason: `content not fetched: ${failures.join('; ')}`.slice(0, 1500),
        keeping: sections.schedule?.keeping ?? 0,
      };
    } else {
      body = { ...(this.current() ?? { version: p.version }) };
      body.content = p.content;
      body.schedule = p.schedule;
      body.holidays = p.holidays;
      sections.schedule = { state: 'applied', version: p.version };
    }
    store.db.transaction(() => {
      if (body) store.desired.replaceCurrent(p.version, body);
      store.settings.set(SECTIONS_KEY, sections);
      store.settings.set(PENDING_KEY, null);
      this.event('schedule', sections.schedule!);
    })();
    this.d.log.info({ version: p.version, schedule: sections.schedule }, 'pending schedule settled');
    if (body) this.d.onChanged(body);
    this.d.onReported();
  }

  private cancelPending(): void {
    this.pendingAbort?.abort();
    this.pendingAbort = undefined;
  }

  /** For tests and shutdown: wait for a running download round to settle. */
  async settled(): Promise<void> {
    await this.pendingRun;
  }

  async stop(): Promise<void> {
    this.cancelPending();
    await this.pendingRun;
  }
}

const prefixed = (what: string, problem: string | undefined) => (problem ? `${what}: ${problem}` : undefined);

/** Meaning checks of the settings section the schema cannot make. */
function checkSettings(doc: DesiredBody): string | undefined {
  for (const k of doc.settings?.trustedKeys ?? []) {
    try {
      publicKeyFromRaw(k.publicKey);
    } catch (err) {
      return `settings.trustedKeys ${k.kid} ${(err as Error).message}`;
    }
  }
  const kids = (doc.settings?.trustedKeys ?? []).map((k) => k.kid);
  if (new Set(kids).size !== kids.length) return 'settings.trustedKeys lists a key id twice';
  return undefined;
}

/** Schedule steps may name content by id; the speaker plays by sha256. */
function resolveSchedule(
  doc: DesiredBody,
  onPole: (sha256: string) => boolean,
): { schedule?: DesiredBody['schedule']; problem?: string } {
  if (!doc.schedule) return {};
  const byId = new Map((doc.content ?? []).map((c) => [c.id, c]));
  const bySha = new Map((doc.content ?? []).map((c) => [c.sha256, c]));
  const schedule: NonNullable<DesiredBody['schedule']> = [];
  for (const rule of doc.schedule) {
    const play: typeof rule.play = [];
    for (const step of rule.play) {
      if (typeof step !== 'string') {
        play.push(step);
        continue;
      }
      const item = byId.get(step) ?? bySha.get(step);
      if (!item && SHA256_RE.test(step) && onPole(step)) {
        // Content already on the pole from an earlier document may be named by sha256 alone.
        play.push(step);
        continue;
      }
      if (!item)
        return { problem: `schedule rule "${rule.id}" plays "${step}", which is not in the content list` };
      if (!AUDIO_MIME.test(item.mime)) {
        return { problem: `schedule rule "${rule.id}" plays "${step}", which is ${item.mime}, not audio` };
      }
      play.push(item.sha256);
    }
    schedule.push({ ...rule, play });
  }
  return { schedule };
}

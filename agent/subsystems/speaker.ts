import path from 'node:path';
import {
  AmixerMixer,
  type AmplifierControl,
  AmpSequencer,
  AplayOutput,
  type AudioOutput,
  CANONICAL_FORMAT,
  ContentLibrary,
  ItemBuilder,
  type Mixer,
  type Occurrence,
  Player,
  type PlayItem,
  type PlayRecord,
  type PlayStep,
  parseSchedule,
  parseScheduleSettings,
  type ScheduleRule,
  ScheduleRunner,
  type ScheduleSettings,
  SimAudioOutput,
  SimMixer,
  TtsRenderer,
} from '../../audio/index.js';
import { bi, type Clock, type HealthReporter, type Logger } from '../../core/index.js';
import type { AmplifierLines } from '../../hardware/index.js';
import { PlayLogRepo } from '../../store/index.js';
import type { TiangConfig } from '../config/index.js';
import type { LiveHub } from '../http/live.js';
import type { Subsystem } from '../lifecycle.js';
import type { ClockTrust } from './clock-trust.js';
import type { HardwareSubsystem } from './hardware.js';
import type { StoreSubsystem } from './store.js';

const CHECKPOINT_KEY = 'speaker.scheduleCheckpoint';
const CHECKPOINT_EVERY_MS = 30_000;
/** Proof of play is kept a little over a year: long enough for an annual audit of the programme. */
const PLAY_LOG_KEEP_MS = 400 * 86_400_000;
/** Speech not played for a month is rendered again if it is ever needed. */
const TTS_KEEP_MS = 30 * 86_400_000;

/** The amplifier's GPIO lines as the audio sequencer wants them. */
export function amplifierControl(lines: AmplifierLines): AmplifierControl {
  return {
    hasSupplyRelay: lines.supply !== undefined,
    setSupply: (on) => lines.supply?.write(on ? 1 : 0),
    setEnabled: (on) => lines.enable.write(on ? 1 : 0),
    setMuted: (muted) => lines.mute.write(muted ? 1 : 0),
    read: () => ({
      supply: lines.supply?.read() === 1,
      enabled: lines.enable.read() === 1,
      muted: lines.mute.read() === 1,
    }),
  };
}

interface DesiredForSpeaker {
  schedule?: unknown;
  content?: { sha256?: unknown }[];
  holidays?: unknown;
  settings?: { volume?: { default?: number; quietHours?: unknown } };
}

export interface PlayNowRequest {
  steps: PlayStep[];
  title: string;
  priority: PlayItem['priority'];
  source: PlayItem['source'];
  volume?: number;
  chime?: boolean;
}

/** A play-log record as the control room's `play` event. */
function playEvent(r: PlayRecord) {
  return {
    itemId: r.itemId,
    title: r.title,
    priority: r.priority,
    source: r.source,
    result: r.result,
    ...(r.ruleId ? { ruleId: r.ruleId } : {}),
    ...(r.scheduledAt === undefined ? {} : { scheduledAt: r.scheduledAt }),
    ...(r.startedAt === undefined ? {} : { startedAt: r.startedAt }),
    endedAt: r.endedAt,
    ...(r.cause ? { cause: r.cause } : {}),
    ...(r.volume === undefined ? {} : { volume: r.volume }),
  };
}

/**
 * The pole speaker: content library, TTS, the schedule runner, the player/arbiter and the
 * amplifier sequencer, with proof of play into SQLite and "now playing" on the live channel.
 */
export class SpeakerSubsystem implements Subsystem {
  readonly name = 'speaker';
  library!: ContentLibrary;
  player!: Player;
  sequencer!: AmpSequencer;
  output!: AudioOutput;
  mixer!: Mixer;
  runner!: ScheduleRunner;
  playLog!: PlayLogRepo;
  private builder!: ItemBuilder;
  private tts!: TtsRenderer;
  private libraryProblem: string | undefined;
  private checkpointTimer: NodeJS.Timeout | undefined;
  private checkpoints = 0;
  private stopping = false;
  private scheduleProblem: string | undefined;
  /** What the runner runs: the last schedule that loaded. */
  private active: { rules: readonly ScheduleRule[]; settings: ScheduleSettings } | undefined;
  private lastFailure: string | undefined;
  private readonly finishWaiters = new Map<string, (r: PlayRecord) => void>();
  /** Content the control-room sync still needs (a schedule waiting for its downloads). */
  alsoReferenced: () => Iterable<string> = () => [];

  constructor(
    private readonly config: TiangConfig,
    private readonly store: StoreSubsystem,
    private readonly hardware: HardwareSubsystem,
    private readonly live: LiveHub,
    private readonly clockTrust: ClockTrust,
    private readonly clock: Clock,
    private readonly health: HealthReporter,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    const { config, clock, log } = this;
    const sim = config.simulate;
    const lines = this.hardware.amplifier;
    if (!lines) throw new Error('speaker needs the amplifier lines');
    this.output = sim
      ? new SimAudioOutput({ clock, log })
      : new AplayOutput({ device: config.audio.device, clock, log });
    this.mixer = sim ? new SimMixer(70) : new AmixerMixer({ control: config.audio.mixerControl });
    const { supplyMs, warmMs, prerollMs, switchPrerollMs, tailMs, holdMs } = config.speaker;
    const timings = { supplyMs, warmMs, prerollMs, switchPrerollMs, tailMs, holdMs };
    this.sequencer = new AmpSequencer(amplifierControl(lines), timings, clock, log);
    this.sequencer.start();
    this.sequencer.on('forcedOff', (reason) =>
      this.store.audit.append('system', 'amplifier.forced-off', { reason }),
    );
    this.playLog = new PlayLogRepo(this.store.db);
    this.library = new ContentLibrary({
      dir: path.join(config.dataDir, 'content'),
      db: this.store.db,
      clock,
      log,
      quotaBytes: config.speaker.contentQuotaMb * 1024 * 1024,
      referenced: () => this.referencedContent(),
    });
    await this.verifyLibrary();
    const tts = new TtsRenderer({ cacheDir: path.join(config.dataDir, 'tts'), clock, log });
    this.tts = tts;
    this.builder = new ItemBuilder({ library: this.library, tts }, path.join(config.dataDir, 'sounds'));
    await this.builder.init();
    this.player = new Player({
      clock,
      output: this.output,
      mixer: this.mixer,
      sequencer: this.sequencer,
      timings,
      log,
      record: (r) => this.onRecord(r),
    });
    this.player.on('change', () => this.publish());
    this.sequencer.on('state', () => this.publish());

    this.runner = new ScheduleRunner({
      clock,
      log,
      leadMs: Math.max(5000, this.sequencer.fullLeadMs() + 2000),
      missedGraceMs: config.speaker.missedGraceS * 1000,
      clockTrusted: this.clockTrust.trusted(),
      onDue: (occ, { lateMs }) => void this.onDue(occ, lateMs),
      onMissed: (occ, reason) => this.recordMissed(occ, reason),
      onHeld: (occ) => log.warn({ occurrence: occ.key }, 'schedule item held: the clock is not trusted'),
    });
    this.clockTrust.onChange((trusted) => {
      this.runner.setClockTrusted(trusted);
      this.reportHealth();
    });
    this.loadSchedule();
    this.runner.start(this.store.settings.get<number>(CHECKPOINT_KEY));
    this.saveCheckpoint();
    this.checkpointTimer = setInterval(() => this.saveCheckpoint(), CHECKPOINT_EVERY_MS);
    this.checkpointTimer.unref();
    this.reportHealth();
    this.publish();
  }

  /**
   * Content something still needs: listed in the desired state or played by a schedule rule.
   * Only other items may be pruned when the library runs out of room.
   */
  private referencedContent(): ReadonlySet<string> {
    const body = this.store.desired.current<DesiredForSpeaker>()?.body;
    const refs = new Set<string>(this.alsoReferenced());
    for (const c of body?.content ?? []) if (typeof c.sha256 === 'string') refs.add(c.sha256);
    for (const rule of Array.isArray(body?.schedule) ? (body.schedule as { play?: unknown[] }[]) : []) {
      for (const step of rule.play ?? []) if (typeof step === 'string') refs.add(step);
    }
    return refs;
  }

  /**
   * At start and hourly: files lost or damaged behind our back (SD card trouble) make the
   * speaker degraded, naming the items.
   */
  private async verifyLibrary(): Promise<void> {
    const report = await this.library.verify();
    const bad = [...report.missing, ...report.wrongSize.map((w) => w.item)];
    const named = bad
      .slice(0, 3)
      .map((i) => `"${i.title.id}" (${i.sha256.slice(0, 12)}…)`)
      .join(', ');
    this.libraryProblem =
      bad.length > 0
        ? `${bad.length} content file(s) missing or damaged: ${named}${bad.length > 3 ? ', …' : ''}`
        : undefined;
    if (bad.length > 0)
      this.log.warn(
        { missing: report.missing.length, wrongSize: report.wrongSize.length },
        'content library damaged',
      );
  }

  /** Check the library's files now (as at start) and report what is missing or damaged. */
  async checkLibrary(): Promise<void> {
    await this.verifyLibrary();
    this.reportHealth();
  }

  /** The rules and settings the schedule runner runs now (none before a schedule loaded). */
  activeSchedule(): { rules: readonly ScheduleRule[]; settings: ScheduleSettings } {
    return (
      this.active ?? {
        rules: [],
        settings: parseScheduleSettings({ timezone: this.config.device.timezone }),
      }
    );
  }

  /** (Re)load the schedule from the applied desired state; a bad schedule keeps the old one running. */
  loadSchedule(): void {
    const body = this.store.desired.current<DesiredForSpeaker>()?.body;
    try {
      const settings = parseScheduleSettings({
        timezone: this.config.device.timezone,
        holidays: body?.holidays ?? [],
        quietHours: body?.settings?.volume?.quietHours ?? [],
        defaultVolume: body?.settings?.volume?.default ?? 70,
        missedGraceMs: this.config.speaker.missedGraceS * 1000,
      });
      const { rules, warnings } = parseSchedule(body?.schedule ?? [], { settings, now: this.clock.now() });
      for (const w of warnings) this.log.warn({ warning: w }, 'schedule warning');
      this.runner.load(rules, settings);
      this.active = { rules, settings };
      this.scheduleProblem = undefined;
    } catch (err) {
      this.scheduleProblem = (err as Error).message;
      this.log.error({ err: this.scheduleProblem }, 'schedule not loaded');
    }
    this.reportHealth();
  }

  private async onDue(occ: Occurrence, lateMs: number): Promise<void> {
    if (this.playLog.hasOccurrence(occ.key)) return;
    const { rule } = occ;
    try {
      const parts = await this.builder.parts(rule.play, rule.chime ?? false);
      this.player.submit({
        id: occ.key,
        title: rule.title.id,
        priority: rule.priority,
        source: 'schedule',
        format: CANONICAL_FORMAT,
        parts,
        at: occ.at,
        volume: occ.volume,
        ...(rule.onCut ? { onCut: rule.onCut } : {}),
        ruleId: rule.id,
        occurrenceKey: occ.key,
      });
      if (lateMs > 0) this.log.warn({ occurrence: occ.key, lateMs }, 'schedule item handed over late');
    } catch (err) {
      this.onRecord({
        itemId: occ.key,
        title: rule.title.id,
        priority: rule.priority,
        source: 'schedule',
        ruleId: rule.id,
        occurrenceKey: occ.key,
        scheduledAt: occ.at,
        endedAt: this.clock.now(),
        result: 'failed',
        cause: (err as Error).message,
      });
    }
  }

  private recordMissed(occ: Occurrence, reason: string): void {
    if (this.playLog.hasOccurrence(occ.key)) return;
    this.onRecord({
      itemId: occ.key,
      title: occ.rule.title.id,
      priority: occ.rule.priority,
      source: 'schedule',
      ruleId: occ.rule.id,
      occurrenceKey: occ.key,
      scheduledAt: occ.at,
      endedAt: this.clock.now(),
      result: 'missed',
      cause: reason,
    });
  }

  private onRecord(r: PlayRecord): void {
    // Proof of play and the control room's copy of it are one fact: both kept or neither.
    this.store.db.transaction(() => {
      this.playLog.add(r);
      this.store.outbox.enqueue('events', 'play', playEvent(r));
    })();
    // A cut item comes back as "<id>~restart" (or "~resume", "~r1" after a retry): its
    // waiter waits for the copy's end, not the cut.
    const baseId = r.itemId.split('~')[0]!;
    const waiter = this.finishWaiters.get(baseId);
    if (waiter && r.result !== 'cut') {
      this.finishWaiters.delete(baseId);
      waiter(r);
    }
    if (r.result === 'failed') this.lastFailure = `${r.title}: ${r.cause ?? 'failed'}`;
    else if (r.result === 'played') this.lastFailure = undefined;
    this.live.publish('playlog', r, false);
    this.reportHealth();
  }

  /** Play now (admin screen, control-room command): built, then handed to the arbiter. */
  async playNow(req: PlayNowRequest): Promise<string> {
    const parts = await this.builder.parts(req.steps, req.chime ?? false);
    const id = `${req.source}-${this.clock.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
    this.player.submit({
      id,
      title: req.title,
      priority: req.priority,
      source: req.source,
      format: CANONICAL_FORMAT,
      parts,
      ...(req.volume === undefined ? {} : { volume: req.volume }),
    });
    return id;
  }

  /** Resolves with the play record of an item handed over by playNow, when it has ended one way or another. */
  whenFinished(itemId: string): Promise<PlayRecord> {
    return new Promise((resolve) => this.finishWaiters.set(itemId, resolve));
  }

  /** Why the speaker would refuse these settings (quiet hours, default volume); undefined when good. */
  checkScheduleSettings(
    settings: { volume?: { default?: number; quietHours?: unknown } } | undefined,
  ): string | undefined {
    try {
      parseScheduleSettings({
        timezone: this.config.device.timezone,
        holidays: [],
        quietHours: settings?.volume?.quietHours ?? [],
        defaultVolume: settings?.volume?.default ?? 70,
        missedGraceMs: this.config.speaker.missedGraceS * 1000,
      });
      return undefined;
    } catch (err) {
      return (err as Error).message;
    }
  }

  /** Why a schedule section would be refused, without loading it; undefined when it is good. */
  checkSchedule(body: {
    schedule?: unknown;
    holidays?: unknown;
    settings?: { volume?: { default?: number; quietHours?: unknown } };
  }): string | undefined {
    try {
      const settings = parseScheduleSettings({
        timezone: this.config.device.timezone,
        holidays: body.holidays ?? [],
        quietHours: body.settings?.volume?.quietHours ?? [],
        defaultVolume: body.settings?.volume?.default ?? 70,
        missedGraceMs: this.config.speaker.missedGraceS * 1000,
      });
      parseSchedule(body.schedule ?? [], { settings, now: this.clock.now() });
      return undefined;
    } catch (err) {
      return (err as Error).message;
    }
  }

  status() {
    const now = this.player?.nowPlaying();
    const queued = this.player?.upcoming() ?? [];
    const scheduled = this.runner?.upcoming(5) ?? [];
    return {
      amplifier: this.sequencer?.state ?? 'off',
      clockTrusted: this.clockTrust.trusted(),
      nowPlaying: now
        ? {
            id: now.item.id,
            title: now.item.title,
            priority: now.item.priority,
            startedAt: now.startedAt ?? null,
            endsAt: now.endsAt ?? null,
          }
        : null,
      next: [
        ...queued.map((i) => ({ id: i.id, title: i.title, priority: i.priority, at: i.at ?? null })),
        ...scheduled
          .filter((o) => !queued.some((q) => q.id === o.key))
          .map((o) => ({ id: o.key, title: o.rule.title.id, priority: o.rule.priority, at: o.at })),
      ].slice(0, 5),
    };
  }

  private publish(): void {
    this.live.publish('speaker', this.status());
  }

  private reportHealth(): void {
    if (!this.clockTrust.trusted()) {
      this.health.report({
        level: 'degraded',
        cause: 'clock not trusted: scheduled items are held',
        hint: bi(
          'Hubungkan tiang ke internet agar jam tersinkron (NTP).',
          'Connect the pole to the internet so the clock syncs (NTP).',
        ),
      });
    } else if (this.scheduleProblem) {
      this.health.report({
        level: 'degraded',
        cause: `schedule rejected: ${this.scheduleProblem.split('\n')[0]}`,
        hint: bi(
          'Control room perlu memperbaiki jadwal; jadwal lama tetap berjalan.',
          'The control room must fix the schedule; the previous one keeps running.',
        ),
      });
    } else if (this.libraryProblem) {
      this.health.report({
        level: 'degraded',
        cause: this.libraryProblem,
        hint: bi(
          'Kartu SD mungkin bermasalah. Minta control room mengirim ulang konten (resync); bila berulang, ganti kartu SD.',
          'The SD card may be failing. Ask the control room to send the content again (resync); if it recurs, replace the SD card.',
        ),
      });
    } else if (this.lastFailure) {
      this.health.report({
        level: 'degraded',
        cause: `last item failed: ${this.lastFailure}`,
        hint: bi(
          'Jalankan "Tes speaker" di layar admin; periksa kabel dan kartu suara (tiang doctor).',
          'Run "Speaker test" on the admin screen; check the cable and sound card (tiang doctor).',
        ),
      });
    } else {
      this.health.report({
        level: 'ok',
        cause: undefined,
        hint: undefined,
        detail: { simulated: this.output.simulated },
      });
    }
  }

  /** Every 30 s: where the schedule got to (for a restart) and, now and then, the log's retention. */
  private saveCheckpoint(): void {
    this.store.settings.set(CHECKPOINT_KEY, this.runner.checkpoint());
    // Hourly (every 120th checkpoint), starting with the first: retention of the log and the TTS
    // cache, and the library's files (the first check was at start).
    if (this.checkpoints++ % 120 === 0) {
      this.playLog.prune(this.clock.now() - PLAY_LOG_KEEP_MS);
      if (this.checkpoints > 1 && !this.stopping)
        void this.checkLibrary().catch((err: unknown) =>
          this.log.warn({ err }, 'content library check failed'),
        );
      void this.tts
        .prune(TTS_KEEP_MS)
        .catch((err: unknown) => this.log.warn({ err }, 'TTS cache prune failed'));
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.checkpointTimer);
    if (this.runner) {
      this.saveCheckpoint();
      this.runner.stop();
    }
    await this.player?.shutdown();
    this.sequencer?.stop();
  }
}

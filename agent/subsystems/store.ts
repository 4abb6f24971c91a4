import path from 'node:path';
import { bi, type Clock, freeDiskBytes, type HealthReporter, type Logger } from '../../core/index.js';
import {
  AuditLog,
  type Db,
  DesiredStateRepo,
  OutboxRepo,
  openDatabase,
  ProcessedMessagesRepo,
  SettingsRepo,
} from '../../store/index.js';
import type { Subsystem } from '../lifecycle.js';

const DISK_CHECK_MS = 60_000;
const FAULT_FREE_MB = 100;
const DEGRADED_FREE_MB = 500;

/** The SQLite database and the repositories over it. Started first, stopped last. */
export class StoreSubsystem implements Subsystem {
  readonly name = 'storage';
  private database: Db | undefined;
  private diskTimer: NodeJS.Timeout | undefined;
  settings!: SettingsRepo;
  audit!: AuditLog;
  desired!: DesiredStateRepo;
  outbox!: OutboxRepo;
  processed!: ProcessedMessagesRepo;
  /** Practice mode's "disk full": free bytes the simulator pretends to have. */
  private simulatedFree: number | undefined;

  constructor(
    private readonly dataDir: string,
    private readonly clock: Clock,
    private readonly health: HealthReporter,
    private readonly log: Logger,
    private readonly outboxCapacity = 50_000,
    private readonly simulated = false,
  ) {}

  get file(): string {
    return path.join(this.dataDir, 'tiang.db');
  }

  get db(): Db {
    if (!this.database) throw new Error('store is not open');
    return this.database;
  }

  async start(): Promise<void> {
    this.database = openDatabase(this.file, { clock: this.clock, log: this.log });
    this.settings = new SettingsRepo(this.database, this.clock);
    this.audit = new AuditLog(this.database, this.clock);
    this.desired = new DesiredStateRepo(this.database, this.clock);
    this.outbox = new OutboxRepo(this.database, this.settings, this.clock, this.outboxCapacity);
    this.processed = new ProcessedMessagesRepo(this.database);
    this.checkDisk();
    this.diskTimer = setInterval(() => this.checkDisk(), DISK_CHECK_MS);
    this.diskTimer.unref();
  }

  /** Bytes still free for the data folder (throws if unreadable); the simulated value in practice mode. */
  freeDiskBytes(): number {
    return this.simulatedFree ?? freeDiskBytes(this.dataDir);
  }

  /**
   * Simulator only (practice mode "disk full"): pretend only `bytes` are free, or stop
   * pretending with undefined. Checks the disk again at once.
   */
  simulateFreeDisk(bytes: number | undefined): void {
    if (!this.simulated) throw new Error('free disk can only be simulated on a simulated pole');
    this.simulatedFree = bytes;
    this.checkDisk();
  }

  /** Free disk on the data folder: an SD card that fills up stops recording proof of play. */
  checkDisk(): void {
    let freeMb: number;
    try {
      freeMb = Math.floor(this.freeDiskBytes() / (1024 * 1024));
    } catch (err) {
      this.health.report({ level: 'fault', cause: `cannot read free disk: ${(err as Error).message}` });
      return;
    }
    const simulated = this.simulatedFree !== undefined;
    const detail = { file: this.file, freeMb, ...(simulated ? { simulated } : {}) };
    const hint = bi(
      'Kartu SD hampir penuh. Hapus log lama (sudo journalctl --vacuum-time=7d) dan konten yang tidak dipakai lagi (tiang content list), atau ganti kartu SD dengan yang lebih besar.',
      'The SD card is nearly full. Delete old logs (sudo journalctl --vacuum-time=7d) and content no longer used (tiang content list), or replace the SD card with a larger one.',
    );
    const note = simulated ? ' (simulated)' : '';
    if (freeMb < FAULT_FREE_MB)
      this.health.report({ level: 'fault', cause: `only ${freeMb} MB of disk left${note}`, hint, detail });
    else if (freeMb < DEGRADED_FREE_MB)
      this.health.report({ level: 'degraded', cause: `${freeMb} MB of disk left${note}`, hint, detail });
    else this.health.report({ level: 'ok', cause: undefined, hint: undefined, detail });
  }

  async stop(): Promise<void> {
    clearInterval(this.diskTimer);
    // close() checkpoints the WAL into the main file, so a clean stop leaves one file behind.
    this.database?.close();
    this.database = undefined;
  }
}

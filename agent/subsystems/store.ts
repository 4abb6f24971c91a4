import path from 'node:path';
import type { Clock, HealthReporter, Logger } from '../../core/index.js';
import { AuditLog, type Db, DesiredStateRepo, openDatabase, SettingsRepo } from '../../store/index.js';
import type { Subsystem } from '../lifecycle.js';

/** The SQLite database and the repositories over it. Started first, stopped last. */
export class StoreSubsystem implements Subsystem {
  readonly name = 'storage';
  private database: Db | undefined;
  settings!: SettingsRepo;
  audit!: AuditLog;
  desired!: DesiredStateRepo;

  constructor(
    private readonly dataDir: string,
    private readonly clock: Clock,
    private readonly health: HealthReporter,
    private readonly log: Logger,
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
    this.health.report({ level: 'ok', detail: { file: this.file } });
  }

  async stop(): Promise<void> {
    // close() checkpoints the WAL into the main file, so a clean stop leaves one file behind.
    this.database?.close();
    this.database = undefined;
  }
}

import { bi, type Clock, type HealthReporter, type Logger } from '../../core/index.js';
import { AdminAuth } from '../admin/index.js';
import type { TiangConfig } from '../config/index.js';
import type { Subsystem } from '../lifecycle.js';
import { seedDemoDesired, simulatorPin } from '../sim/seed.js';
import type { StoreSubsystem } from './store.js';

/**
 * Technician access (PIN) and, in the simulator, the first-start seed. Reports
 * "degraded" while no PIN is set: nobody could log in on the pole.
 */
export class AdminSubsystem implements Subsystem {
  readonly name = 'admin';
  auth: AdminAuth | undefined;
  simulatorPin: string | undefined;

  constructor(
    private readonly config: TiangConfig,
    private readonly store: StoreSubsystem,
    private readonly clock: Clock,
    private readonly health: HealthReporter,
    private readonly log: Logger,
    /** Simulator only: seed the demo's spoken schedule on the first start. */
    private readonly demoSchedule = true,
  ) {}

  async start(): Promise<void> {
    this.auth = new AdminAuth(this.store.settings, this.store.audit, this.clock);
    if (this.config.simulate) {
      const seeded = await seedDemoDesired(this.store.desired, this.config.dataDir, this.log, {
        schedule: this.demoSchedule,
      });
      if (!seeded && !this.demoSchedule) {
        this.log.warn(
          { dataDir: this.config.dataDir },
          '--quiet works on a new simulator only: this one keeps the desired state it has (remove its data folder to start quiet)',
        );
      }
      this.simulatorPin = await simulatorPin(this.config.dataDir, this.auth);
    }
    if (this.auth.hasPin()) {
      this.health.report({ level: 'ok' });
    } else {
      this.health.report({
        level: 'degraded',
        cause: 'no admin PIN is set',
        hint: bi(
          'Buat PIN teknisi: sudo tiang admin set-pin',
          'Set a technician PIN: sudo tiang admin set-pin',
        ),
      });
    }
  }

  async stop(): Promise<void> {}
}

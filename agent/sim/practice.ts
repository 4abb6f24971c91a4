import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SimGpioDriver } from '../../hardware/index.js';
import type { AuditLog } from '../../store/index.js';
import { type AdminAuth, requireAdmin, sameOriginOnly } from '../admin/index.js';
import type { ClockTrust } from '../subsystems/clock-trust.js';
import type { HardwareSubsystem } from '../subsystems/hardware.js';
import type { SensorsSubsystem } from '../subsystems/sensors.js';

/** Faults a technician can practise on in the simulator (never on a real pole). */
export const PRACTICE_FAULTS = [
  'sensor-unplug',
  'sensor-replug',
  'sensor-garbage',
  'sensor-stuck',
  'sensor-unstuck',
  'door-open',
  'door-close',
  'amplifier-fault',
  'amplifier-fault-clear',
  'clock-untrusted',
  'clock-trusted',
] as const;
export type PracticeFault = (typeof PRACTICE_FAULTS)[number];

export interface PracticeDeps {
  hardware: HardwareSubsystem;
  sensors: SensorsSubsystem;
  clockTrust: ClockTrust;
}

export function injectFault(fault: PracticeFault, deps: PracticeDeps): void {
  const gpio = deps.hardware.gpio as SimGpioDriver;
  const device = deps.sensors.simDevice;
  const needDevice = () => {
    if (!device) throw new Error('no simulated air sensor is configured');
    return device;
  };
  switch (fault) {
    case 'sensor-unplug':
      needDevice().unplug();
      return;
    case 'sensor-replug':
      needDevice().replug();
      return;
    case 'sensor-garbage':
      needDevice().garbage(4096);
      return;
    case 'sensor-stuck':
      needDevice().stuck(true);
      return;
    case 'sensor-unstuck':
      needDevice().stuck(false);
      return;
    case 'door-open':
      gpio.setInput('door-tamper', 1);
      return;
    case 'door-close':
      gpio.setInput('door-tamper', 0);
      return;
    case 'amplifier-fault':
      gpio.setInput('amplifier-fault', 1);
      return;
    case 'amplifier-fault-clear':
      gpio.setInput('amplifier-fault', 0);
      return;
    case 'clock-untrusted':
      deps.clockTrust.set(false);
      return;
    case 'clock-trusted':
      deps.clockTrust.set(true);
      return;
  }
}

const body = z.strictObject({ fault: z.enum(PRACTICE_FAULTS) });

/** POST /api/admin/sim/fault — registered only when the pole is simulated. */
export function registerPracticeRoutes(
  app: FastifyInstance,
  deps: PracticeDeps,
  auth: AdminAuth,
  audit: AuditLog,
): void {
  app.get('/api/admin/sim/faults', { preHandler: requireAdmin(auth) }, async () => ({
    faults: PRACTICE_FAULTS,
  }));
  app.post('/api/admin/sim/fault', { preHandler: requireAdmin(auth) }, async (req, reply) => {
    if (!sameOriginOnly(req, reply)) return reply;
    const parsed = body.safeParse(req.body);
    if (!parsed.success)
      return reply.code(400).send({ error: `fault must be one of: ${PRACTICE_FAULTS.join(', ')}` });
    try {
      injectFault(parsed.data.fault, deps);
    } catch (err) {
      return reply.code(409).send({ error: (err as Error).message });
    }
    audit.append('simulator', 'practice.fault', { fault: parsed.data.fault });
    return reply.code(204).send();
  });
}

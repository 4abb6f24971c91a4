import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type Bilingual, bi, unlinkIfPresent } from '../../core/index.js';
import type { SimGpioDriver } from '../../hardware/index.js';
import type { AuditLog } from '../../store/index.js';
import { type AdminAuth, requireAdmin, sameOriginOnly } from '../admin/index.js';
import type { ClockTrust } from '../subsystems/clock-trust.js';
import type { HardwareSubsystem } from '../subsystems/hardware.js';
import type { SensorsSubsystem } from '../subsystems/sensors.js';
import type { SpeakerSubsystem } from '../subsystems/speaker.js';
import type { StoreSubsystem } from '../subsystems/store.js';
import type { SyncSubsystem } from '../subsystems/sync.js';
import { ensurePracticeSound, writePracticeSound } from './practice-sound.js';

/** Faults a technician can practise on in the simulator (never on a real pole), and what undoes them. */
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
  'sensor-clean',
  'broker-down',
  'broker-up',
  'content-missing',
  'content-refetch',
  'disk-full',
  'disk-ok',
] as const;
export type PracticeFault = (typeof PRACTICE_FAULTS)[number];

export interface PracticeEntry {
  fault: PracticeFault;
  /** What undoes it. */
  clear?: PracticeFault;
  /** The health entry (/healthz `subsystems[].name`) where its effect shows. */
  subsystem: string;
  label: Bilingual;
  clearLabel?: Bilingual;
}

/** Each fault with its way back, in the order a trainer walks through them. */
export const PRACTICE: readonly PracticeEntry[] = [
  {
    fault: 'sensor-unplug',
    clear: 'sensor-replug',
    subsystem: 'sensors',
    label: bi('Cabut kabel sensor udara', 'Unplug the air sensor'),
    clearLabel: bi('Pasang lagi kabel sensor udara', 'Plug the air sensor back in'),
  },
  {
    fault: 'sensor-stuck',
    clear: 'sensor-unstuck',
    subsystem: 'sensors',
    label: bi(
      'Buat sensor udara macet (angka tidak berubah)',
      'Make the air sensor stuck (the number stops changing)',
    ),
    clearLabel: bi('Sensor udara normal lagi', 'Air sensor back to normal'),
  },
  {
    fault: 'sensor-garbage',
    clear: 'sensor-clean',
    subsystem: 'sensors',
    label: bi('Kirim data kacau dari sensor udara', 'Send garbled data from the air sensor'),
    clearLabel: bi('Data sensor udara bersih lagi', 'Air sensor data clean again'),
  },
  {
    fault: 'door-open',
    clear: 'door-close',
    subsystem: 'cabinet',
    label: bi('Buka pintu kabinet', 'Open the cabinet door'),
    clearLabel: bi('Tutup pintu kabinet', 'Close the cabinet door'),
  },
  {
    fault: 'amplifier-fault',
    clear: 'amplifier-fault-clear',
    subsystem: 'amplifier',
    label: bi('Buat amplifier rusak', 'Make the amplifier fail'),
    clearLabel: bi('Amplifier normal lagi', 'Amplifier back to normal'),
  },
  {
    fault: 'clock-untrusted',
    clear: 'clock-trusted',
    subsystem: 'clock',
    label: bi('Buat jam tiang tidak tepat', 'Make the pole clock untrusted'),
    clearLabel: bi('Jam tiang tepat lagi', 'Pole clock trusted again'),
  },
  {
    fault: 'broker-down',
    clear: 'broker-up',
    subsystem: 'control-room',
    label: bi('Putuskan sambungan ke ruang kendali', 'Cut the link to the control room'),
    clearLabel: bi('Ruang kendali bisa dihubungi lagi', 'Control room reachable again'),
  },
  {
    fault: 'content-missing',
    clear: 'content-refetch',
    subsystem: 'speaker',
    label: bi('Hapus satu berkas suara', 'Delete one sound file'),
    clearLabel: bi('Ambil lagi berkas suara', 'Fetch the sound file again'),
  },
  {
    fault: 'disk-full',
    clear: 'disk-ok',
    subsystem: 'storage',
    label: bi('Buat kartu SD hampir penuh', 'Make the SD card nearly full'),
    clearLabel: bi('Kartu SD lega lagi', 'SD card has room again'),
  },
];

/** What "disk-full" pretends is left: under the storage subsystem's 500 MB warning, over its 100 MB fault. */
export const SIMULATED_FULL_DISK_BYTES = 150 * 1024 * 1024;

export interface PracticeDeps {
  hardware: HardwareSubsystem;
  sensors: SensorsSubsystem;
  clockTrust: ClockTrust;
  store: StoreSubsystem;
  sync: SyncSubsystem;
  speaker: SpeakerSubsystem;
  /** The pole's data folder (the practice tone is generated in `<dataDir>/sounds`). */
  dataDir: string;
}

/** Throws with the reason when the fault cannot be caused (or undone) now; returns facts for the audit. */
export async function injectFault(
  fault: PracticeFault,
  deps: PracticeDeps,
): Promise<Record<string, unknown> | undefined> {
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
      // A noisy line (loose connector, interference): a burst now, then every frame corrupted.
      needDevice().garbage(4096);
      needDevice().badChecksums(true);
      return;
    case 'sensor-clean':
      needDevice().badChecksums(false);
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
    case 'broker-down':
      await deps.sync.setSimulatedBroker(false);
      return;
    case 'broker-up':
      await deps.sync.setSimulatedBroker(true);
      return;
    case 'content-missing':
      return contentMissing(deps);
    case 'content-refetch':
      return contentRefetch(deps);
    case 'disk-full':
      deps.store.simulateFreeDisk(SIMULATED_FULL_DISK_BYTES);
      return;
    case 'disk-ok':
      deps.store.simulateFreeDisk(undefined);
      return;
  }
}

const soundsDir = (deps: PracticeDeps) => path.join(deps.dataDir, 'sounds');

/**
 * Deletes the file of a content item the current schedule plays or, when the schedule plays
 * no file (the demo speaks everything with TTS), of the simulator's practice tone. The
 * speaker then checks its library as it does at start and every hour.
 */
async function contentMissing(deps: PracticeDeps): Promise<Record<string, unknown>> {
  const { library } = deps.speaker;
  const played = new Set(
    deps.speaker
      .activeSchedule()
      .rules.flatMap((r) => r.play.filter((step): step is string => typeof step === 'string')),
  );
  const item =
    library.list().find((i) => played.has(i.sha256)) ?? (await ensurePracticeSound(library, soundsDir(deps)));
  await unlinkIfPresent(library.pathOf(item.sha256));
  await deps.speaker.checkLibrary();
  return { sha256: item.sha256, title: item.title.id };
}

/**
 * Gets every missing or damaged content file back: the practice tone is generated again,
 * anything else is downloaded again from the applied desired state's content list, as the
 * control room's resync would. Throws naming what could not be restored.
 */
async function contentRefetch(deps: PracticeDeps): Promise<Record<string, unknown>> {
  const { library } = deps.speaker;
  const report = await library.verify();
  const lost = [...report.missing, ...report.wrongSize.map((w) => w.item)];
  const restored: string[] = [];
  const failed: string[] = [];
  const others: string[] = [];
  for (const item of lost) {
    if (item.source !== 'simulator') {
      others.push(item.sha256);
      continue;
    }
    // Same bytes, same sha256: importing it again stores the lost file.
    const again = await library.import(await writePracticeSound(soundsDir(deps)), {
      source: 'simulator',
    });
    if (again.sha256 === item.sha256) restored.push(item.sha256);
    else failed.push(`"${item.title.id}": the simulator cannot make this item again`);
  }
  if (others.length > 0) {
    const result = await deps.sync.refetchAudio(others);
    restored.push(...result.restored);
    for (const f of result.failed) {
      const title = library.get(f.sha256)?.title.id ?? f.sha256.slice(0, 12);
      failed.push(`"${title}": ${f.error}`);
    }
  }
  await deps.speaker.checkLibrary();
  if (failed.length > 0) throw new Error(`content not restored: ${failed.join('; ')}`);
  return { restored };
}

const body = z.strictObject({ fault: z.enum(PRACTICE_FAULTS) });

/** POST /api/admin/sim/fault, GET /api/admin/sim/faults — registered only when the pole is simulated. */
export function registerPracticeRoutes(
  app: FastifyInstance,
  deps: PracticeDeps,
  auth: AdminAuth,
  audit: AuditLog,
): void {
  app.get('/api/admin/sim/faults', { preHandler: requireAdmin(auth) }, async () => ({
    faults: PRACTICE_FAULTS,
    practice: PRACTICE,
  }));
  app.post('/api/admin/sim/fault', { preHandler: requireAdmin(auth) }, async (req, reply) => {
    if (!sameOriginOnly(req, reply)) return reply;
    const parsed = body.safeParse(req.body);
    if (!parsed.success)
      return reply.code(400).send({ error: `fault must be one of: ${PRACTICE_FAULTS.join(', ')}` });
    let facts: Record<string, unknown> | undefined;
    try {
      facts = await injectFault(parsed.data.fault, deps);
    } catch (err) {
      return reply.code(409).send({ error: (err as Error).message });
    }
    audit.append('simulator', 'practice.fault', { fault: parsed.data.fault, ...facts });
    return reply.code(204).send();
  });
}

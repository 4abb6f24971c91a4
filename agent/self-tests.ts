import type { AmpSequencer, AmpState, Player } from '../audio/index.js';
import { type HealthModel, withTimeout } from '../core/index.js';
import type { AirStatus } from './subsystems/sensors.js';

// Checks shared by the control room's `cmd.test` and the technician's guided tests.

/** Why the amplifier cannot be trusted now (its health: GPIO, its fault output), or undefined. */
export function amplifierProblem(health: HealthModel): string | undefined {
  const amp = health.get('amplifier');
  return amp && amp.level !== 'ok' ? `amplifier ${amp.level}: ${amp.cause ?? ''}` : undefined;
}

/** Why the air sensor gives no reading now, or undefined. */
export function sensorProblem(air: AirStatus): string | undefined {
  return !air.available || !air.reading ? `no sensor reading: ${air.cause ?? air.status}` : undefined;
}

export type PowerCycle =
  /** Nothing was done: the player owns the amplifier while it plays. */
  | { outcome: 'busy' }
  | { outcome: 'ok'; states: AmpState[]; readyMs: number }
  | { outcome: 'fault'; cause: string; states: AmpState[] }
  | { outcome: 'timeout'; states: AmpState[] };

/**
 * One power cycle of the amplifier, muted throughout: off → (powering →) warming → ready → off.
 * Only while nothing plays; from `hold` (idle, about to switch off) it switches off first so
 * the cycle is whole. If an item starts meanwhile, the player keeps the amplifier on.
 */
export async function amplifierPowerCycle(
  speaker: { player: Pick<Player, 'nowPlaying'>; sequencer: AmpSequencer },
  timeoutMs: number,
): Promise<PowerCycle> {
  const { player, sequencer } = speaker;
  if (player.nowPlaying()) return { outcome: 'busy' };
  const states: AmpState[] = [];
  let forced: string | undefined;
  const onState = (s: AmpState) => states.push(s);
  const onForced = (reason: string) => {
    forced ??= reason;
  };
  sequencer.on('state', onState);
  sequencer.on('forcedOff', onForced);
  const t0 = performance.now();
  try {
    if (sequencer.state !== 'off') sequencer.switchOff();
    const ready = sequencer.ensureReady().then(
      () => undefined,
      (err: unknown) => (err as Error).message,
    );
    const failure = await withTimeout(ready, timeoutMs, 'timeout' as const);
    const readyMs = Math.round(performance.now() - t0);
    const reachedReady = sequencer.state === 'ready';
    if (!player.nowPlaying()) sequencer.switchOff();
    if (failure === 'timeout') return { outcome: 'timeout', states };
    if (forced || failure !== undefined || !reachedReady) {
      return { outcome: 'fault', cause: forced ?? failure ?? `ended ${sequencer.state}, not ready`, states };
    }
    return { outcome: 'ok', states, readyMs };
  } finally {
    sequencer.off('state', onState);
    sequencer.off('forcedOff', onForced);
  }
}

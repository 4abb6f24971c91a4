import { type DestinationStream, type LevelWithSilent, type Logger, pino } from 'pino';
import { type LogRing, teeToRing } from './log-ring.js';

export type { Logger };
export type LogLevel = LevelWithSilent;

/**
 * The root logger: JSON lines on stdout (journald keeps them on a Pi).
 * Each module takes a child with its own name, so a technician can filter by `module`.
 * With a ring, each line is also kept there for the admin screen (the output is unchanged).
 */
export function createRootLogger(level: LogLevel, destination?: DestinationStream, ring?: LogRing): Logger {
  const dest = destination ?? pino.destination({ dest: 1, sync: true });
  return pino(
    {
      level,
      base: { app: 'tiang' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    ring ? teeToRing(dest, ring) : dest,
  );
}

export const moduleLogger = (root: Logger, module: string): Logger => root.child({ module });

/** For tests and tools that want no log output. */
export const silentLogger = (): Logger => pino({ level: 'silent' });

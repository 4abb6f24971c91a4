import type { HealthModel } from '../../core/index.js';

/** The health model as the control room gets it: level and cause per subsystem. */
export function healthSummary(
  health: HealthModel,
): Record<string, { level: 'ok' | 'degraded' | 'fault'; cause?: string }> {
  const out: Record<string, { level: 'ok' | 'degraded' | 'fault'; cause?: string }> = {};
  for (const h of health.snapshot()) out[h.name] = { level: h.level, ...(h.cause ? { cause: h.cause } : {}) };
  return out;
}

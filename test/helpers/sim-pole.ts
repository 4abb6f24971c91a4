import { simulatorConfig } from '../../agent/cli/config-path.js';
import { loadConfig } from '../../agent/config/index.js';
import { Pole } from '../../agent/pole.js';
import { silentLogger } from '../../core/index.js';
import { tempDir } from './temp-dir.js';

/**
 * A whole simulated pole in this process, on ports the OS picks, with its own data folder.
 * For tests that need the agent's internals (GPIO lines, health model) as well as real HTTP.
 * Quiet (`tiang start --sim --quiet`): the demo without its spoken schedule, so what the
 * speaker and amplifier do is what the test asked for, at any time of day.
 */
export async function startSimPole(
  env: Record<string, string> = {},
  patch?: (config: ReturnType<typeof loadConfig>['config']) => void,
) {
  const dir = tempDir('tiang-pole-');
  const loaded = loadConfig(simulatorConfig(), {
    simulate: true,
    env: {
      TIANG_DATA_DIR: dir.path,
      TIANG_HTTP_PORT: '0',
      TIANG_PORTAL_PORT: '0',
      TIANG_MQTT_EMBEDDED_PORT: '0',
      ...env,
    },
  });
  patch?.(loaded.config);
  const pole = new Pole({ loaded, log: silentLogger(), demoSchedule: false });
  await pole.start();
  return {
    pole,
    dataDir: dir.path,
    base: pole.http.url,
    async dispose() {
      await pole.stop();
      dir.remove();
    },
  };
}

/** Log in to a running pole's admin API; returns the Cookie header value. */
export async function adminCookie(base: string, pin: string): Promise<string> {
  const res = await fetch(`${base}/api/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ pin }),
  });
  if (res.status !== 204) throw new Error(`admin login failed: ${res.status}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

import { createRootLogger, LogRing } from '../../core/index.js';
import { loadConfig } from '../config/index.js';
import { Pole } from '../pole.js';
import { SIM_KEY_ID } from '../subsystems/sync.js';
import { SystemdNotifier } from '../systemd.js';
import { resolveConfigPath } from './config-path.js';
import { reportStartError } from './report-error.js';

/** Whole stop budget: systemd's TimeoutStopSec and the issue both say 5 s. */
const STOP_BUDGET_MS = 5000;
/** Log lines the admin screen can show and download (journald keeps the rest). */
const RECENT_LOG_LINES = 2000;

function banner(pole: Pole): string {
  const u = pole.urls;
  const lines = [
    '',
    `  Tiang ${pole.config.simulate ? 'simulator' : 'agent'} — ${pole.config.device.id} siap / ready`,
    `  Kiosk:  ${u.kiosk}`,
    `  Admin:  ${u.admin}${pole.config.simulate ? `   PIN: ${pole.simulatorPin ?? '(your own, set with tiang admin set-pin)'}` : ''}`,
  ];
  if (u.portal) lines.push(`  Portal: ${u.portal}`);
  lines.push(`  MQTT:   ${u.mqtt}${pole.config.mqtt.url === 'embedded' ? ' (embedded broker)' : ''}`);
  const key = pole.sync.simulatorKeyFile;
  if (key && Object.keys(pole.config.sync.trustedKeys).length === 0) {
    lines.push(
      `  Control room: node dist/tools/tiangctl/main.js status --broker ${u.mqtt}`,
      `                (signing: --key ${key} --kid ${SIM_KEY_ID})`,
    );
  }
  lines.push('  Tekan Ctrl-C untuk berhenti / press Ctrl-C to stop', '');
  return lines.join('\n');
}

export async function runStart(args: { config?: string; sim: boolean; quiet?: boolean }): Promise<number> {
  let loaded: ReturnType<typeof loadConfig>;
  try {
    loaded = loadConfig(resolveConfigPath(args.config, args.sim), { simulate: args.sim });
  } catch (err) {
    return reportStartError(err);
  }
  const logRing = new LogRing(RECENT_LOG_LINES);
  const log = createRootLogger(loaded.config.log.level, undefined, logRing);
  const notifier = new SystemdNotifier(log.child({ module: 'systemd' }));
  const pole = new Pole({ loaded, log, logRing, demoSchedule: !args.quiet });

  try {
    await pole.start();
  } catch (err) {
    notifier.close();
    return reportStartError(err);
  }
  log.info({ urls: pole.urls, config: loaded.file, overriddenBy: loaded.overriddenBy }, 'tiang ready');
  notifier.ready(`serving ${pole.urls.kiosk}`);
  if (process.stdout.isTTY || pole.config.simulate) process.stderr.write(banner(pole));

  return new Promise<number>((resolve) => {
    let signals = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      signals += 1;
      if (signals > 1) {
        // A second Ctrl-C: do not wait, but never leave the amplifier on.
        pole.emergencySafe();
        process.stderr.write('tiang: forced stop\n');
        process.exit(130);
      }
      log.info({ signal }, 'stopping');
      notifier.stopping();
      const hard = setTimeout(() => {
        pole.emergencySafe();
        log.error('stop took longer than 5 s: exiting anyway');
        process.exit(1);
      }, STOP_BUDGET_MS);
      hard.unref();
      void pole.stop(STOP_BUDGET_MS - 1000).then(({ timedOut }) => {
        clearTimeout(hard);
        notifier.close();
        log.info({ timedOut }, 'stopped');
        resolve(timedOut.length === 0 ? 0 : 1);
      });
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}

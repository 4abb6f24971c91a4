#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { runDoctor } from './cli/doctor.js';
import { runStart } from './cli/start.js';
import { tiangVersion } from './version.js';

const usage = `tiang — the software of a Tiang smart-city pole

Usage:
  tiang start [--sim] [--config FILE]    run the pole agent (--sim: simulated hardware)
  tiang doctor [--sim] [--config FILE]   check this machine and say what to fix
  tiang version                          print the version

Config: --config, else $TIANG_CONFIG, else /etc/tiang/tiang.yaml (--sim: deploy/sim/tiang.sim.yaml).
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const parsed = () =>
    parseArgs({
      args: rest,
      options: { sim: { type: 'boolean', default: false }, config: { type: 'string' } },
      strict: true,
    }).values;
  switch (command) {
    case 'start': {
      const v = parsed();
      return runStart({ sim: v.sim ?? false, config: v.config });
    }
    case 'doctor': {
      const v = parsed();
      return runDoctor({ sim: v.sim ?? false, config: v.config });
    }
    case 'version':
    case '--version':
      process.stdout.write(`${tiangVersion()}\n`);
      return 0;
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(usage);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`tiang: unknown command "${command}"\n\n${usage}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Anything still holding the event loop after a clean stop is a bug; do not hang systemd.
    setTimeout(() => process.exit(code), 200).unref();
  },
  (err: unknown) => {
    process.stderr.write(`tiang: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(1);
  },
);

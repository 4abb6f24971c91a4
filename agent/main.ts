#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { runSetPin } from './cli/admin.js';
import { runContentAdd, runContentList } from './cli/content.js';
import { runDoctor } from './cli/doctor.js';
import { runStart } from './cli/start.js';
import { tiangVersion } from './version.js';

const usage = `tiang — the software of a Tiang smart-city pole

Usage:
  tiang start [--sim [--quiet]] [--config FILE]
                                         run the pole agent (--sim: simulated hardware;
                                         --quiet: a new simulator gets the demo without its
                                         spoken schedule, so it speaks only when asked)
  tiang doctor [--sim] [--config FILE]   check this machine and say what to fix
  tiang admin set-pin [--config FILE]    set the technician PIN (asks twice)
  tiang content add FILE [--title-id T] [--title-en T] [--config FILE]
                                         add a WAV file to the pole's content library
  tiang content list [--config FILE]     list the content library (sha256, duration, title)
  tiang version                          print the version

Config: --config, else $TIANG_CONFIG, else /etc/tiang/tiang.yaml (--sim: deploy/sim/tiang.sim.yaml).
`;

class UsageError extends Error {}

function commonFlags(args: string[]): { sim: boolean; config?: string } {
  try {
    const { values } = parseArgs({
      args,
      options: { sim: { type: 'boolean', default: false }, config: { type: 'string' } },
      strict: true,
    });
    return { sim: values.sim ?? false, config: values.config };
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** `start [--sim [--quiet]] [--config FILE]`. */
function startFlags(args: string[]): { sim: boolean; quiet: boolean; config?: string } {
  let values: { sim?: boolean; quiet?: boolean; config?: string };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        sim: { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
        config: { type: 'string' },
      },
      strict: true,
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.quiet && !values.sim) throw new UsageError('--quiet is for the simulator: use it with --sim');
  return { sim: values.sim ?? false, quiet: values.quiet ?? false, config: values.config };
}

/** `content add FILE [--title-id T] [--title-en T]`: exactly one file. */
function contentAddFlags(args: string[]) {
  const parse = () => {
    try {
      return parseArgs({
        args,
        options: {
          sim: { type: 'boolean', default: false },
          config: { type: 'string' },
          'title-id': { type: 'string' },
          'title-en': { type: 'string' },
        },
        allowPositionals: true,
        strict: true,
      });
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  };
  const { values, positionals } = parse();
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0 ? 'content add: no FILE given' : 'content add: one FILE at a time',
    );
  }
  return {
    file: positionals[0]!,
    titleId: values['title-id'],
    titleEn: values['title-en'],
    sim: values.sim ?? false,
    config: values.config,
  };
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'start') return await runStart(startFlags(rest));
    if (command === 'doctor') return await runDoctor(commonFlags(rest));
    if (command === 'admin' && rest[0] === 'set-pin') return await runSetPin(commonFlags(rest.slice(1)));
    if (command === 'content' && rest[0] === 'add')
      return await runContentAdd(contentAddFlags(rest.slice(1)));
    if (command === 'content' && rest[0] === 'list') return await runContentList(commonFlags(rest.slice(1)));
    if (command === 'version' || command === '--version') {
      process.stdout.write(`${tiangVersion()}\n`);
      return 0;
    }
    if (command === 'help' || command === '--help') {
      process.stdout.write(usage);
      return 0;
    }
    throw new UsageError(command === undefined ? 'no command given' : `unknown command "${argv.join(' ')}"`);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`tiang: ${err.message}\n\n${usage}`);
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

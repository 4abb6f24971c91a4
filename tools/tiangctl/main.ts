#!/usr/bin/env node
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type CommandType, generateSigningKey } from '../../sync/index.js';
import { pushDesired, sendAlert, sendCommand } from './actions.js';
import { CtlError, commonOptionSpec, commonOptions, parseDuration, targetOf } from './context.js';
import { events, status } from './watch.js';

const usage = `tiangctl — the control room's tool for Tiang poles

Usage:
  tiangctl keygen --out FILE [--kid ID]
      make an Ed25519 signing key (private key to FILE, mode 600); prints the public key
      and the lines to put in each pole's config (sync.trustedKeys)
  tiangctl desired push FILE.yaml (--device ID | --group G) [--ttl 365d]
  tiangctl cmd play (--device ID | --group G) (--content ID | --tts TEXT [--lang id|en])
                    [--priority emergency|announcement|program|test] [--volume N] [--repeat N]
                    [--title-id T --title-en T]
  tiangctl cmd stop (--device ID | --group G) [--scope current|all]
  tiangctl cmd volume N (--device ID | --group G)
  tiangctl cmd test tone|amplifier|sensor (--device ID | --group G)
  tiangctl cmd resync (--device ID | --group G)
  tiangctl alert send CAP.xml [--group G] [--ttl 1h]     (no --group: every pole)
  tiangctl status [--watch]                              poles from their retained status and reported state
  tiangctl events [--device ID] [--follow] [--json]      events and acks as they arrive

Common options (or environment):
  --broker URL   (TIANGCTL_BROKER, default mqtt://127.0.0.1:1883)   --root R (TIANGCTL_ROOT, default tiang/v1)
  --key FILE     private key from keygen (TIANGCTL_KEY)              --kid ID (TIANGCTL_KID)
  --tls-ca FILE --tls-cert FILE --tls-key FILE                       TLS with a client certificate
Commands wait for acks (--wait 15s); exit 1 when a pole rejected or failed, 2 on a usage or file error.
`;

const out = (line: string) => process.stdout.write(`${line}\n`);

type Options = Record<string, { type: 'string' | 'boolean' }>;

/** Parsed flags as plain values: each caller checks the ones it takes. */
function parse(
  args: string[],
  extra: Options = {},
): { values: Record<string, unknown>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { ...commonOptionSpec, ...extra },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as Record<string, unknown>, positionals };
  } catch (err) {
    throw new CtlError((err as Error).message);
  }
}

const targetFlags = {
  device: { type: 'string' },
  group: { type: 'string' },
  all: { type: 'boolean' },
  wait: { type: 'string' },
  ttl: { type: 'string' },
} as const;

async function keygen(args: string[]): Promise<number> {
  const { values } = parse(args, { out: { type: 'string' }, force: { type: 'boolean' } });
  const file = values.out as string | undefined;
  if (!file) throw new CtlError('keygen needs --out FILE for the private key');
  if (existsSync(file) && !values.force)
    throw new CtlError(`${file} exists; refusing to overwrite a key (use --force)`);
  const kid = (values.kid as string | undefined) ?? `cr-${new Date().toISOString().slice(0, 10)}`;
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(kid))
    throw new CtlError(`--kid "${kid}" must be 1 to 64 of A-Z a-z 0-9 . _ -`);
  const { privateKeyPem, publicKey } = generateSigningKey();
  writeFileSync(file, privateKeyPem, { mode: 0o600 });
  chmodSync(file, 0o600);
  out(`private key: ${file} (keep it in the control room only)`);
  out(`key id:      ${kid}`);
  out(`public key:  ${publicKey}`);
  out('');
  out('Pole config (/etc/tiang/tiang.yaml):');
  out('sync:');
  out('  trustedKeys:');
  out(`    ${kid}: ${publicKey}`);
  return 0;
}

async function desired(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'push') throw new CtlError('use: tiangctl desired push FILE.yaml (--device ID | --group G)');
  const { values, positionals } = parse(rest, targetFlags);
  if (positionals.length !== 1) throw new CtlError('desired push takes one FILE');
  const to = targetOf(values);
  if (to.target === 'all') throw new CtlError('desired push goes to --device ID or --group G');
  const ttl = parseDuration((values.ttl as string | undefined) ?? '365d', '--ttl');
  await pushDesired(commonOptions(values), positionals[0]!, to, ttl, out);
  return 0;
}

function commandBody(
  kind: string,
  values: Record<string, unknown>,
  positionals: string[],
): [CommandType, unknown] {
  const num = (v: unknown, flag: string) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n)) throw new CtlError(`${flag} "${String(v)}" is not a whole number`);
    return n;
  };
  switch (kind) {
    case 'play': {
      const content = values.content as string | undefined;
      const tts = values.tts as string | undefined;
      if ((content === undefined) === (tts === undefined))
        throw new CtlError('cmd play needs exactly one of --content ID or --tts TEXT');
      const titleId = values['title-id'] as string | undefined;
      const titleEn = values['title-en'] as string | undefined;
      return [
        'cmd.play',
        {
          play: [content ?? { tts: { text: tts, lang: (values.lang as string | undefined) ?? 'id' } }],
          ...(values.priority ? { priority: values.priority } : {}),
          ...(values.volume !== undefined ? { volume: num(values.volume, '--volume') } : {}),
          ...(values.repeat !== undefined ? { repeat: num(values.repeat, '--repeat') } : {}),
          ...(titleId || titleEn ? { title: { id: titleId ?? titleEn, en: titleEn ?? titleId } } : {}),
        },
      ];
    }
    case 'stop':
      return ['cmd.stop', values.scope ? { scope: values.scope } : {}];
    case 'volume':
      if (positionals.length !== 1) throw new CtlError('cmd volume takes one number 0-100');
      return ['cmd.volume', { volume: num(positionals[0], 'volume') }];
    case 'test':
      if (positionals.length !== 1) throw new CtlError('cmd test takes one of tone, amplifier, sensor');
      return ['cmd.test', { kind: positionals[0] }];
    case 'resync':
      return ['cmd.resync', {}];
    default:
      throw new CtlError(`unknown command "${kind}": use play, stop, volume, test or resync`);
  }
}

async function cmd(args: string[]): Promise<number> {
  const [kind = '', ...rest] = args;
  const { values, positionals } = parse(rest, {
    ...targetFlags,
    content: { type: 'string' },
    tts: { type: 'string' },
    lang: { type: 'string' },
    priority: { type: 'string' },
    volume: { type: 'string' },
    repeat: { type: 'string' },
    scope: { type: 'string' },
    'title-id': { type: 'string' },
    'title-en': { type: 'string' },
  });
  const to = targetOf(values);
  if (to.target === 'all') throw new CtlError('a command goes to --device ID or --group G');
  const [type, body] = commandBody(kind, values, positionals);
  const wait = parseDuration((values.wait as string | undefined) ?? '15s', '--wait');
  const ttl = parseDuration((values.ttl as string | undefined) ?? '10m', '--ttl');
  const acks = await sendCommand(commonOptions(values), type, body, to, wait, ttl, out);
  if (acks.some((a) => a.status === 'rejected' || a.status === 'failed')) return 1;
  if (to.device && !acks.some((a) => a.status === 'done')) {
    out('no "done" from the pole within the wait');
    return 1;
  }
  return 0;
}

async function alert(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'send') throw new CtlError('use: tiangctl alert send CAP.xml [--group G]');
  const { values, positionals } = parse(rest, { group: { type: 'string' }, ttl: { type: 'string' } });
  if (positionals.length !== 1) throw new CtlError('alert send takes one CAP.xml file');
  const group = values.group as string | undefined;
  if (group !== undefined) targetOf({ group });
  const ttl = parseDuration((values.ttl as string | undefined) ?? '1h', '--ttl');
  await sendAlert(commonOptions(values), positionals[0]!, group, ttl, out);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  switch (command) {
    case 'keygen':
      return keygen(rest);
    case 'desired':
      return desired(rest);
    case 'cmd':
      return cmd(rest);
    case 'alert':
      return alert(rest);
    case 'status': {
      const { values } = parse(rest, { watch: { type: 'boolean' }, wait: { type: 'string' } });
      const wait = parseDuration((values.wait as string | undefined) ?? '2s', '--wait');
      await status(commonOptions(values), values.watch === true, wait, out, stop.signal);
      return 0;
    }
    case 'events': {
      const { values } = parse(rest, {
        device: { type: 'string' },
        follow: { type: 'boolean' },
        json: { type: 'boolean' },
        wait: { type: 'string' },
      });
      const wait = parseDuration((values.wait as string | undefined) ?? '3s', '--wait');
      const device = values.device as string | undefined;
      if (device !== undefined) targetOf({ device });
      await events(
        commonOptions(values),
        device,
        values.follow === true,
        wait,
        values.json === true,
        out,
        stop.signal,
      );
      return 0;
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      out(usage);
      return command === undefined ? 2 : 0;
    default:
      throw new CtlError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof CtlError) {
      process.stderr.write(`tiangctl: ${err.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`tiangctl: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(3);
  },
);

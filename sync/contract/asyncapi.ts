import { z } from 'zod';
import { alertBodySchema, commandBodySchemas } from './commands.js';
import { desiredBodySchema } from './desired.js';
import { PAYLOAD_LIMITS } from './limits.js';
import { DEFAULT_ROOT } from './names.js';
import {
  ackDataSchema,
  birthDataSchema,
  envelopeSchema,
  eventDataSchemas,
  reportedDataSchema,
  statusSchema,
  telemetryDataSchema,
} from './outbound.js';
import { signedEnvelopeSchema, signedPayloadSchema } from './signed.js';

/**
 * The AsyncAPI 3 document of the contract, built from the same zod schemas the agent and
 * tiangctl use. docs/mqtt.md embeds its YAML form; a test fails when they differ, so the
 * document can only change together with the code.
 */

type Json = Record<string, unknown>;

function schema(s: z.ZodType): Json {
  const out = z.toJSONSchema(s, { target: 'draft-7', unrepresentable: 'any', io: 'input' }) as Json;
  delete out.$schema;
  return out;
}

const ref = (path: string) => ({ $ref: path });

const envelopeWith = (type: string, data: string): Json => ({
  allOf: [
    ref('#/components/schemas/Envelope'),
    {
      type: 'object',
      properties: { type: { const: type }, data: ref(`#/components/schemas/${data}`) },
    },
  ],
});

const pascal = (s: string) =>
  s
    .split(/[.-]/)
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');

const commandNames = Object.keys(commandBodySchemas) as (keyof typeof commandBodySchemas)[];
const eventNames = Object.keys(eventDataSchemas) as (keyof typeof eventDataSchemas)[];

export function buildAsyncApi(): Json {
  const schemas: Json = {
    Status: schema(statusSchema),
    Envelope: schema(envelopeSchema),
    Birth: schema(birthDataSchema),
    Reported: schema(reportedDataSchema),
    Telemetry: schema(telemetryDataSchema),
    Ack: schema(ackDataSchema),
    SignedEnvelope: schema(signedEnvelopeSchema),
    SignedPayload: schema(signedPayloadSchema),
    DesiredBody: schema(desiredBodySchema),
    AlertBody: schema(alertBodySchema),
  };
  for (const c of commandNames) schemas[`${pascal(c)}Body`] = schema(commandBodySchemas[c]);
  for (const e of eventNames) schemas[`${pascal(e)}Event`] = schema(eventDataSchemas[e]);

  const signedMessage = (title: string, body: string, limit: number): Json => ({
    title,
    summary: `Signed (Ed25519). The base64url payload decodes to a SignedPayload whose body is a ${body}; at most ${limit} bytes.`,
    payload: ref('#/components/schemas/SignedEnvelope'),
  });
  const messages: Json = {
    status: {
      title: 'Status',
      summary: 'online/offline; the Will sets offline',
      payload: ref('#/components/schemas/Status'),
    },
    birth: { title: 'Birth', payload: envelopeWith('birth', 'Birth') },
    reported: { title: 'Reported state', payload: envelopeWith('reported', 'Reported') },
    telemetry: { title: 'Telemetry', payload: envelopeWith('telemetry', 'Telemetry') },
    ack: { title: 'Command acknowledgement', payload: envelopeWith('ack', 'Ack') },
    desired: signedMessage('Desired document', 'DesiredBody', PAYLOAD_LIMITS.desired),
    alert: signedMessage('CAP 1.2 alert', 'AlertBody', PAYLOAD_LIMITS.alert),
  };
  for (const c of commandNames) {
    messages[c.replace('.', '-')] = signedMessage(`Command ${c}`, `${pascal(c)}Body`, PAYLOAD_LIMITS.cmd);
  }
  for (const e of eventNames) {
    messages[`event-${e.replace('.', '-')}`] = {
      title: `Event ${e}`,
      payload: envelopeWith(e, `${pascal(e)}Event`),
    };
  }
  const msgRefs = (names: string[]) =>
    Object.fromEntries(names.map((n) => [n, ref(`#/components/messages/${n}`)]));

  const params = {
    root: { description: `Topic root, default ${DEFAULT_ROOT}`, default: DEFAULT_ROOT },
    device: { description: 'Pole id, [a-z0-9-]{3,32}, also the MQTT client id' },
    group: { description: 'Group (zone) name from the desired settings, [a-z0-9-]{3,32}' },
  };
  const channel = (address: string, names: string[], description: string): Json => {
    const used = Object.fromEntries(Object.entries(params).filter(([k]) => address.includes(`{${k}}`)));
    return { address, description, parameters: used, messages: msgRefs(names) };
  };
  const commandMessages = commandNames.map((c) => c.replace('.', '-'));
  const eventMessages = eventNames.map((e) => `event-${e.replace('.', '-')}`);
  const channels: Json = {
    status: channel('{root}/{device}/status', ['status'], 'Retained, QoS 1.'),
    birth: channel('{root}/{device}/birth', ['birth'], 'After every connect, QoS 1.'),
    reported: channel('{root}/{device}/reported', ['reported'], 'Retained, QoS 1.'),
    telemetry: channel('{root}/{device}/telemetry', ['telemetry'], 'Periodic, QoS 0.'),
    events: channel(
      '{root}/{device}/events',
      eventMessages,
      'Durable outbox, QoS 1, at least once: dedupe by id.',
    ),
    ack: channel('{root}/{device}/ack', ['ack'], 'QoS 1: accepted|rejected at once, done|failed at the end.'),
    desired: channel(
      '{root}/{device}/desired',
      ['desired'],
      'Retained, signed; applied only when its version is higher.',
    ),
    cmd: channel('{root}/{device}/cmd', commandMessages, 'Signed commands for one pole.'),
    groupCmd: channel(
      '{root}/group/{group}/cmd',
      commandMessages,
      'Signed commands for every pole of a group.',
    ),
    alert: channel('{root}/alert', ['alert'], 'Signed CAP alerts for every pole.'),
    groupAlert: channel('{root}/group/{group}/alert', ['alert'], 'Signed CAP alerts for a group.'),
  };
  const op = (
    action: 'send' | 'receive',
    ch: string,
    qos: 0 | 1,
    retain: boolean,
    summary: string,
  ): Json => ({
    action,
    summary,
    channel: ref(`#/channels/${ch}`),
    bindings: { mqtt: { qos, retain, bindingVersion: '0.2.0' } },
  });
  const operations: Json = {
    sendStatus: op('send', 'status', 1, true, 'The pole says whether it is online'),
    sendBirth: op('send', 'birth', 1, false, 'Full snapshot after each connect'),
    sendReported: op('send', 'reported', 1, true, 'Applied desired version, what failed and why, health'),
    sendTelemetry: op('send', 'telemetry', 0, false, 'Sensor and system figures'),
    sendEvents: op('send', 'events', 1, false, 'Play log, faults, tamper, alert handling, refusals'),
    sendAck: op('send', 'ack', 1, false, 'Command acknowledgements'),
    receiveDesired: op('receive', 'desired', 1, true, 'The desired document'),
    receiveCmd: op('receive', 'cmd', 1, false, 'Commands for this pole'),
    receiveGroupCmd: op('receive', 'groupCmd', 1, false, 'Commands for a group'),
    receiveAlert: op('receive', 'alert', 1, false, 'Alerts for every pole'),
    receiveGroupAlert: op('receive', 'groupAlert', 1, false, 'Alerts for a group'),
  };
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Tiang pole ↔ control room',
      version: '1.0.0',
      description:
        'The MQTT contract between a Tiang smart-city pole and the control room. Generated from sync/contract.',
    },
    defaultContentType: 'application/json',
    servers: {
      city: {
        host: 'broker.example:8883',
        protocol: 'mqtts',
        description: 'The city broker; TLS with a client certificate per pole.',
      },
    },
    channels,
    operations,
    components: { schemas, messages },
  };
}

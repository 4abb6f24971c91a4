import { XMLParser, XMLValidator } from 'fast-xml-parser';
import {
  CAP_NAMESPACE,
  CATEGORIES,
  type CapAlert,
  type CapArea,
  CapError,
  type CapInfo,
  type CapReference,
  type CapResource,
  CERTAINTIES,
  MSG_TYPES,
  SCOPES,
  SEVERITIES,
  STATUSES,
  URGENCIES,
} from './types.js';

/** Alerts are small; a larger document is refused before it is parsed. */
export const MAX_CAP_BYTES = 256 * 1024;
const MAX_TEXT = 2000;
/** Elements that may repeat: always arrays, so one and many look the same. */
const REPEATED = new Set([
  'info',
  'category',
  'responseType',
  'eventCode',
  'parameter',
  'resource',
  'area',
  'polygon',
  'circle',
  'geocode',
  'code',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  removeNSPrefix: true,
  // Text stays text: no numbers or booleans guessed, no entity expansion beyond the XML five.
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: false,
  trimValues: true,
  isArray: (name) => REPEATED.has(name),
});

type Node = Record<string, unknown>;

/** CAP dateTime: an offset is required ("Z" is not allowed by CAP 1.2 strictly; we accept it, as feeds use it). */
const DATE_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$/;

function text(node: Node, name: string, path: string, required: true): string;
function text(node: Node, name: string, path: string, required?: false): string | undefined;
function text(node: Node, name: string, path: string, required = false): string | undefined {
  const field = `${path}.${name}`;
  let v = node[name];
  if (Array.isArray(v)) v = v[0];
  if (v !== null && typeof v === 'object') {
    const inner = (v as Node)['#text'];
    if (inner === undefined) throw new CapError(field, `${field} must be text, not nested elements`);
    v = inner;
  }
  if (v === undefined || v === '') {
    if (required) throw new CapError(field, `${field} is required`);
    return undefined;
  }
  const s = String(v).trim();
  if (s.length > MAX_TEXT) throw new CapError(field, `${field} is longer than ${MAX_TEXT} characters`);
  return s;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], field: string): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new CapError(field, `${field} "${value}" is not one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function date(value: string, field: string): number {
  if (!DATE_RE.test(value)) {
    throw new CapError(
      field,
      `${field} "${value}" is not a CAP date-time with a time-zone offset (e.g. 2026-11-28T10:00:00+07:00)`,
    );
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new CapError(field, `${field} "${value}" is not a valid date`);
  return ms;
}

function optionalDate(node: Node, name: string, path: string): number | undefined {
  const v = text(node, name, path);
  return v === undefined ? undefined : date(v, `${path}.${name}`);
}

/** identifier and sender: no spaces, commas or the XML-restricted < and & (CAP 1.2 §3.2.1). */
function token(value: string, field: string): string {
  if (/[\s,<&]/.test(value))
    throw new CapError(field, `${field} "${value}" must not contain spaces, commas, < or &`);
  return value;
}

/** Repeated elements; an empty one (<area></area>) is an element with nothing in it, not nothing. */
const list = (v: unknown): Node[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((x) =>
    x !== null && typeof x === 'object' ? (x as Node) : {},
  );
const strings = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((x) => String(x).trim()).filter((x) => x !== '');

function references(value: string | undefined, field: string): CapReference[] {
  if (!value) return [];
  return value.split(/\s+/).map((triple) => {
    const parts = triple.split(',');
    if (parts.length !== 3 || parts.some((p) => p === '')) {
      throw new CapError(field, `${field} entry "${triple}" is not sender,identifier,sent`);
    }
    return { sender: parts[0]!, identifier: parts[1]!, sent: date(parts[2]!, field) };
  });
}

function resource(node: Node, path: string): CapResource {
  const size = text(node, 'size', path);
  if (size !== undefined && !/^\d+$/.test(size))
    throw new CapError(`${path}.size`, `${path}.size "${size}" is not a whole number of bytes`);
  const digest = text(node, 'digest', path);
  if (digest !== undefined && !/^[0-9a-fA-F]{40}$/.test(digest)) {
    throw new CapError(`${path}.digest`, `${path}.digest must be a SHA-1 in hex (40 characters)`);
  }
  const uri = text(node, 'uri', path);
  const deref = node.derefUri;
  return {
    resourceDesc: text(node, 'resourceDesc', path, true),
    mimeType: text(node, 'mimeType', path, true),
    ...(size !== undefined ? { size: Number(size) } : {}),
    ...(uri !== undefined ? { uri } : {}),
    // Inline data may be large: not capped like text, but bounded by the document limit.
    ...(typeof deref === 'string' && deref !== '' ? { derefUri: deref.replace(/\s+/g, '') } : {}),
    ...(digest !== undefined ? { digest: digest.toLowerCase() } : {}),
  };
}

function area(node: Node, path: string): CapArea {
  return {
    areaDesc: text(node, 'areaDesc', path, true),
    polygons: strings(node.polygon),
    circles: strings(node.circle),
    geocodes: list(node.geocode).map((g, i) => ({
      valueName: text(g, 'valueName', `${path}.geocode[${i}]`, true),
      value: text(g, 'value', `${path}.geocode[${i}]`, true),
    })),
  };
}

function info(node: Node, path: string): CapInfo {
  const categories = strings(node.category);
  if (categories.length === 0) throw new CapError(`${path}.category`, `${path}.category is required`);
  for (const [i, c] of categories.entries()) oneOf(c, CATEGORIES, `${path}.category[${i}]`);
  let certainty = text(node, 'certainty', path, true);
  // CAP 1.1 had "Very Likely"; 1.2 says to treat it as Likely.
  if (certainty === 'Very Likely') certainty = 'Likely';
  const optional = (name: string) => {
    const v = text(node, name, path);
    return v === undefined ? {} : { [name]: v };
  };
  const effective = optionalDate(node, 'effective', path);
  const onset = optionalDate(node, 'onset', path);
  const expires = optionalDate(node, 'expires', path);
  return {
    language: text(node, 'language', path) ?? 'en-US',
    categories,
    event: text(node, 'event', path, true),
    urgency: oneOf(text(node, 'urgency', path, true), URGENCIES, `${path}.urgency`),
    severity: oneOf(text(node, 'severity', path, true), SEVERITIES, `${path}.severity`),
    certainty: oneOf(certainty, CERTAINTIES, `${path}.certainty`),
    ...optional('headline'),
    ...optional('description'),
    ...optional('instruction'),
    ...optional('senderName'),
    ...optional('web'),
    ...optional('contact'),
    ...(effective !== undefined ? { effective } : {}),
    ...(onset !== undefined ? { onset } : {}),
    ...(expires !== undefined ? { expires } : {}),
    resources: list(node.resource).map((r, i) => resource(r, `${path}.resource[${i}]`)),
    areas: list(node.area).map((a, i) => area(a, `${path}.area[${i}]`)),
  };
}

/**
 * The root's namespace, read from its start tag: the parser drops xmlns attributes when it
 * strips prefixes. A document without one is accepted (some feeds omit it); another is not.
 */
function checkNamespace(xml: string): void {
  const root = /<(?:([A-Za-z_][\w.-]*):)?alert\b([^>]*)>/.exec(xml);
  if (!root) return;
  const attr = root[1] ? `xmlns:${root[1]}` : 'xmlns';
  const ns = new RegExp(`${attr}\\s*=\\s*["']([^"']*)["']`).exec(root[2] ?? '')?.[1];
  if (ns !== undefined && ns !== CAP_NAMESPACE) {
    throw new CapError('alert', `namespace "${ns}" is not CAP 1.2 (${CAP_NAMESPACE})`);
  }
}

/**
 * Parses and checks a CAP 1.2 alert. Refuses DOCTYPE and ENTITY declarations outright
 * (entity expansion and external entities have no place in an alert), oversize input and
 * anything not well formed; each missing or wrong field is named in the CapError.
 */
export function parseCap(xml: string): CapAlert {
  if (Buffer.byteLength(xml, 'utf8') > MAX_CAP_BYTES) {
    throw new CapError('alert', `CAP document is larger than ${MAX_CAP_BYTES} bytes`);
  }
  if (/<!DOCTYPE|<!ENTITY/i.test(xml))
    throw new CapError('alert', 'CAP document must not contain DOCTYPE or ENTITY declarations');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new CapError(
      'alert',
      `CAP document is not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`,
    );
  }
  const doc = parser.parse(xml) as Node;
  const root = doc.alert;
  if (!root || typeof root !== 'object' || Array.isArray(root))
    throw new CapError('alert', 'the root element must be <alert>');
  const alert = root as Node;
  checkNamespace(xml);
  const msgType = oneOf(text(alert, 'msgType', 'alert', true), MSG_TYPES, 'alert.msgType');
  const refs = references(text(alert, 'references', 'alert'), 'alert.references');
  if ((msgType === 'Cancel' || msgType === 'Update') && refs.length === 0) {
    throw new CapError('alert.references', `alert.references is required for msgType ${msgType}`);
  }
  const infos = list(alert.info).map((n, i) => info(n, `alert.info[${i}]`));
  if ((msgType === 'Alert' || msgType === 'Update') && infos.length === 0) {
    throw new CapError('alert.info', `alert.info is required for msgType ${msgType}`);
  }
  const optional = (name: string) => {
    const v = text(alert, name, 'alert');
    return v === undefined ? {} : { [name]: v };
  };
  return {
    identifier: token(text(alert, 'identifier', 'alert', true), 'alert.identifier'),
    sender: token(text(alert, 'sender', 'alert', true), 'alert.sender'),
    sent: date(text(alert, 'sent', 'alert', true), 'alert.sent'),
    status: oneOf(text(alert, 'status', 'alert', true), STATUSES, 'alert.status'),
    msgType,
    scope: oneOf(text(alert, 'scope', 'alert', true), SCOPES, 'alert.scope'),
    ...optional('source'),
    ...optional('note'),
    ...optional('incidents'),
    references: refs,
    infos,
  };
}

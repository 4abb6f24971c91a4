import { capDateTime } from './datetime.js';
import {
  CAP_CATEGORIES,
  CAP_CERTAINTIES,
  CAP_MSG_TYPES,
  CAP_SCOPES,
  CAP_SEVERITIES,
  CAP_STATUSES,
  CAP_URGENCIES,
  type CapAlert,
  type CapArea,
  CapError,
  type CapInfo,
  type CapReference,
  type CapResource,
} from './types.js';
import { type El, readCapXml } from './xml.js';

/**
 * Text fields go to screens and to speech: longer than this is not a warning anyone reads
 * out, and a bound keeps one field from filling a kiosk. Structured lists (references,
 * polygons) and inline resource data are bounded by the document size instead.
 */
export const MAX_CAP_TEXT = 2000;
const UNBOUNDED = Number.POSITIVE_INFINITY;

/** The single child `name`, or undefined; a second one is an error rather than a silent choice. */
function only(parent: El, name: string, path: string): El | undefined {
  const list = parent.kids.get(name);
  if (list === undefined) return undefined;
  if (list.length > 1) {
    throw new CapError(`${path}.${name}`, `${path}.${name} appears ${list.length} times; CAP allows one`);
  }
  return list[0];
}

/**
 * Trimmed text of an element. CAP text is plain: HTML sent escaped (`&lt;b&gt;`) or in CDATA
 * is kept as literal characters and never interpreted; raw markup inside a text element is
 * not a string at all, so it is refused rather than flattened into something else.
 */
function plain(el: El, field: string, max: number): string {
  if (el.hasChildren) {
    throw new CapError(field, `${field} must be plain text; markup in it must be escaped (&lt;) or in CDATA`);
  }
  const s = el.text.trim();
  if (s.length > max) throw new CapError(field, `${field} is longer than ${max} characters (${s.length})`);
  return s;
}

function optional(parent: El, name: string, path: string, max = MAX_CAP_TEXT): string | undefined {
  const el = only(parent, name, path);
  if (el === undefined) return undefined;
  const s = plain(el, `${path}.${name}`, max);
  return s === '' ? undefined : s;
}

function required(parent: El, name: string, path: string, max = MAX_CAP_TEXT): string {
  const s = optional(parent, name, path, max);
  if (s === undefined)
    throw new CapError(`${path}.${name}`, `${path}.${name} is required (missing or empty)`);
  return s;
}

/** Every `name` child as text, empty ones dropped. */
function each(parent: El, name: string, path: string, max = MAX_CAP_TEXT): string[] {
  return (parent.kids.get(name) ?? [])
    .map((el, i) => plain(el, `${path}.${name}[${i}]`, max))
    .filter((s) => s !== '');
}

function oneOf<T extends string>(value: string, allowed: readonly T[], field: string): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new CapError(field, `${field} "${value}" is not one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/** CAP 1.2 §3.2.1: identifier and sender contain no spaces, commas, `<` or `&`. */
function token(value: string, field: string): string {
  if (/[\s,<&]/.test(value)) {
    throw new CapError(field, `${field} "${value}" must not contain spaces, commas, < or &`);
  }
  return value;
}

function date(parent: El, name: string, path: string): number | undefined {
  const s = optional(parent, name, path);
  return s === undefined ? undefined : capDateTime(s, `${path}.${name}`);
}

/** Drops keys whose value is undefined, so optional fields are absent rather than present-and-undefined. */
function defined<T extends object>(o: T): T {
  for (const key of Object.keys(o)) {
    if ((o as Record<string, unknown>)[key] === undefined) Reflect.deleteProperty(o, key);
  }
  return o;
}

/** `sender,identifier,sent` triples separated by whitespace (CAP 1.2 §3.2.1 "references"). */
function references(alert: El): CapReference[] {
  const field = 'alert.references';
  // One element per the standard; several are joined rather than refused, as the meaning is plain.
  const all = each(alert, 'references', 'alert', UNBOUNDED).join(' ').trim();
  if (all === '') return [];
  return all.split(/\s+/).map((triple) => {
    const parts = triple.split(',');
    if (parts.length !== 3 || parts.some((p) => p === '')) {
      throw new CapError(field, `${field} entry "${triple}" is not sender,identifier,sent`);
    }
    const [sender, identifier, sent] = parts as [string, string, string];
    return {
      sender: token(sender, field),
      identifier: token(identifier, field),
      sent: capDateTime(sent, field),
    };
  });
}

function resource(el: El, path: string): CapResource {
  const resourceDesc = required(el, 'resourceDesc', path);
  const mimeType = required(el, 'mimeType', path);
  if (!/^[\w.+!#$&^-]+\/[\w.+!#$&^-]+(\s*;.*)?$/.test(mimeType)) {
    throw new CapError(`${path}.mimeType`, `${path}.mimeType "${mimeType}" is not a MIME type`);
  }
  const size = optional(el, 'size', path);
  if (size !== undefined && !/^\d{1,15}$/.test(size)) {
    throw new CapError(`${path}.size`, `${path}.size "${size}" is not a whole number of bytes`);
  }
  // Inline data may be line-wrapped base64; it is bounded by the document size, not the text limit.
  const derefUri = optional(el, 'derefUri', path, UNBOUNDED)?.replace(/\s+/g, '');
  if (derefUri !== undefined && !/^[A-Za-z0-9+/]*={0,2}$/.test(derefUri)) {
    throw new CapError(`${path}.derefUri`, `${path}.derefUri is not base64`);
  }
  const digest = optional(el, 'digest', path);
  if (digest !== undefined && !/^[0-9a-fA-F]{40}$/.test(digest)) {
    throw new CapError(
      `${path}.digest`,
      `${path}.digest must be a SHA-1 in hex (40 characters), as CAP 1.2 says`,
    );
  }
  return defined({
    resourceDesc,
    mimeType,
    size: size === undefined ? undefined : Number(size),
    uri: optional(el, 'uri', path),
    derefUri: derefUri === '' ? undefined : derefUri,
    digest: digest?.toLowerCase(),
  });
}

function area(el: El, path: string): CapArea {
  return {
    areaDesc: required(el, 'areaDesc', path),
    // Polygons can be hundreds of points: bounded by the document, not the text limit.
    polygons: each(el, 'polygon', path, UNBOUNDED),
    circles: each(el, 'circle', path),
    geocodes: (el.kids.get('geocode') ?? []).map((g, i) => ({
      valueName: required(g, 'valueName', `${path}.geocode[${i}]`),
      value: required(g, 'value', `${path}.geocode[${i}]`),
    })),
  };
}

function info(el: El, path: string): CapInfo {
  const language = optional(el, 'language', path) ?? 'en-US';
  if (!/^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(language)) {
    throw new CapError(`${path}.language`, `${path}.language "${language}" is not a language tag like id-ID`);
  }
  const categoryList = el.kids.get('category') ?? [];
  if (categoryList.length === 0) throw new CapError(`${path}.category`, `${path}.category is required`);
  const categories = categoryList.map((c, i) => {
    const field = `${path}.category[${i}]`;
    return oneOf(plain(c, field, MAX_CAP_TEXT), CAP_CATEGORIES, field);
  });
  const event = required(el, 'event', path);
  const urgency = oneOf(required(el, 'urgency', path), CAP_URGENCIES, `${path}.urgency`);
  const severity = oneOf(required(el, 'severity', path), CAP_SEVERITIES, `${path}.severity`);
  const sentCertainty = required(el, 'certainty', path);
  // CAP 1.0 had "Very Likely"; CAP 1.2 (certainty, §3.2.2) says to treat it as "Likely".
  const certainty = oneOf(
    sentCertainty === 'Very Likely' ? 'Likely' : sentCertainty,
    CAP_CERTAINTIES,
    `${path}.certainty`,
  );
  return defined({
    language,
    categories,
    event,
    urgency,
    severity,
    certainty,
    effective: date(el, 'effective', path),
    onset: date(el, 'onset', path),
    expires: date(el, 'expires', path),
    senderName: optional(el, 'senderName', path),
    headline: optional(el, 'headline', path),
    description: optional(el, 'description', path),
    instruction: optional(el, 'instruction', path),
    web: optional(el, 'web', path),
    contact: optional(el, 'contact', path),
    resources: (el.kids.get('resource') ?? []).map((r, i) => resource(r, `${path}.resource[${i}]`)),
    areas: (el.kids.get('area') ?? []).map((a, i) => area(a, `${path}.area[${i}]`)),
  });
}

/**
 * Parses and checks a CAP 1.2 alert (OASIS CAP 1.2, 2010). Fields are checked in document
 * order, so the first problem is the one reported; every CapError names its field. The XML
 * itself is read by `readCapXml` (size limit, no DOCTYPE/ENTITY, well-formedness, namespace).
 */
export function parseCap(xml: string): CapAlert {
  const alert = readCapXml(xml);
  const identifier = token(required(alert, 'identifier', 'alert'), 'alert.identifier');
  const sender = token(required(alert, 'sender', 'alert'), 'alert.sender');
  const sent = capDateTime(required(alert, 'sent', 'alert'), 'alert.sent');
  const status = oneOf(required(alert, 'status', 'alert'), CAP_STATUSES, 'alert.status');
  const msgType = oneOf(required(alert, 'msgType', 'alert'), CAP_MSG_TYPES, 'alert.msgType');
  const scope = oneOf(required(alert, 'scope', 'alert'), CAP_SCOPES, 'alert.scope');
  const source = optional(alert, 'source', 'alert');
  const note = optional(alert, 'note', 'alert');
  const refs = references(alert);
  // A Cancel or Update that names nothing would cancel or replace nothing: refused, not ignored.
  if ((msgType === 'Cancel' || msgType === 'Update') && refs.length === 0) {
    throw new CapError('alert.references', `alert.references is required when msgType is ${msgType}`);
  }
  const incidents = optional(alert, 'incidents', 'alert');
  const infos = (alert.kids.get('info') ?? []).map((el, i) => info(el, `alert.info[${i}]`));
  if ((msgType === 'Alert' || msgType === 'Update') && infos.length === 0) {
    throw new CapError('alert.info', `alert.info is required when msgType is ${msgType}`);
  }
  return defined({
    identifier,
    sender,
    sent,
    status,
    msgType,
    scope,
    source,
    note,
    references: refs,
    incidents,
    infos,
  });
}

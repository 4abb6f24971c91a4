import { type EntityDecoderOptions, XMLParser, XMLValidator } from 'fast-xml-parser';
import { CAP_NAMESPACE, CapError } from './types.js';

/** Alerts are small (a spoken WAV inline is the big case); a larger document is refused unread. */
export const MAX_CAP_BYTES = 256 * 1024;

/**
 * An element after namespace resolution: its own text and its CAP child elements by local
 * name, always as lists, so one `<info>` and three look the same.
 */
export interface El {
  text: string;
  /** It had child elements of any namespace: not plain text. */
  hasChildren: boolean;
  kids: Map<string, El[]>;
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const PREDEFINED = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
  ['apos', "'"],
]);

/** XML 1.0 `Char`: what a character reference may name and what may appear raw. */
const isXmlChar = (c: number) =>
  c === 0x9 ||
  c === 0xa ||
  c === 0xd ||
  (c >= 0x20 && c <= 0xd7ff) ||
  (c >= 0xe000 && c <= 0xfffd) ||
  (c >= 0x10000 && c <= 0x10ffff);

/**
 * Only the five predefined entities and character references are decoded; anything else is
 * an error, not left as text. Without a DTD no other entity can be defined, so `&foo;` means
 * a broken or hostile document.
 */
function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&([^&;]*);/g, (_, name: string) => {
    const predefined = PREDEFINED.get(name);
    if (predefined !== undefined) return predefined;
    const ref = /^#(?:x([0-9a-fA-F]{1,6})|(\d{1,7}))$/.exec(name);
    if (ref) {
      const code = ref[1] !== undefined ? Number.parseInt(ref[1], 16) : Number(ref[2]);
      if (isXmlChar(code)) return String.fromCodePoint(code);
      throw new Error(`character reference &${name}; is not an XML character`);
    }
    throw new Error(`undefined entity &${name}; (only &lt; &gt; &amp; &quot; &apos; and &#...; are allowed)`);
  });
}

/**
 * Our own entity decoder replaces the library's, so entity handling cannot be widened by a
 * library default changing: DOCTYPE-declared entities are refused here too, should a DOCTYPE
 * ever get past the check in `readCapXml` (defence in depth against billion laughs and XXE).
 */
const decoder: EntityDecoderOptions = {
  setExternalEntities: (entities) => {
    if (Object.keys(entities).length > 0) throw new Error('external entities are not allowed');
  },
  addInputEntities: () => {
    throw new Error('DOCTYPE entity declarations are not allowed');
  },
  reset: () => {},
  setXmlVersion: () => {},
  decode: decodeEntities,
};

/** Elements CAP lets repeat: lists even when they occur once (the normaliser relies on it too). */
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
  'references',
]);
const localName = (tag: string) => tag.slice(tag.indexOf(':') + 1);

const parser = new XMLParser({
  // Attributes are read only for xmlns declarations: CAP elements carry none.
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Prefixes are resolved by `element` below: `removeNSPrefix` would also drop the xmlns
  // declarations we need to check that the root really is CAP 1.2.
  removeNSPrefix: false,
  // Text stays text: an identifier "007" must not become 7, nor "true" a boolean.
  parseTagValue: false,
  parseAttributeValue: false,
  // Trimmed by the reader instead: the parser trims each piece around a CDATA section or a
  // comment separately, so "AWAS <![CDATA[<b>]]> Kelud" would lose its spaces.
  trimValues: false,
  processEntities: true,
  htmlEntities: false,
  entityDecoder: decoder,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (tag, _path, _leaf, isAttribute) => !isAttribute && REPEATED.has(localName(tag)),
  // The library's default limit on nesting (100) bounds the recursion in `element`; CAP needs 5.
});

type Scope = ReadonlyMap<string, string>;

function declarations(raw: unknown, inherited: Scope): Scope {
  if (raw === null || typeof raw !== 'object') return inherited;
  let scope: Map<string, string> | undefined;
  for (const [key, value] of Object.entries(raw)) {
    if (key === '@_xmlns' || key.startsWith('@_xmlns:')) {
      scope ??= new Map(inherited);
      scope.set(key === '@_xmlns' ? '' : key.slice('@_xmlns:'.length), String(value));
    }
  }
  return scope ?? inherited;
}

/** The namespace of a tag in scope; undefined for an unprefixed tag with no default namespace. */
function namespaceOf(tag: string, scope: Scope): string | undefined {
  const colon = tag.indexOf(':');
  if (colon < 0) return scope.get('') || undefined;
  const prefix = tag.slice(0, colon);
  const ns = scope.get(prefix);
  if (ns === undefined) throw new CapError('document', `namespace prefix "${prefix}" is not declared`);
  return ns;
}

function element(raw: unknown, scope: Scope): El {
  const el: El = { text: '', hasChildren: false, kids: new Map() };
  if (raw === null || typeof raw !== 'object') {
    el.text = raw === undefined ? '' : String(raw);
    return el;
  }
  for (const [key, value] of Object.entries(raw)) {
    if (key === '#text') {
      el.text = Array.isArray(value) ? value.join('') : String(value);
      continue;
    }
    if (key.startsWith('@_')) continue;
    el.hasChildren = true;
    for (const item of Array.isArray(value) ? value : [value]) {
      const itemScope = declarations(item, scope);
      const ns = namespaceOf(key, itemScope);
      // Unqualified children under a prefixed root are in no namespace; sloppy producers
      // write them, and reading them as CAP is the useful choice. Elements of another
      // namespace are extensions the pole does not know: skipped, not mistaken for CAP.
      if (ns !== undefined && ns !== CAP_NAMESPACE) continue;
      const name = localName(key);
      const list = el.kids.get(name);
      if (list) list.push(element(item, itemScope));
      else el.kids.set(name, [element(item, itemScope)]);
    }
  }
  return el;
}

/** Raw characters XML 1.0 forbids (controls, lone surrogates, U+FFFE/FFFF): an index or -1. */
function firstBadChar(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return i;
    }
    if (!isXmlChar(c)) return i;
  }
  return -1;
}

/**
 * Reads a CAP document safely and returns its `<alert>` element:
 * - over MAX_CAP_BYTES (UTF-8) → refused before any parsing;
 * - any `<!DOCTYPE` or `<!ENTITY` → refused: CAP needs neither, and they are how entity
 *   expansion (billion laughs) and external entities (XXE) get in;
 * - not well-formed (XMLValidator, then the parser's own errors) → refused with line number;
 * - the root must be `alert` in the CAP 1.2 namespace, with or without a prefix.
 */
export function readCapXml(xml: string): El {
  if (typeof xml !== 'string') throw new CapError('document', 'CAP document must be a string');
  // UTF-8 never takes fewer bytes than UTF-16 code units, so the cheap length check is exact enough first.
  if (xml.length > MAX_CAP_BYTES || Buffer.byteLength(xml, 'utf8') > MAX_CAP_BYTES) {
    throw new CapError('document', `CAP document is larger than ${MAX_CAP_BYTES / 1024} KB`);
  }
  const body = xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml;
  if (/<!DOCTYPE|<!ENTITY/i.test(body)) {
    throw new CapError('document', 'CAP document must not contain DOCTYPE or ENTITY declarations');
  }
  const bad = firstBadChar(body);
  if (bad >= 0) {
    const code = body.charCodeAt(bad).toString(16).padStart(4, '0');
    throw new CapError('document', `CAP document contains U+${code}, which XML does not allow`);
  }
  const valid = XMLValidator.validate(body);
  if (valid !== true) {
    throw new CapError(
      'document',
      `CAP document is not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`,
    );
  }
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(body) as Record<string, unknown>;
  } catch (err) {
    throw new CapError('document', `CAP document is not well-formed XML: ${(err as Error).message}`);
  }
  const roots = Object.keys(doc);
  const rootTag = roots[0];
  // XMLValidator lets a second root element through; XML does not, and neither do we.
  if (roots.length > 1 || (rootTag !== undefined && Array.isArray(doc[rootTag]))) {
    throw new CapError('document', 'CAP document is not well-formed XML: more than one root element');
  }
  if (rootTag === undefined) throw new CapError('document', 'CAP document has no root element');
  if (localName(rootTag) !== 'alert') {
    throw new CapError('alert', `the root element must be <alert>, not <${rootTag}>`);
  }
  const raw = doc[rootTag];
  const scope = declarations(raw, new Map([['xml', XML_NS]]));
  const ns = namespaceOf(rootTag, scope);
  if (ns !== CAP_NAMESPACE) {
    throw new CapError(
      'alert',
      ns === undefined
        ? `<alert> has no namespace; CAP 1.2 is xmlns="${CAP_NAMESPACE}"`
        : `<alert> namespace "${ns}" is not CAP 1.2 (${CAP_NAMESPACE})`,
    );
  }
  return element(raw, scope);
}

/**
 * A built portal page split at its `{name}` slots: text, slot name, text, ... (odd length,
 * text at even indexes). Filling is string concatenation, so a page costs next to nothing to
 * render; what goes into a slot must already be safe HTML (see escapeHtml).
 */
export type Template = readonly string[];

/**
 * Split `html` at the slots named in `slots` (other braces, such as the inlined CSS, stay text).
 * Comments go, and indentation shrinks to one newline: the page gets smaller, not different.
 */
export function compileTemplate(html: string, slots: readonly string[]): Template {
  const text = html.replace(/<!--[\s\S]*?-->/g, '').replace(/\s*\n\s*/g, '\n');
  const names = new Set(slots);
  const parts: string[] = [];
  let last = 0;
  for (const m of text.matchAll(/\{([\w.]+)\}/g)) {
    if (!names.has(m[1]!)) continue;
    parts.push(text.slice(last, m.index), m[1]!);
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  return parts;
}

/** Fill the slots `values` names (safe HTML); the others stay slots, to fill later. */
export function fillTemplate(t: Template, values: Readonly<Record<string, string>>): Template {
  const out = [t[0]!];
  for (let i = 1; i < t.length; i += 2) {
    const name = t[i]!;
    if (Object.hasOwn(values, name)) out[out.length - 1] += values[name]! + t[i + 1]!;
    else out.push(name, t[i + 1]!);
  }
  return out;
}

/** The whole page; every slot must be filled by now or in `values`. */
export function renderTemplate(t: Template, values: Readonly<Record<string, string>> = {}): string {
  const filled = fillTemplate(t, values);
  if (filled.length !== 1) {
    throw new Error(`portal page slots left empty: ${filled.filter((_, i) => i % 2 === 1).join(', ')}`);
  }
  return filled[0]!;
}

/** Names of the slots still open in `t`. */
export const templateSlots = (t: Template): string[] => t.filter((_, i) => i % 2 === 1);

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text → HTML text or attribute value. Everything from the control room or a client goes through here. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);

/** `{name}` in a catalogue sentence → the value (plain text; escape the result). */
export const fillSentence = (sentence: string, values: Readonly<Record<string, string>>): string =>
  sentence.replace(/\{([\w.]+)\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? values[name]! : whole,
  );

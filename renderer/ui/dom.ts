/**
 * A tiny element builder: the pages are plain DOM, no framework, so a Pi's browser
 * has little to parse. Text always goes in as text nodes (never innerHTML), so
 * content from the control room cannot inject markup.
 */
type Child = Node | string | null | undefined | false;

export interface ElementProps {
  class?: string | (string | false | null | undefined)[];
  /** Attributes, set with setAttribute (aria-*, data-*, type, ...). Never `style`: the CSP forbids it. */
  attrs?: Record<string, string | number | boolean | undefined>;
  on?: { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: ElementProps = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  const cls = Array.isArray(props.class) ? props.class.filter(Boolean).join(' ') : props.class;
  if (cls) el.className = cls;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const [type, handler] of Object.entries(props.on ?? {})) {
    el.addEventListener(type, handler as EventListener);
  }
  append(el, children);
  return el;
}

function append(parent: Node, children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Replace all children of parent. */
export function replaceChildren(parent: Element, ...children: (Child | Child[])[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** The element with this id, or a clear error naming the HTML file that lacks it. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing element #${id} in ${location.pathname}`);
  return el as T;
}

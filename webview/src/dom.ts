/**
 * DOM helpers. Data is only ever set as text (textContent), never parsed as HTML. Strings
 * from a trace are made inert for display: bidi controls are shown as visible marks, and
 * very long strings are cut (with the count of what was left out).
 */

type Attrs = Record<string, string | number | boolean | undefined>;
type Child = Node | string | undefined | null | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

/** A custom element (vscode-elements), attributes and children as for `h`. */
export function ce(tag: string, attrs: Attrs = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

export function setAttrs(el: Element, attrs: Attrs): void {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (/^on/i.test(k)) throw new Error('event handler attributes are not allowed');
    el.setAttribute(k, v === true ? '' : String(v));
  }
}

export function append(el: Element, children: Child[]): void {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

export function icon(name: string, label?: string): HTMLElement {
  const el = h('span', { class: `codicon codicon-${name}`, 'aria-hidden': label ? undefined : 'true', role: label ? 'img' : undefined, 'aria-label': label });
  return el;
}

export function clear(el: Element): void {
  el.replaceChildren();
}

// Bidi embeddings, overrides and isolates, and the zero-width marks that can flip text.
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

export const DISPLAY_LIMIT = 20_000;

/** A string made safe to show as text: bidi controls visible, cut at `limit` characters. */
export function inert(s: string, limit = DISPLAY_LIMIT): string {
  const cut = s.length > limit ? s.slice(0, limit) : s;
  const shown = cut.replace(BIDI, (c) => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`);
  return s.length > limit ? `${shown}… (${(s.length - limit).toLocaleString('en-US')} more characters)` : shown;
}

/** A short name for headers, rows and graph nodes. */
export function label(s: string, limit = 120): string {
  return inert(s, limit);
}

/** A text node of an inert string. */
export function text(s: string, limit?: number): Text {
  return document.createTextNode(inert(s, limit));
}

/** Where the focus was, by key, in a container whose content went before the focus could come back. */
const pendingFocus = new WeakMap<HTMLElement, string>();

/**
 * Replaces `el`'s children and keeps the focus where it was: on the new element with the
 * same `data-focus-key` as the one (or the one holding the one) that had it. When the new
 * content has no such element (a list being read again), the key is kept for the next
 * replacement, and the focus waits on `el` itself (give it tabindex -1), not on the body.
 */
export function replaceKeepingFocus(el: HTMLElement, ...children: (Node | string)[]): void {
  const active = document.activeElement;
  let key: string | undefined;
  // Never taken from the workbench: only while the panel has the focus.
  const inside = document.hasFocus() && active instanceof Element && el.contains(active);
  if (inside) key = active.closest<HTMLElement>('[data-focus-key]')?.dataset['focusKey'];
  if (key === undefined && document.hasFocus() && (active === el || active === document.body)) key = pendingFocus.get(el);
  pendingFocus.delete(el);
  el.replaceChildren(...children);
  if (key === undefined) return;
  const next = Array.from(el.querySelectorAll<HTMLElement>('[data-focus-key]')).find((x) => x.dataset['focusKey'] === key);
  if (next) {
    next.focus();
    return;
  }
  pendingFocus.set(el, key);
  if (inside && el.hasAttribute('tabindex')) el.focus();
}

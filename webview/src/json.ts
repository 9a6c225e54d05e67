/**
 * A JSON value as indented text, with the value at one JSON pointer highlighted (a
 * validation error's path). Built from text nodes only; large values are cut.
 */
import { h, inert } from './dom';

const MAX_NODES = 4000;

function unescapePointer(seg: string): string {
  return seg.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function pointerSegments(pointer: string): string[] {
  if (!pointer || pointer === '/') return pointer === '/' ? [''] : [];
  return pointer.replace(/^\//, '').split('/').map(unescapePointer);
}

/** Renders `value`; the node at `highlight` (a JSON pointer) gets the `hl` class and is returned. */
export function renderJson(value: unknown, highlight?: string): { el: HTMLElement; target: HTMLElement | undefined } {
  const pre = h('pre', { class: 'json' });
  const want = highlight === undefined ? undefined : pointerSegments(highlight);
  let nodes = 0;
  let target: HTMLElement | undefined;
  const walk = (v: unknown, path: string[], indent: string, into: HTMLElement): void => {
    if (++nodes > MAX_NODES) {
      into.append('…');
      return;
    }
    const isTarget = want !== undefined && path.length === want.length && path.every((p, i) => p === want[i]);
    let host = into;
    if (isTarget) {
      // Outlined as one box, not line by line when it wraps: the whole value as a block, a
      // string or number inside a larger value as an inline block.
      const box = path.length === 0 ? ' hl-block' : v === null || typeof v !== 'object' ? ' hl-box' : '';
      host = h('span', { class: `hl${box}`, title: 'the value the error is about' });
      into.append(host);
      target = host;
    }
    if (v === null || typeof v !== 'object') {
      const s = typeof v === 'string' ? JSON.stringify(inert(v)) : v === undefined ? 'undefined' : String(v);
      host.append(h('span', { class: `j-${v === null ? 'null' : typeof v}` }, s));
      return;
    }
    const arr = Array.isArray(v);
    const entries: [string, unknown][] = arr ? v.map((x, i) => [String(i), x]) : Object.entries(v as Record<string, unknown>);
    if (entries.length === 0) {
      host.append(arr ? '[]' : '{}');
      return;
    }
    host.append(arr ? '[\n' : '{\n');
    entries.forEach(([k, x], i) => {
      host.append(indent + '  ');
      if (!arr) host.append(h('span', { class: 'j-key' }, JSON.stringify(inert(k, 500))), ': ');
      walk(x, [...path, k], indent + '  ', host);
      host.append(i < entries.length - 1 ? ',\n' : '\n');
    });
    host.append(indent + (arr ? ']' : '}'));
  };
  walk(value, [], '', pre);
  return { el: pre, target };
}

/**
 * Where the cursor is in the format, computed from the lines above it rather than from a
 * parse, so that it works on the half-typed line a completion is asked for: the key path,
 * whether a key or a value is being typed, and the partial word under the cursor. Handles
 * block mappings, `- ` list items and flow collections (`{ a: $input, b: | }`, `[x, |]`).
 */
import type { LineIndex, Span } from './lineIndex';

export interface CompletionContext {
  /** Key path of the mapping or list the cursor is in (for a value: including its key). */
  readonly path: readonly string[];
  /** `key`: a key of the mapping at `path` is being typed; `value`: the value at `path`; `item`: an item of the list at `path`. */
  readonly position: 'key' | 'value' | 'item';
  /** The text typed so far for this key or value (for `when:` the whole condition so far). */
  readonly prefix: string;
  /** The span of the word to replace (the identifier-ish characters before and after the cursor). */
  readonly word: Span;
}

const KEY_LINE = /^(\s*)(?:-\s+)?(["']?)([^\s:#"'{}[\],][^:#"'{}[\],]*?)\2\s*:(?:\s+|$)/;

function indentOf(line: string): number {
  return /^\s*/.exec(line)?.[0].length ?? 0;
}

/** The block key path of the lines above `line` whose indent is below `indent`. */
function blockPath(lines: LineIndex, line: number, indent: number): string[] {
  const path: string[] = [];
  let limit = indent;
  for (let l = line - 1; l >= 0 && limit > 0; l--) {
    const t = lines.lineText(l);
    if (/^\s*(#.*)?$/.test(t)) continue;
    const ind = indentOf(t);
    if (ind >= limit) continue;
    const dash = /^(\s*)-\s+/.exec(t);
    const m = KEY_LINE.exec(t);
    // `- key: v` holds `key` at the indent after the dash; a bare `- v` is an item of the list above.
    if (dash && m) {
      const keyIndent = (dash[0] as string).length;
      if (keyIndent < limit) path.unshift(m[3] as string);
    } else if (m && !dash) path.unshift(m[3] as string);
    limit = ind;
  }
  return path;
}

function wordAround(text: string, offset: number): Span {
  let s = offset;
  let e = offset;
  while (s > 0 && /[A-Za-z0-9_-]/.test(text[s - 1] as string)) s--;
  while (e < text.length && /[A-Za-z0-9_-]/.test(text[e] as string)) e++;
  return { start: s, end: e };
}

/** Walks a flow collection prefix (`{ a: x, b: [c, `) and returns the inner keys and what is being typed. */
function flowPath(value: string): { keys: string[]; position: 'key' | 'value' | 'item'; prefix: string } | undefined {
  const frames: { kind: '{' | '['; key?: string; state: 'key' | 'value'; start: number }[] = [];
  let quote: string | undefined;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] as string;
    if (quote) {
      if (ch === quote) quote = undefined;
      continue;
    }
    const top = frames[frames.length - 1];
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '{' || ch === '[') frames.push({ kind: ch, state: ch === '{' ? 'key' : 'value', start: i + 1 });
    else if ((ch === '}' || ch === ']') && top) frames.pop();
    else if (ch === ',' && top) {
      top.state = top.kind === '{' ? 'key' : 'value';
      top.start = i + 1;
    } else if (ch === ':' && top?.kind === '{' && top.state === 'key' && /\s|$/.test(value[i + 1] ?? '')) {
      top.key = value.slice(top.start, i).trim().replace(/^["']|["']$/g, '');
      top.state = 'value';
      top.start = i + 1;
    }
  }
  if (frames.length === 0) return undefined;
  const keys: string[] = [];
  for (const f of frames.slice(0, -1)) if (f.kind === '{' && f.key !== undefined) keys.push(f.key);
  const top = frames[frames.length - 1] as (typeof frames)[number];
  const prefix = value.slice(top.start).trimStart();
  if (top.kind === '[') return { keys, position: 'item', prefix };
  if (top.state === 'key') return { keys, position: 'key', prefix };
  return { keys: [...keys, top.key ?? ''], position: 'value', prefix };
}

export function completionContext(lines: LineIndex, offset: number): CompletionContext {
  const pos = lines.position(offset);
  const before = lines.lineText(pos.line).slice(0, pos.character);
  const word = wordAround(lines.text, offset);
  const keyMatch = KEY_LINE.exec(before);
  const dash = /^(\s*)-\s*/.exec(before);
  if (!keyMatch) {
    // A key being typed (`  ag|`), or an item of a block list (`  - sea|`).
    const indent = dash ? (dash[1] as string).length : indentOf(before);
    const path = blockPath(lines, pos.line, dash ? indent + 1 : indent);
    const prefix = before.slice(dash ? (dash[0] as string).length : indent);
    // `- { $ref: "#/contracts/|` : a flow collection as a list item.
    const itemFlow = dash && /^[{[]/.test(prefix) ? flowPath(prefix) : undefined;
    if (itemFlow) return { path: [...path, ...itemFlow.keys], position: itemFlow.position, prefix: itemFlow.prefix, word };
    if (dash) return { path, position: 'item', prefix, word };
    return { path, position: 'key', prefix, word };
  }
  const keyIndent = dash ? dash[0].length : (keyMatch[1] as string).length;
  const path = [...blockPath(lines, pos.line, keyIndent), keyMatch[3] as string];
  const value = before.slice(keyMatch[0].length);
  const flow = /^[{[]/.test(value) ? flowPath(value) : undefined;
  if (flow) return { path: [...path, ...flow.keys], position: flow.position, prefix: flow.prefix, word };
  return { path, position: 'value', prefix: value, word };
}

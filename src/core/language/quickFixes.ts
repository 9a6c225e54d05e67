/**
 * Quick fixes and refactorings as plain edits: the did-you-mean for an unknown name, the
 * missing required fields of a mapping, a reference that fits where one does not, a contract made strict-compatible, a contract
 * reference pinned or unpinned. Each takes the file's index and returns edits by file.
 */
import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { FileIndex } from './indexFile';
import type { Span } from './lineIndex';
import { contractInfo, defData, expectedFields, schemaEnv } from './resolveData';
import { deref, enumValues, isObj, type Schema, type SchemaEnv } from './schemaNav';
import type { SymbolRef } from './symbols';
import { YAML_WORDS, type LanguageIndex, type TextEdit } from './workspaceIndex';

export interface Fix {
  readonly title: string;
  readonly kind: 'quickfix' | 'refactor.rewrite';
  readonly edits: TextEdit[];
  readonly preferred?: boolean;
}

function overlaps(a: Span, b: Span): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/**
 * Replaces the unknown name inside a diagnostic's range with the suggested one; in a
 * `{{a.b.c}}` placeholder, the name at `segment` of its path.
 */
export function didYouMean(idx: FileIndex, range: Span, suggestion: string, segment?: number): Fix | undefined {
  const placeholder = /^\{\{(\s*)([^{}]*?)\s*\}\}/.exec(idx.text.slice(range.start, range.end));
  if (placeholder && segment !== undefined) {
    const names = (placeholder[2] as string).split('.');
    if (segment >= names.length) return undefined;
    const start = range.start + 2 + (placeholder[1] as string).length + names.slice(0, segment).reduce((n, x) => n + x.length + 1, 0);
    return { title: `Change to '${suggestion}'`, kind: 'quickfix', preferred: true, edits: [{ span: { start, end: start + (names[segment] as string).length }, newText: suggestion }] };
  }
  const ref = idx.refs.find((r) => overlaps(r.span, range));
  let span: Span | undefined = ref?.span;
  if (!span) {
    const raw = idx.text.slice(range.start, range.end);
    const m = /^(["']?)([A-Za-z_][A-Za-z0-9_-]*)/.exec(raw);
    if (m) span = { start: range.start + (m[1] as string).length, end: range.start + (m[1] as string).length + (m[2] as string).length };
  }
  if (!span) return undefined;
  return { title: `Change to '${suggestion}'`, kind: 'quickfix', preferred: true, edits: [{ span, newText: suggestion }] };
}

/**
 * Replaces a reference that does not fit with one that does (the checker's
 * `data.replacements`), inside the quotes if it is quoted.
 */
export function replaceReference(idx: FileIndex, range: Span, ref: string, preferred: boolean): Fix | undefined {
  const raw = idx.text.slice(range.start, range.end);
  if (!/^["']?\$/.test(raw)) return undefined;
  const quoted = raw.length >= 2 && (raw[0] === '"' || raw[0] === "'") && raw.endsWith(raw[0]);
  const span = quoted ? { start: range.start + 1, end: range.end - 1 } : range;
  return { title: `Change to '${ref}'`, kind: 'quickfix', preferred, edits: [{ span, newText: ref }] };
}

/** The innermost mapping node whose range starts at or contains an offset. */
function mapAt(n: unknown, offset: number): YAMLMap<Node, Node | null> | undefined {
  let found: YAMLMap<Node, Node | null> | undefined;
  const walk = (x: unknown): void => {
    const r = (x as Node | null)?.range;
    if (!r || offset < r[0] || offset > r[1]) return;
    if (isMap(x)) {
      found = x as YAMLMap<Node, Node | null>;
      for (const p of x.items as Pair<Node, Node | null>[]) walk(p.value);
    } else if (isSeq(x)) for (const i of x.items) walk(i);
  };
  walk(n);
  return found;
}

/** Where and how to add keys to a mapping: before its first key, separated as the mapping is written; inside the braces of an empty `{}`. */
function insertKeys(idx: FileIndex, map: YAMLMap<Node, Node | null>, entries: string[]): TextEdit | undefined {
  if (entries.length === 0) return undefined;
  if (map.items.length === 0 && map.flow && map.range && idx.text[map.range[0]] === '{') {
    const close = idx.text.indexOf('}', map.range[0]);
    if (close < 0) return undefined;
    return { span: { start: map.range[0] + 1, end: close }, newText: ` ${entries.join(', ')} ` };
  }
  const first = (map.items[0] as Pair<Node, Node | null> | undefined)?.key?.range;
  if (!first) return undefined;
  const lineStart = idx.text.lastIndexOf('\n', first[0] - 1) + 1;
  const sep = map.flow ? ', ' : `\n${idx.text.slice(lineStart, first[0]).replace(/[^\s]/g, ' ')}`;
  return { span: { start: first[0], end: first[0] }, newText: entries.map((e) => e + sep).join('') };
}

/** A key or a string as YAML reads it back: plain when that is safe, else in double quotes. */
function yamlString(s: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(s) && !YAML_WORDS.test(s) ? s : JSON.stringify(s);
}

/**
 * A value to fill in that fits a field's schema where one is easy to name (the first enum
 * value, `""`, the minimum or 0, `false`, `[]`, `{}`), so that adding a field fixes the
 * diagnostic instead of trading it for a type error; `null` when there is none.
 */
function placeholder(s: Schema | undefined, env: SchemaEnv): string {
  const d = deref(s, env);
  if (!isObj(d)) return 'null';
  if ('const' in d) return JSON.stringify(d.const);
  const values = enumValues(d, env);
  if (values.length > 0) return typeof values[0] === 'string' ? yamlString(values[0]) : JSON.stringify(values[0]);
  const type = Array.isArray(d.type) ? (d.type as unknown[]).find((t) => t !== 'null') : d.type;
  if (type === 'string') return typeof d.minLength === 'number' && d.minLength > 0 ? 'null' : '""';
  if (type === 'integer' || type === 'number') return typeof d.minimum === 'number' && d.minimum > 0 ? String(d.minimum) : '0';
  if (type === 'boolean') return 'false';
  if (type === 'array') return '[]';
  if (type === 'object' || isObj(d.properties)) return '{}';
  return 'null';
}

/** The keys from the document's root to a mapping node. */
function keyPathOf(root: unknown, target: Node): string[] | undefined {
  const walk = (n: unknown, path: string[]): string[] | undefined => {
    if (n === target) return path;
    if (isMap(n)) {
      for (const p of n.items as Pair<Node, Node | null>[]) {
        const found = walk(p.value, [...path, String((p.key as { value?: unknown } | null)?.value)]);
        if (found) return found;
      }
    } else if (isSeq(n)) {
      for (const [i, item] of n.items.entries()) {
        const found = walk(item, [...path, String(i)]);
        if (found) return found;
      }
    }
    return undefined;
  };
  return walk(root, []);
}

/**
 * Adds the missing required fields to the mapping a diagnostic points at: each with the
 * reference the checker found to fit it (`fill`, `triage: $steps.triage.output`), else a
 * value that fits its schema where one is easy to name.
 */
export function addMissingFields(ix: LanguageIndex, file: string, range: Span, missing: readonly string[], fill: Readonly<Record<string, string>> = {}): Fix | undefined {
  const idx = ix.get(file);
  if (!idx) return undefined;
  // Only a mapping written right there (or the value of the key the range names): a
  // reference (`$steps.x.output`) cannot take fields.
  let map = mapAt(idx.doc.contents, range.start);
  if (map && map.range?.[0] !== range.start) {
    const pair = (map.items as Pair<Node, Node | null>[]).find((p) => p.key?.range?.[0] === range.start);
    map = isMap(pair?.value) ? (pair.value as YAMLMap<Node, Node | null>) : undefined;
  }
  if (!map || missing.length === 0) return undefined;
  const path = keyPathOf(idx.doc.contents, map);
  const fields = new Map((path ? expectedFields(ix, file, path) : []).map((f) => [f.name, f]));
  const edit = insertKeys(
    idx,
    map,
    missing.map((m) => {
      const f = fields.get(m);
      const ref = Object.hasOwn(fill, m) ? fill[m] : undefined;
      return `${yamlString(m)}: ${ref ?? (f ? placeholder(f.schema, f.env) : 'null')}`;
    }),
  );
  if (!edit) return undefined;
  const named = (m: string): string => (Object.hasOwn(fill, m) ? `'${m}: ${fill[m]}'` : `'${m}'`);
  const title = missing.length === 1 ? `Add the missing field ${named(missing[0]!)}` : `Add the missing fields ${missing.map(named).join(', ')}`;
  return { title, kind: 'quickfix', preferred: true, edits: [edit] };
}

function get(map: YAMLMap<Node, Node | null>, key: string): Pair<Node, Node | null> | undefined {
  return (map.items as Pair<Node, Node | null>[]).find((p) => isScalar(p.key) && p.key.value === key);
}

/** Adds `additionalProperties: false` and makes every property required, in every object schema of a contract. */
export function makeStrict(idx: FileIndex, contract: string): Fix | undefined {
  const contracts = isMap(idx.doc.contents) ? get(idx.doc.contents as YAMLMap<Node, Node | null>, 'contracts')?.value : undefined;
  const entry = isMap(contracts) ? get(contracts as YAMLMap<Node, Node | null>, contract)?.value : undefined;
  const schema = isMap(entry) ? get(entry as YAMLMap<Node, Node | null>, 'schema')?.value : undefined;
  const edits: TextEdit[] = [];
  const visit = (n: unknown): void => {
    if (isSeq(n)) return n.items.forEach(visit);
    if (!isMap(n)) return;
    const m = n as YAMLMap<Node, Node | null>;
    const props = get(m, 'properties')?.value;
    const type = get(m, 'type')?.value;
    const isObject = isMap(props) || (isScalar(type) && type.value === 'object') || (isSeq(type) && type.items.some((t) => isScalar(t) && t.value === 'object'));
    if (isObject) {
      const names = isMap(props) ? (props.items as Pair<Node, Node | null>[]).map((p) => String((p.key as { value?: unknown }).value)) : [];
      const add: string[] = [];
      // additionalProperties: absent is added; any other value than false (true, a schema) becomes false.
      const extra = get(m, 'additionalProperties');
      if (!extra) add.push('additionalProperties: false');
      else if (extra.value && !(isScalar(extra.value) && extra.value.value === false) && extra.value.range) edits.push({ span: { start: extra.value.range[0], end: extra.value.range[1] }, newText: 'false' });
      const req = get(m, 'required')?.value;
      const list = `[${names.map(yamlString).join(', ')}]`;
      const have = isSeq(req) ? req.items.map((i) => String((i as { value?: unknown }).value)) : undefined;
      if (!req && names.length > 0) add.push(`required: ${list}`);
      else if (req && (!have || names.some((x) => !have.includes(x))) && req.range) edits.push({ span: { start: req.range[0], end: req.range[1] }, newText: list });
      const ins = insertKeys(idx, m, add);
      if (ins) edits.push(ins);
      if (isMap(props)) for (const p of props.items as Pair<Node, Node | null>[]) visit(p.value);
    }
    for (const k of ['items', 'anyOf', 'oneOf', 'allOf', '$defs']) {
      const v = get(m, k)?.value;
      if (k === '$defs' && isMap(v)) (v.items as Pair<Node, Node | null>[]).forEach((p) => visit(p.value));
      else visit(v);
    }
  };
  visit(schema);
  if (edits.length === 0) return undefined;
  return { title: `Make '${contract}' strict-compatible (no extra properties, every property required)`, kind: 'quickfix', edits };
}

/** Pins a contract reference to the current version, or unpins a pinned one. */
export function pinOrUnpin(ix: LanguageIndex, ref: SymbolRef): Fix | undefined {
  if (ref.kind !== 'contract' || !ref.full) return undefined;
  if (ref.version !== undefined) {
    return { title: `Unpin: use the current version of '${ref.name}'`, kind: 'refactor.rewrite', edits: [{ span: ref.full, newText: ref.name }] };
  }
  const c = contractInfo(ix, ref.name, ref.file);
  if (!c) return undefined;
  return { title: `Pin to '${ref.name}@${c.currentVersion}'`, kind: 'refactor.rewrite', edits: [{ span: ref.full, newText: `${ref.name}@${c.currentVersion}` }] };
}

/** The required fields of its output contract that an agent's `fallback:` mapping (at an offset) lacks. */
export function missingFallbackFields(ix: LanguageIndex, file: string, offset: number): string[] {
  const idx = ix.get(file);
  const agent = idx?.defs.find((d) => d.kind === 'agent' && d.entry.start <= offset && offset <= d.entry.end);
  if (!idx || !agent) return [];
  const data = defData(ix, agent);
  if (typeof data.output !== 'string' || !isObj(data.fallback)) return [];
  const c = contractInfo(ix, data.output, file);
  const schema = deref(c?.schema, schemaEnv(ix, c?.def.file ?? file));
  const required = isObj(schema) && Array.isArray(schema.required) ? (schema.required as unknown[]).filter((r): r is string => typeof r === 'string') : [];
  const have = data.fallback;
  return required.filter((r) => !(r in have));
}

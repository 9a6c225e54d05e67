/**
 * Completion items as plain data: format keys where they fit; contract, agent, workflow,
 * model, worker and step names; after `$steps.` the step names and after `.output.` the
 * fields of the step's output contract, level by level; JSON Schema keywords inside
 * `schema:`; enum values where a value of an enum is expected (fallbacks, `when`).
 * Items come in the order they rank: contract names of this file and its imports before
 * the pinned `Name@version` forms. A space (a trigger character, so that the list opens by
 * itself after `input: `) asks only where a value or list item starts: elsewhere it gets
 * nothing, so that typing prose or indentation opens no list.
 */
import { completionContext, type CompletionContext } from './completionContext';
import { JSON_TYPES, PATTERNS, PROVIDERS, SCHEMA_KEYWORDS, STRING_FORMATS, formatKeysAt, keyDoc, schemaPlace } from './formatKeys';
import { LineIndex, type Span } from './lineIndex';
import { contractInfo, contractInfoOf, defData, expectedFields, referenceType, schemaEnv } from './resolveData';
import { deref, enumValues, fieldsOf, isObj, schemaAt, type Schema, type SchemaEnv } from './schemaNav';
import type { SymbolDef, SymbolKind } from './symbols';
import { typeText } from './typeText';
import { YAML_WORDS, type LanguageIndex } from './workspaceIndex';

export type ItemKind = 'key' | 'keyword' | 'contract' | 'agent' | 'workflow' | 'model' | 'step' | 'field' | 'value' | 'reference';

export interface CompletionItemData {
  readonly label: string;
  readonly kind: ItemKind;
  readonly detail?: string;
  readonly documentation?: string;
  /** Text to insert (default: the label). */
  readonly insertText?: string;
  /** What the item replaces. */
  readonly replace: Span;
  /** Ask for completion again after inserting (a key whose value is a name, `$steps.`). */
  readonly retrigger?: boolean;
  /** What the editor matches the typed text against, when `replace` begins before the word typed (default: the label). */
  readonly filterText?: string;
}

const NAME_VALUES: Record<string, Exclude<SymbolKind, 'step'>[]> = {
  input: ['contract'], output: ['contract'], model: ['model'], agent: ['agent'], supervisor: ['agent'],
  planner: ['agent'], critic: ['agent'], workflow: ['workflow'],
};

/**
 * The items at an offset. `trigger` is the character whose typing asked for them, if one
 * did: a space asks only right after `key: `, `[`, `, ` or `- `, with nothing typed yet.
 */
export function completeAt(ix: LanguageIndex, file: string, offset: number, trigger?: string): CompletionItemData[] {
  const idx = ix.get(file);
  if (!idx) return [];
  const ctx = completionContext(new LineIndex(idx.text), offset);
  if (trigger === ' ' && !valueStart(ctx, idx.text, offset)) return [];
  const wordSpan: Span = { start: ctx.word.start, end: offset };
  const items: CompletionItemData[] = [];
  const push = (label: string, kind: ItemKind, extra: Partial<CompletionItemData> = {}): void => {
    items.push({ label, kind, replace: wordSpan, ...extra });
  };
  // Names of this file, then of its imports (nearest first); a contract's pinned forms after every name, so that imported contracts are not pushed out of view by them.
  const names = (kinds: Exclude<SymbolKind, 'step'>[]): void => {
    const pinned: { name: string; version: number }[] = [];
    for (const k of kinds) {
      for (const d of ix.visibleDefs(file, k)) {
        push(d.name, k, { detail: k });
        if (k === 'contract') for (const version of pinnableVersions(ix, d, file)) pinned.push({ name: d.name, version });
      }
    }
    for (const { name, version } of pinned) push(`${name}@${version}`, 'contract', { detail: `contract, pinned to version ${version}` });
  };
  const { path } = ctx;
  const [section, entry, sub, subName] = path;
  const last = path[path.length - 1];
  const wf = section === 'workflows' ? entry : undefined;

  // `{{path}}` in an agent's instructions (a block scalar's lines read as keys here): the input contract's fields.
  const template = section === 'agents' && path.includes('instructions') ? /\{\{\s*([A-Za-z0-9_.-]*)$/.exec(ctx.prefix) : null;
  if (template && entry !== undefined) {
    const typed = template[1] as string;
    const dot = typed.lastIndexOf('.');
    const input = defData(ix, { kind: 'agent', name: entry, file, key: wordSpan, entry: wordSpan }).input;
    const c = typeof input === 'string' ? contractInfo(ix, input, file) : undefined;
    const env = schemaEnv(ix, c?.def.file ?? file);
    const at = schemaAt(c?.schema, dot < 0 ? [] : typed.slice(0, dot).split('.'), env);
    for (const f of fieldsOf(at, env)) push(f.name, 'field', { replace: { start: offset - (typed.length - dot - 1), end: offset }, detail: typeText(f.schema) });
    return items;
  }

  if (ctx.position === 'key') {
    const pattern = wf !== undefined ? (defData(ix, { kind: 'workflow', name: wf, file, key: wordSpan, entry: wordSpan }).pattern as string | undefined) : undefined;
    const keys = formatKeysAt(path, pattern);
    if (keys) for (const k of keys) push(k, 'key', { insertText: `${k}: `, retrigger: k in NAME_VALUES || k === 'pattern', ...(keyDoc(k) ? { detail: keyDoc(k) } : {}) });
    else if (schemaPlace(path) === 'schema') for (const k of SCHEMA_KEYWORDS) push(k, 'keyword', { insertText: `${k}: `, detail: 'JSON Schema' });
    else for (const f of expectedFields(ix, file, path)) push(f.name, 'field', { insertText: `${f.name}: `, detail: `${f.required ? '' : 'optional '}${typeText(f.schema)}` });
    return items;
  }

  // Values and list items.
  if (ctx.position === 'item' && last === 'workers' && path.length === 3 && wf !== undefined) names(['agent', 'workflow']);
  else if (ctx.position === 'item' && last === 'after' && wf !== undefined) stepNames(ix, file, wf, sub === 'steps' ? subName : undefined).forEach((s) => push(s, 'step', { detail: 'step' }));
  else if (ctx.position === 'item' && last === 'imports') return items;
  else if (ctx.prefix.includes('$') && wf !== undefined) referenceItems(ix, file, wf, ctx, offset, push);
  else if (last === 'when' && wf !== undefined) referenceItems(ix, file, wf, ctx, offset, push);
  else if (last === 'type' && schemaPlace(path.slice(0, -1)) === 'schema') JSON_TYPES.forEach((t) => push(t, 'value'));
  else if (last === 'format' && schemaPlace(path.slice(0, -1)) === 'schema') STRING_FORMATS.forEach((t) => push(t, 'value'));
  else if (last === '$ref' && schemaPlace(path.slice(0, -1)) === 'schema') {
    const typed = /[^"'\s]*$/.exec(ctx.prefix)?.[0] ?? '';
    const start = offset - typed.length;
    // Unquoted, `#` starts a YAML comment: the reference goes in quotes unless one is open.
    const quoted = /["']$/.test(ctx.prefix.slice(0, ctx.prefix.length - typed.length));
    for (const d of ix.visibleDefs(file, 'contract')) {
      const ref = `#/contracts/${d.name}`;
      push(ref, 'contract', { replace: { start, end: offset }, ...(quoted ? {} : { insertText: JSON.stringify(ref) }) });
    }
  } else if (last === 'pattern' && path.length === 3) PATTERNS.forEach((p) => push(p, 'value'));
  else if (last === 'provider' && section === 'models') PROVIDERS.forEach((p) => push(p, 'value'));
  else if (last === 'handoff' && path.length === 1) push('1', 'value');
  else if (last !== undefined && NAME_VALUES[last] && takesName(path) && !(last === 'input' && section === 'workflows' && sub === 'steps')) {
    names(NAME_VALUES[last] as Exclude<SymbolKind, 'step'>[]);
    if (last === 'model') push('default', 'model', { detail: 'the profile settings supply' });
  } else if (section === 'agents' && sub === 'fallback' && entry !== undefined) {
    const out = defData(ix, { kind: 'agent', name: entry, file, key: wordSpan, entry: wordSpan }).output;
    const c = typeof out === 'string' ? contractInfo(ix, out, file) : undefined;
    const env = schemaEnv(ix, c?.def.file ?? file);
    valueItems(schemaAt(c?.schema, path.slice(3), env), env, ctx, offset, push);
  }
  return items;
}

/**
 * A visible contract's versions, read from its definition in hand: looking each name up again
 * (the import walk, a search of the file) made completion quadratic in the contracts seen. A
 * name with `@` (not a valid name) is read as a pinned reference, as a lookup of it does.
 */
function pinnableVersions(ix: LanguageIndex, d: SymbolDef, file: string): number[] {
  return (d.name.includes('@') ? contractInfo(ix, d.name, file) : contractInfoOf(ix, d))?.versions ?? [];
}

/** Whether the value at a path is a format key's that names a definition (not a field of a fallback, a schema or a step input that happens to be called `input`, nor a profile's provider-side `model`). */
function takesName(path: readonly string[]): boolean {
  const key = path[path.length - 1] as string;
  return path[0] !== 'models' && (formatKeysAt(path.slice(0, -1))?.includes(key) ?? false);
}

/**
 * Where a typed space asks for completion: right after `key: ` (a value's start) or after
 * `[`, `, ` or `- ` (a list item's start), with nothing typed yet and no word after the cursor.
 */
function valueStart(ctx: CompletionContext, text: string, offset: number): boolean {
  if (ctx.prefix !== '' || ctx.word.end !== offset || text[offset - 1] !== ' ') return false;
  const before = text[offset - 2];
  return ctx.position === 'value' ? before === ':' : ctx.position === 'item' && (before === ',' || before === '[' || before === '-');
}

function stepNames(ix: LanguageIndex, file: string, wf: string, except?: string): string[] {
  return (ix.get(file)?.defs ?? []).filter((d) => d.kind === 'step' && d.workflow === wf && d.name !== except).map((d) => d.name);
}

/** A string YAML reads back as the same string when written plain (not null, a boolean, a number, a comment or a mapping). */
function plainYamlString(v: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(v) && !YAML_WORDS.test(v);
}

/**
 * Enum values (and booleans) for a value whose schema has them. In a YAML value (`expr`
 * false) a string is written plain when YAML reads it back as the same string, else in
 * quotes. In a `when:` condition (`expr` true) a string is a quoted literal of the condition
 * language, in the quote the YAML scalar around it does not use.
 */
function valueItems(s: Schema | undefined, env: SchemaEnv, ctx: CompletionContext, offset: number, push: (l: string, k: ItemKind, e?: Partial<CompletionItemData>) => void, expr = false, text?: string): void {
  const open = /["']$/.test(ctx.prefix.replace(/[A-Za-z0-9_-]*$/, ''));
  // The YAML scalar around a condition: a literal inside it is written in its escapes too.
  const yamlQuote = /^["']/.exec(ctx.prefix.trimStart())?.[0];
  const q = yamlQuote === '"' ? "'" : '"';
  const inYaml = (t: string): string => (yamlQuote === '"' ? t.replace(/\\/g, '\\\\').replace(/"/g, '\\"') : yamlQuote === "'" ? t.replace(/'/g, "''") : t);
  const literal = (v: string): string => inYaml(`${q}${v.replace(/\\/g, '\\\\').replaceAll(q, `\\${q}`)}${q}`);
  const d = deref(s, env);
  const values = enumValues(s, env);
  if (isObj(d) && d.type === 'boolean') values.push(true, false);
  const typed = /[A-Za-z0-9_-]*$/.exec(ctx.prefix)?.[0].length ?? 0;
  // A plain condition that ends the line can be quoted whole when a literal needs it.
  const lineEnd = text === undefined ? -1 : text.indexOf('\n', ctx.word.end);
  const requotable = expr && !yamlQuote && !open && text !== undefined && !ctx.prefix.includes('\n') && /^[ \t]*$/.test(text.slice(ctx.word.end, lineEnd < 0 ? text.length : lineEnd).replace(/\r$/, ''));
  for (const v of values) {
    const label = typeof v === 'string' ? v : JSON.stringify(v);
    const replace = { start: offset - typed, end: offset };
    if (typeof v === 'string' && requotable && /[:#]/.test(v)) {
      // In a plain scalar `: ` and ` #` end the condition: write it all in single quotes.
      const condition = ctx.prefix.trimStart();
      const start = offset - condition.length;
      const whole = `${condition.slice(0, condition.length - typed)}${q}${v.replace(/\\/g, '\\\\').replaceAll(q, `\\${q}`)}${q}`;
      push(label, 'value', { insertText: `'${whole.replace(/'/g, "''")}'`, filterText: `${condition.slice(0, condition.length - typed)}${v}`, detail: 'enum value', replace: { start, end: ctx.word.end } });
      continue;
    }
    const insert = typeof v !== 'string' ? JSON.stringify(v) : open ? v : expr ? literal(v) : plainYamlString(v) ? v : JSON.stringify(v);
    push(label, 'value', { insertText: insert, detail: 'enum value', replace });
  }
}

/** `$…` references: roots, step names, `output`, then contract fields level by level; enum values after a comparison. */
function referenceItems(ix: LanguageIndex, file: string, wf: string, ctx: CompletionContext, offset: number, push: (l: string, k: ItemKind, e?: Partial<CompletionItemData>) => void): void {
  const step = ctx.path[1] === wf && ctx.path[2] === 'steps' ? ctx.path[3] : undefined;
  const compare = /(\$[A-Za-z0-9_.-]+)\s*(?:==|!=|not in|in)\s*\[?\s*(?:["'][^"']*["']\s*,\s*)*["']?[A-Za-z0-9_-]*$/.exec(ctx.prefix);
  if (compare) {
    const t = referenceType(ix, file, wf, compare[1] as string);
    if (t) valueItems(t.schema, t.env, ctx, offset, push, true, ix.get(file)?.text);
    return;
  }
  const m = /\$([A-Za-z0-9_.-]*)$/.exec(ctx.prefix);
  if (!m) return;
  const typed = m[1] as string;
  const dot = typed.lastIndexOf('.');
  const head = dot < 0 ? '' : typed.slice(0, dot);
  const replace = { start: offset - (typed.length - dot - 1), end: offset };
  if (dot < 0) {
    const start = offset - typed.length - 1;
    push('$input', 'reference', { replace: { start, end: offset }, detail: 'the workflow input' });
    push('$steps.', 'reference', { replace: { start, end: offset }, retrigger: true, detail: 'the output of a step' });
    return;
  }
  if (head === 'steps') {
    for (const s of stepNames(ix, file, wf, step)) push(s, 'step', { replace, insertText: `${s}.output`, detail: 'step' });
    return;
  }
  if (/^steps\.[A-Za-z0-9_-]+$/.test(head)) {
    push('output', 'reference', { replace, retrigger: true });
    return;
  }
  const t = referenceType(ix, file, wf, `$${head}`);
  if (!t) return;
  for (const f of fieldsOf(t.schema, t.env)) {
    push(f.name, 'field', { replace, detail: `${f.required ? '' : 'optional '}${typeText(f.schema)}`, ...(f.description ? { documentation: f.description } : {}) });
  }
}

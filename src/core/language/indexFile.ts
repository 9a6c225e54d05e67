/**
 * Indexes one definition file from its text: the definitions (keys), the references
 * (values that name something), the `$` reference expressions and the plain data. Built
 * on `yaml`'s parseDocument, which keeps node ranges, so it works on any file that parses,
 * even one the checker rejects.
 */
import { isReferenceText } from '../expr/reference';
import { importProblem } from '../model/imports';
import { Document, isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import { parseDefinitionText } from '../parse/document';
import { toJs } from '../parse/toJs';
import type { Span } from './lineIndex';
import type { ExprRef, RefKind, SymbolDef, SymbolKind, SymbolRef } from './symbols';

export interface FileIndex {
  readonly file: string;
  readonly text: string;
  readonly doc: Document;
  /** The file as plain data (`{}` when it does not parse to a mapping). */
  readonly data: Record<string, unknown>;
  readonly defs: SymbolDef[];
  readonly refs: SymbolRef[];
  readonly exprs: ExprRef[];
  /** The `imports:` entries as written. */
  readonly imports: string[];
  /** Where each `imports:` entry is written (its text, without quotes), for links. */
  readonly importSpans: { readonly path: string; readonly span: Span }[];
}

const SECTION_KIND: Record<string, SymbolKind> = { models: 'model', contracts: 'contract', agents: 'agent', workflows: 'workflow' };
const CONTRACT_REF = /^([A-Za-z_][A-Za-z0-9_-]*)(?:@([1-9][0-9]*))?$/;
const SCHEMA_REF = /^#\/contracts\/([A-Za-z_][A-Za-z0-9_-]*)(?:@([1-9][0-9]*))?$/;
const STEP_IN_TEXT = /(?<!\$)\$steps\.([A-Za-z_][A-Za-z0-9_-]*)/g;
const EXPR_IN_TEXT = /(?<!\$)\$(?:input|steps\.[A-Za-z_][A-Za-z0-9_-]*\.output)(?:\.[A-Za-z0-9_-]+)*/g;

/**
 * A condition's source (a YAML scalar as written) with the insides of its string literals
 * blanked, same length: the quotes of the YAML scalar itself are kept as they are.
 */
function maskLiterals(raw: string): string {
  const outer = raw[0] === '"' || raw[0] === "'" ? raw[0] : undefined;
  const body = outer ? raw.slice(1, raw.endsWith(outer) && raw.length > 1 ? -1 : undefined) : raw;
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (quote) {
      if (c === '\\' && i + 1 < body.length) {
        out += '  ';
        i++;
      } else if (c === quote) {
        quote = undefined;
        out += c;
      } else out += ' ';
    } else {
      if (c === '"' || c === "'") quote = c;
      out += c;
    }
  }
  return outer ? `${outer}${out}${raw.slice(1 + body.length)}` : out;
}

export function nodeSpan(n: Node | null | undefined): Span | undefined {
  const r = n?.range;
  return r ? { start: r[0], end: r[1] } : undefined;
}

function pairsOf(n: unknown): Pair<Node, Node | null>[] {
  return isMap(n) ? (n.items as Pair<Node, Node | null>[]) : [];
}

function keyText(p: Pair<Node, Node | null>): string | undefined {
  return isScalar(p.key) ? String(p.key.value) : undefined;
}

function pairGet(n: unknown, key: string): Node | null | undefined {
  return pairsOf(n).find((p) => keyText(p) === key)?.value;
}

export function indexFile(file: string, text: string): FileIndex {
  // The core parser: it refuses files too large or nested too deep for the YAML parser
  // (which could take the extension host down), and builds the data safely.
  const parsed = parseDefinitionText(text);
  const doc = parsed.doc ?? new Document(null);
  let value: unknown = parsed.value;
  if ((value === null || value === undefined) && parsed.doc) {
    // A half-typed file (what completion sees) has syntax errors: read what the parser recovered.
    try {
      value = toJs(parsed.doc, []);
    } catch {
      value = undefined;
    }
  }
  const data: Record<string, unknown> = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const out: FileIndex = { file, text, doc, data, defs: [], refs: [], exprs: [], imports: [], importSpans: [] };

  /** A scalar that names something: the name's exact characters inside the (maybe quoted) source. */
  const nameRef = (node: Node | null | undefined, kind: RefKind, workflow?: string): void => {
    if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return;
    const value = node.value;
    const m = kind === 'contract' ? CONTRACT_REF.exec(value) : /^[A-Za-z_][A-Za-z0-9_-]*$/.exec(value);
    if (!m) return;
    const name = m[1] ?? m[0];
    const raw = text.slice(node.range[0], node.range[1]);
    // In a double-quoted scalar with a backslash the name's characters may be escapes ("\x78"
    // is x: the x found there is part of the escape), so the reference is the whole scalar.
    const at = node.type === 'QUOTE_DOUBLE' && raw.includes('\\') ? -1 : raw.indexOf(value);
    if (at < 0) {
      // Written with escapes: the reference is the whole scalar (the checker and the engine read its value).
      const whole = { start: node.range[0], end: node.range[1] };
      out.refs.push({ kind, name, file, span: whole, escaped: true, ...(workflow !== undefined ? { workflow } : {}), ...(kind === 'contract' ? { full: whole, ...(m[2] ? { version: Number(m[2]) } : {}) } : {}) });
      return;
    }
    const start = node.range[0] + at;
    out.refs.push({
      kind, name, file, span: { start, end: start + name.length },
      ...(workflow !== undefined ? { workflow } : {}),
      ...(kind === 'contract' ? { full: { start, end: start + value.length }, ...(m[2] ? { version: Number(m[2]) } : {}) } : {}),
    });
  };

  const def = (kind: SymbolKind, p: Pair<Node, Node | null>, workflow?: string): string | undefined => {
    const name = keyText(p);
    const key = nodeSpan(p.key);
    if (name === undefined || !key) return undefined;
    const valueEnd = p.value?.range?.[1] ?? key.end;
    out.defs.push({ kind, name, file, key, entry: { start: key.start, end: Math.max(valueEnd, key.end) }, ...(workflow !== undefined ? { workflow } : {}) });
    return name;
  };

  /**
   * Every string scalar under a node: `$steps.x` parts become step references, `$…`
   * expressions are kept for hover. A value (`input`, `result`) is a reference only when the
   * whole string is one, as the engine reads it (`"see $steps.s.output"` is text); in a `when:`
   * condition, what is inside its string literals is text too.
   */
  const scanStrings = (n: unknown, workflow: string, step: string | undefined, condition: boolean): void => {
    if (isScalar(n) && typeof n.value === 'string' && n.range) {
      if (!condition && !isReferenceText(n.value)) return;
      const raw = text.slice(n.range[0], n.range[1]);
      const src = condition ? maskLiterals(raw) : raw;
      for (const m of src.matchAll(STEP_IN_TEXT)) {
        const start = n.range[0] + (m.index ?? 0) + '$steps.'.length;
        out.refs.push({ kind: 'step', name: m[1] as string, file, workflow, span: { start, end: start + (m[1] as string).length } });
      }
      for (const m of src.matchAll(EXPR_IN_TEXT)) {
        const start = n.range[0] + (m.index ?? 0);
        out.exprs.push({ text: m[0], span: { start, end: start + m[0].length }, workflow, ...(step !== undefined ? { step } : {}) });
      }
    } else if (isMap(n)) {
      for (const p of pairsOf(n)) scanStrings(p.value, workflow, step, condition);
    } else if (isSeq(n)) {
      for (const item of n.items) scanStrings(item, workflow, step, condition);
    }
  };

  const scanSchemaRefs = (n: unknown): void => {
    if (isMap(n)) {
      for (const p of pairsOf(n)) {
        if (keyText(p) === '$ref' && isScalar(p.value) && typeof p.value.value === 'string' && p.value.range) {
          const m = SCHEMA_REF.exec(p.value.value);
          const at = text.slice(p.value.range[0], p.value.range[1]).indexOf(p.value.value);
          if (m && at >= 0) {
            const start = p.value.range[0] + at + '#/contracts/'.length;
            const name = m[1] as string;
            const full = { start, end: start + name.length + (m[2] ? m[2].length + 1 : 0) };
            out.refs.push({ kind: 'contract', name, file, span: { start, end: start + name.length }, full, ...(m[2] ? { version: Number(m[2]) } : {}) });
          }
        } else scanSchemaRefs(p.value);
      }
    } else if (isSeq(n)) for (const item of n.items) scanSchemaRefs(item);
  };

  for (const section of pairsOf(doc.contents)) {
    const sectionName = keyText(section);
    if (sectionName === 'imports' && isSeq(section.value)) {
      for (const item of section.value.items) {
        if (!isScalar(item) || typeof item.value !== 'string' || importProblem(item.value)) continue;
        out.imports.push(item.value);
        const at = item.range ? text.slice(item.range[0], item.range[1]).indexOf(item.value) : -1;
        if (item.range && at >= 0) out.importSpans.push({ path: item.value, span: { start: item.range[0] + at, end: item.range[0] + at + item.value.length } });
      }
      continue;
    }
    const kind = sectionName !== undefined ? SECTION_KIND[sectionName] : undefined;
    if (!kind) continue;
    for (const entry of pairsOf(section.value)) {
      const name = def(kind, entry);
      if (name === undefined) continue;
      const body = entry.value;
      if (kind === 'contract') scanSchemaRefs(body);
      if (kind === 'agent') {
        nameRef(pairGet(body, 'model'), 'model');
        nameRef(pairGet(body, 'input'), 'contract');
        nameRef(pairGet(body, 'output'), 'contract');
        nameRef(pairGet(pairGet(body, 'reflect'), 'critic'), 'agent');
      }
      if (kind === 'workflow') indexWorkflow(name, body);
    }
  }

  function indexWorkflow(wf: string, body: Node | null | undefined): void {
    nameRef(pairGet(body, 'input'), 'contract');
    nameRef(pairGet(body, 'output'), 'contract');
    nameRef(pairGet(body, 'supervisor'), 'agent');
    nameRef(pairGet(body, 'planner'), 'agent');
    const workers = pairGet(body, 'workers');
    if (isSeq(workers)) for (const w of workers.items) nameRef(w as Node, 'worker');
    for (const stepPair of pairsOf(pairGet(body, 'steps'))) {
      const step = def('step', stepPair, wf);
      if (step === undefined) continue;
      const s = stepPair.value;
      nameRef(pairGet(s, 'agent'), 'agent');
      nameRef(pairGet(s, 'workflow'), 'workflow');
      const after = pairGet(s, 'after');
      if (isSeq(after)) for (const a of after.items) nameRef(a as Node, 'step', wf);
      scanStrings(pairGet(s, 'input'), wf, step, false);
      scanStrings(pairGet(s, 'when'), wf, step, true);
    }
    scanStrings(pairGet(body, 'result'), wf, undefined, false);
  }

  return out;
}

/**
 * Parsing one definition file: YAML 1.2 (core schema) into a node tree that keeps every
 * node's offsets, plus the plain data built from it, plus the syntax problems found.
 */
import { parseDocument, type Document, type YAMLParseError } from 'yaml';
import { duplicateKeyErrors } from './duplicateKeys';
import { LineIndex } from './lineIndex';
import { toJs, type NodeProblem } from './toJs';

/** Files larger than this are refused with a clear error instead of being parsed. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** The most syntax problems reported for one file. */
export const MAX_SYNTAX_PROBLEMS = 20;

export interface OffsetProblem {
  readonly start: number;
  readonly end: number;
  readonly message: string;
  readonly code: 'syntax' | 'format';
}

export interface ParsedFile {
  readonly text: string;
  readonly lines: LineIndex;
  /** Undefined when the file was refused (too large). */
  readonly doc: Document | undefined;
  /** The plain data of the document; null when it does not parse. */
  readonly value: unknown;
  readonly problems: readonly OffsetProblem[];
}

function nodeProblem(p: NodeProblem): OffsetProblem {
  const r = p.node.range ?? [0, 0, 0];
  return { start: r[0], end: Math.max(r[1], r[0]), message: p.message, code: p.code };
}

/** Documents nesting deeper than this are refused before the YAML parser sees them. */
export const MAX_NESTING = 500;

/**
 * An over-estimate of how deep a document nests: open flow brackets outside quotes, plus the
 * indentation and `- ` prefixes of a line. The YAML parser recurses per level, and near the
 * stack's end V8 may abort the whole process instead of throwing, so absurd nesting is
 * refused up front. Returns the offset where the limit is passed, or -1.
 */
function tooDeep(text: string): number {
  let flow = 0;
  let quote = '';
  let lineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '\n') {
      lineStart = true;
      indent = 0;
      if (quote === "'") quote = '';
      continue;
    }
    if (quote !== '') {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (lineStart && (c === ' ' || c === '-' || c === '\t')) indent++;
    else lineStart = false;
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1] as string))) {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') flow++;
    else if ((c === ']' || c === '}') && flow > 0) flow--;
    if (flow + indent > MAX_NESTING) return i;
  }
  return -1;
}

/**
 * `errors` with the duplicate-key errors where `yaml` reports them among its own. It reports
 * as it reads: after the errors that start before the key and those of reading the key, before
 * the errors about what follows the key (`MISSING_CHAR` for a key without `:` and
 * `KEY_OVER_1024_CHARS` start where the key does) and those that start after it. A missing
 * `---` after a directive is reported once the whole document is read.
 */
function inReadingOrder(errors: readonly YAMLParseError[], duplicates: readonly YAMLParseError[]): YAMLParseError[] {
  const later = (e: YAMLParseError, at: number): boolean =>
    e.pos[0] > at || (e.pos[0] === at && (e.code === 'KEY_OVER_1024_CHARS' || (e.code === 'MISSING_CHAR' && e.message.includes('followed by map values')))) || e.message.startsWith('Missing directives-end');
  const out: YAMLParseError[] = [];
  let j = 0;
  for (const e of errors) {
    for (; j < duplicates.length && later(e, (duplicates[j] as YAMLParseError).pos[0]); j++) out.push(duplicates[j] as YAMLParseError);
    out.push(e);
  }
  return [...out, ...duplicates.slice(j)];
}

export function parseDefinitionText(text: string): ParsedFile {
  const lines = new LineIndex(text);
  if (text.length > MAX_FILE_BYTES) {
    const message = `the file is larger than ${MAX_FILE_BYTES / 1024} KiB; split it and use imports`;
    return { text, lines, doc: undefined, value: null, problems: [{ start: 0, end: 0, message, code: 'syntax' }] };
  }
  const deep = tooDeep(text);
  if (deep >= 0) {
    const message = `the document nests more than ${MAX_NESTING} levels deep`;
    return { text, lines, doc: undefined, value: null, problems: [{ start: deep, end: deep + 1, message, code: 'syntax' }] };
  }
  const options = {
    version: '1.2',
    schema: 'core',
    merge: false,
    // Duplicate keys are found below in one pass: yaml's check is quadratic in a map's size.
    uniqueKeys: false,
    prettyErrors: false,
    strict: true,
    intAsBigInt: false,
  } as const;
  const doc = parseDocument(text, options);
  const duplicates = duplicateKeyErrors(doc, () => parseDocument(text, { ...options, keepSourceTokens: true }));
  if (duplicates.length > 0) doc.errors = inReadingOrder(doc.errors, duplicates);
  // One problem per message at most, and at most MAX_SYNTAX_PROBLEMS: past the first few,
  // a broken document yields noise (yaml reports a stack overflow on absurd nesting).
  const problems: OffsetProblem[] = [];
  const seen = new Set<string>();
  for (const e of doc.errors) {
    const raw = e.message.split('\n')[0] as string;
    // The yaml library's own advice is for programmers; say what it means here.
    const message = /Maximum call stack/.test(raw)
      ? 'the document nests too deeply to parse'
      : e.code === 'MULTIPLE_DOCS'
        ? 'a definition file holds one YAML document, and a second one starts here (a "---" line or content after "...")'
        : raw;
    if (seen.has(message) || problems.length >= MAX_SYNTAX_PROBLEMS) continue;
    seen.add(message);
    problems.push({ start: e.pos[0], end: Math.max(e.pos[1], e.pos[0]), message, code: 'syntax' });
  }
  if (problems.length > 0) return { text, lines, doc, value: null, problems };
  const nodeProblems: NodeProblem[] = [];
  const value = toJs(doc, nodeProblems);
  return { text, lines, doc, value, problems: nodeProblems.map(nodeProblem) };
}

/**
 * Parsing one definition file: YAML 1.2 (core schema) into a node tree that keeps every
 * node's offsets, plus the plain data built from it, plus the syntax problems found.
 */
import { parseDocument, type Document } from 'yaml';
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

export function parseDefinitionText(text: string): ParsedFile {
  const lines = new LineIndex(text);
  if (text.length > MAX_FILE_BYTES) {
    const message = `the file is larger than ${MAX_FILE_BYTES / 1024} KiB; split it and use imports`;
    return { text, lines, doc: undefined, value: null, problems: [{ start: 0, end: 0, message, code: 'syntax' }] };
  }
  const doc = parseDocument(text, {
    version: '1.2',
    schema: 'core',
    merge: false,
    uniqueKeys: true,
    prettyErrors: false,
    strict: true,
    intAsBigInt: false,
  });
  // One problem per message at most, and at most MAX_SYNTAX_PROBLEMS: past the first few,
  // a broken document yields noise (yaml reports a stack overflow on absurd nesting).
  const problems: OffsetProblem[] = [];
  const seen = new Set<string>();
  for (const e of doc.errors) {
    const raw = e.message.split('\n')[0] as string;
    const message = /Maximum call stack/.test(raw) ? 'the document nests too deeply to parse' : raw;
    if (seen.has(message) || problems.length >= MAX_SYNTAX_PROBLEMS) continue;
    seen.add(message);
    problems.push({ start: e.pos[0], end: Math.max(e.pos[1], e.pos[0]), message, code: 'syntax' });
  }
  if (problems.length > 0) return { text, lines, doc, value: null, problems };
  const nodeProblems: NodeProblem[] = [];
  const value = toJs(doc, nodeProblems);
  return { text, lines, doc, value, problems: nodeProblems.map(nodeProblem) };
}

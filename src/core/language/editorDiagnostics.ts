/**
 * Checker diagnostics (1-based, end exclusive) as the editor shows them (0-based), grouped
 * by file, each with the anchor of its code's documentation in docs/diagnostics.md.
 */
import type { Diagnostic, SourceRange } from '../model/diagnostic';
import type { LineRange } from './lineIndex';

export interface EditorDiagnostic {
  readonly range: LineRange;
  readonly severity: Diagnostic['severity'];
  readonly code: string;
  /** The fragment of the code's section in docs/diagnostics.md. */
  readonly docsAnchor: string;
  readonly message: string;
  readonly related: { file: string; range: LineRange; message: string }[];
  readonly unnecessary: boolean;
  readonly source: Diagnostic;
}

export function toLineRange(r: SourceRange): LineRange {
  const start = { line: Math.max(0, r.start.line - 1), character: Math.max(0, r.start.column - 1) };
  const end = { line: Math.max(0, r.end.line - 1), character: Math.max(0, r.end.column - 1) };
  const after = end.line > start.line || (end.line === start.line && end.character >= start.character);
  return { start, end: after ? end : start };
}

export function toEditorDiagnostic(d: Diagnostic): EditorDiagnostic {
  return {
    range: toLineRange(d.range),
    severity: d.severity,
    code: d.code,
    docsAnchor: d.code,
    message: d.message,
    related: (d.related ?? []).map((r) => ({ file: r.range.file, range: toLineRange(r.range), message: r.message })),
    unnecessary: d.code === 'unused-step',
    source: d,
  };
}

/** Every file's diagnostics; files in `known` with none get an empty list, so stale ones clear. */
export function groupByFile(diags: readonly Diagnostic[], known: Iterable<string>): Map<string, EditorDiagnostic[]> {
  const out = new Map<string, EditorDiagnostic[]>();
  for (const f of known) out.set(f, []);
  const seen = new Set<string>();
  for (const d of diags) {
    const key = `${d.range.file}:${d.range.start.line}:${d.range.start.column}:${d.code}:${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const list = out.get(d.range.file) ?? [];
    list.push(toEditorDiagnostic(d));
    out.set(d.range.file, list);
  }
  return out;
}

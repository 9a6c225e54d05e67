/**
 * What the checker knows about one file on its own: its parse, its format diagnostics, its
 * imports and the names it defines (with the offsets of their keys). Built once per text
 * and cached by the workspace; nothing here depends on other files.
 */
import { dirname, resolve } from 'node:path';
import type { Diagnostic, DiagnosticCode, Severity, SourceRange } from '../model/diagnostic';
import { parseDefinitionText, rangeAtPath, type OffsetRange, type ParsedFile, type Path } from '../parse';
import { checkFormat } from './format';

export type SymbolKind = 'contract' | 'agent' | 'workflow' | 'model';

export interface SymbolDef {
  readonly kind: SymbolKind;
  readonly name: string;
  readonly file: string;
  /** The definition's value as written (format-checked where it passed, defaults applied). */
  readonly value: Record<string, unknown>;
  /** Offsets of the name's key. */
  readonly keyRange: OffsetRange;
  /** The key path of the definition (`['agents', 'triager']`). */
  readonly path: readonly string[];
}

export interface ImportEntry {
  readonly spec: string;
  /** The absolute path it names. */
  readonly target: string;
  readonly index: number;
}

export const SECTIONS: Record<SymbolKind, string> = { contract: 'contracts', agent: 'agents', workflow: 'workflows', model: 'models' };

export interface DiagOptions {
  readonly severity?: Severity;
  readonly prefer?: 'value' | 'key';
  readonly data?: Record<string, unknown>;
  readonly related?: Diagnostic['related'];
}

export class FileModel {
  readonly parsed: ParsedFile;
  readonly diagnostics: Diagnostic[] = [];
  readonly symbols: Record<SymbolKind, Map<string, SymbolDef>> = { contract: new Map(), agent: new Map(), workflow: new Map(), model: new Map() };
  readonly imports: ImportEntry[] = [];

  constructor(
    readonly path: string,
    readonly text: string,
  ) {
    this.parsed = parseDefinitionText(text);
    for (const p of this.parsed.problems) this.diagnostics.push(this.diagAt(p, p.code, p.message));
    if (this.parsed.problems.some((p) => p.code === 'syntax')) return;
    checkFormat(this);
  }

  /** Records a definition found by the format check. */
  define(kind: SymbolKind, name: string, value: Record<string, unknown>): void {
    const path = [SECTIONS[kind], name];
    this.symbols[kind].set(name, { kind, name, file: this.path, value, keyRange: rangeAtPath(this.parsed.doc, path, 'key'), path });
  }

  addImport(spec: string, index: number): void {
    this.imports.push({ spec, target: resolve(dirname(this.path), spec), index });
  }

  /** A source range for offsets in this file. */
  range(r: OffsetRange): SourceRange {
    const lines = this.parsed.lines;
    return { file: this.path, start: lines.position(r.start), end: lines.position(Math.max(r.end, r.start)) };
  }

  /** The offsets of the node at a key path (the value by default). */
  offsets(path: Path, prefer: 'value' | 'key' = 'value'): OffsetRange {
    return rangeAtPath(this.parsed.doc, path, prefer);
  }

  diagAt(r: OffsetRange, code: DiagnosticCode, message: string, opts: DiagOptions = {}): Diagnostic {
    const severity = opts.severity ?? 'error';
    return {
      range: this.range(r),
      severity,
      code,
      message,
      ...(opts.related ? { related: opts.related } : {}),
      ...(opts.data ? { data: opts.data } : {}),
    };
  }

  /** A diagnostic on the node at a key path. */
  diag(path: Path, code: DiagnosticCode, message: string, opts: DiagOptions = {}): Diagnostic {
    return this.diagAt(this.offsets(path, opts.prefer), code, message, opts);
  }
}

/**
 * The language service behind every provider: the symbol index (for navigation, completion,
 * hover, quick fixes) and the checker (for diagnostics), both fed with the text of every
 * `*.agents.yaml` in the workspace — an open document's text, else the file on disk.
 * Loaded on first use (see index.ts), so activation does not pay for the parser or checker.
 */
import * as vscode from 'vscode';
import { LineIndex, type LineRange, type Span } from '../../core/language/lineIndex';
import type { FileIndex } from '../../core/language/indexFile';
import { LanguageIndex } from '../../core/language/workspaceIndex';
import type { HandoffContext } from '../context';
import { loadChecker, type Checker } from './checker';

export const LANGUAGE_ID = 'handoff-agents';
export const FILE_GLOB = '**/*.agents.{yaml,yml}';

export function isDefinition(doc: vscode.TextDocument): boolean {
  return doc.languageId === LANGUAGE_ID || /\.agents\.ya?ml$/.test(doc.uri.path);
}

/** The key a file is known by in the index and the checker: its file-system path, or the URI for other schemes. */
export function keyOf(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? uri.fsPath : uri.toString();
}

export class LanguageService {
  readonly index = new LanguageIndex();
  private readonly uris = new Map<string, vscode.Uri>();
  private readonly versions = new Map<string, number>();
  private readonly lines = new WeakMap<FileIndex, LineIndex>();
  private checkerPromise: Promise<Checker> | undefined;

  constructor(readonly ctx: HandoffContext) {}

  checker(): Promise<Checker> {
    this.checkerPromise ??= loadChecker();
    return this.checkerPromise;
  }

  uriOf(file: string): vscode.Uri {
    return this.uris.get(file) ?? (file.includes('://') ? vscode.Uri.parse(file) : vscode.Uri.file(file));
  }

  /** Brings the index up to date with an open document; returns its key. */
  sync(doc: vscode.TextDocument): string {
    const key = keyOf(doc.uri);
    this.uris.set(key, doc.uri);
    if (this.versions.get(key) !== doc.version || !this.index.get(key)) {
      this.index.setFile(key, doc.getText());
      this.versions.set(key, doc.version);
    }
    return key;
  }

  /** Sets a file's text from disk (a closed file); returns false when it cannot be read. */
  async loadFromDisk(uri: vscode.Uri): Promise<boolean> {
    const key = keyOf(uri);
    this.uris.set(key, uri);
    try {
      const bytes = await vscode.workspace.fs.readFile(uri);
      this.index.setFile(key, new TextDecoder().decode(bytes));
      this.versions.delete(key);
      return true;
    } catch {
      this.forget(uri);
      return false;
    }
  }

  forget(uri: vscode.Uri): void {
    const key = keyOf(uri);
    this.index.removeFile(key);
    this.versions.delete(key);
  }

  /** The text the service holds for every known file (for the checker). */
  texts(): Map<string, string> {
    const out = new Map<string, string>();
    for (const f of this.index.files()) out.set(f, this.index.get(f)?.text ?? '');
    return out;
  }

  private lineIndex(file: string): LineIndex | undefined {
    const idx = this.index.get(file);
    if (!idx) return undefined;
    let li = this.lines.get(idx);
    if (!li) this.lines.set(idx, (li = new LineIndex(idx.text)));
    return li;
  }

  /** A span in any known file (open or not) as an editor range. */
  range(file: string, span: Span): vscode.Range {
    const r = this.lineIndex(file)?.range(span) ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return toRange(r);
  }

  location(file: string, span: Span): vscode.Location {
    return new vscode.Location(this.uriOf(file), this.range(file, span));
  }

  offset(file: string, pos: vscode.Position): number {
    return this.lineIndex(file)?.offset(pos) ?? 0;
  }
}

export function toRange(r: LineRange): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

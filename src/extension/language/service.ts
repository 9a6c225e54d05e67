/**
 * The language service behind every provider: the symbol index (for navigation, completion,
 * hover, quick fixes) and the checker (for diagnostics), both fed with the text of every
 * `*.agents.yaml` in the workspace — an open document's text, else the file on disk.
 * Loaded on first use (see index.ts), so activation does not pay for the parser or checker.
 */
import { dirname, resolve as resolvePath, sep } from 'node:path';
import * as vscode from 'vscode';
import { LineIndex, type LineRange, type Span } from '../../core/language/lineIndex';
import type { FileIndex } from '../../core/language/indexFile';
import { LanguageIndex } from '../../core/language/workspaceIndex';
import type { HandoffContext } from '../context';
import { loadChecker, type Checker } from './checker';

export const LANGUAGE_ID = 'handoff-agents';
export const FILE_GLOB = '**/*.agents.{yaml,yml}';

/** Whether a file is a definition file by its name (`*.agents.yaml` or `*.agents.yml`). */
export function isDefinitionPath(uri: vscode.Uri): boolean {
  return /\.agents\.ya?ml$/.test(uri.path);
}

/**
 * The schemes whose definition documents are checked: files, the files of a virtual workspace
 * (`vscode-vfs`, which the folder scan walks too) and unsaved buffers. A copy under any other
 * scheme (`git:`, the other side of a diff, an output) is not the file: checked, its imports
 * would resolve against paths that do not exist and fill Problems with false errors.
 */
export const CHECKED_SCHEMES: ReadonlySet<string> = new Set(['file', 'vscode-vfs', 'untitled']);

export function isDefinition(doc: vscode.TextDocument): boolean {
  return CHECKED_SCHEMES.has(doc.uri.scheme) && (doc.languageId === LANGUAGE_ID || isDefinitionPath(doc.uri));
}

/** The key a file is known by in the index and the checker: its file-system path, or the URI for other schemes. */
export function keyOf(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? uri.fsPath : uri.toString();
}

export class LanguageService {
  /** The symbol index; read it through `indexed()` so that it holds the latest texts. */
  readonly index = new LanguageIndex();
  /** The latest text of every known file: an open document's, else the file on disk. */
  private readonly textOf = new Map<string, string>();
  private readonly uris = new Map<string, vscode.Uri>();
  private readonly lines = new WeakMap<FileIndex, LineIndex>();
  private checkerPromise: Promise<Checker> | undefined;
  /** Imported files that exist but cannot be read, and why (the import's diagnostic says so). */
  readonly unreadable = new Map<string, string>();

  constructor(readonly ctx: HandoffContext) {}

  checker(): Promise<Checker> {
    this.checkerPromise ??= loadChecker();
    return this.checkerPromise;
  }

  uriOf(file: string): vscode.Uri {
    return this.uris.get(file) ?? (file.includes('://') ? vscode.Uri.parse(file) : vscode.Uri.file(file));
  }

  /** Records a document's latest text without parsing it (called on every change). */
  setText(doc: vscode.TextDocument): string {
    const key = keyOf(doc.uri);
    this.uris.set(key, doc.uri);
    this.textOf.set(key, doc.getText());
    return key;
  }

  /** Brings the index up to date (with this document's text, and every other changed file); returns its key. */
  sync(doc: vscode.TextDocument): string {
    const key = this.setText(doc);
    this.indexed();
    return key;
  }

  /**
   * `sync`, and first reads the files this document imports (transitively) that the service
   * does not hold yet — an import outside the workspace, or a file created a moment ago.
   */
  async syncWithImports(doc: vscode.TextDocument): Promise<string> {
    const key = this.sync(doc);
    if (key.includes('://')) return key;
    const missing = (): string[] =>
      this.index.visibleFiles(key).flatMap((f) => f.imports.map((i) => resolvePath(dirname(f.file), i))).filter((p) => !this.textOf.has(p));
    for (let round = 0, todo = missing(); todo.length > 0 && round < 10; round++, todo = missing()) {
      const ok = await Promise.all([...new Set(todo)].map((p) => this.loadFromDisk(vscode.Uri.file(p))));
      this.indexed();
      if (!ok.some(Boolean)) break;
    }
    return key;
  }

  /** The index, after re-indexing every file whose text changed since it was last indexed. */
  indexed(): LanguageIndex {
    for (const [file, text] of this.textOf) if (this.index.get(file)?.text !== text) this.index.setFile(file, text);
    for (const file of this.index.files()) if (!this.textOf.has(file)) this.index.removeFile(file);
    return this.index;
  }

  /** Sets a file's text from disk (a closed file); returns false when it cannot be read. */
  async loadFromDisk(uri: vscode.Uri): Promise<boolean> {
    const key = keyOf(uri);
    this.uris.set(key, uri);
    try {
      const bytes = await vscode.workspace.fs.readFile(uri);
      this.textOf.set(key, new TextDecoder().decode(bytes));
      this.unreadable.delete(key);
      return true;
    } catch (err) {
      this.forget(uri);
      const code = err instanceof vscode.FileSystemError ? err.code : '';
      if (code === 'FileIsADirectory') this.unreadable.set(key, 'it is a folder');
      else if (code === 'NoPermissions') this.unreadable.set(key, 'permission denied');
      else this.unreadable.delete(key);
      return false;
    }
  }

  /** Reads, from disk, the imported files the service does not hold yet (outside the workspace, or new), transitively. */
  async loadMissingImports(importsOf: (file: string) => readonly string[]): Promise<boolean> {
    const tried = new Set<string>();
    let loaded = false;
    for (let round = 0; round < 20; round++) {
      const missing = new Set<string>();
      for (const f of this.textOf.keys()) {
        for (const p of importsOf(f)) if (!this.textOf.has(p) && !tried.has(p)) missing.add(p);
      }
      if (missing.size === 0) break;
      for (const p of missing) tried.add(p);
      const ok = await Promise.all([...missing].map((p) => this.loadFromDisk(vscode.Uri.file(p))));
      loaded ||= ok.some(Boolean) || [...missing].some((p) => this.unreadable.has(p));
    }
    return loaded;
  }

  forget(uri: vscode.Uri): void {
    this.textOf.delete(keyOf(uri));
  }

  /** Forgets every file under a folder; returns how many there were. */
  forgetUnder(folder: vscode.Uri): number {
    const prefix = keyOf(folder) + (folder.scheme === 'file' ? sep : '/');
    const gone = [...this.textOf.keys()].filter((k) => k.startsWith(prefix));
    for (const k of gone) this.textOf.delete(k);
    return gone.length;
  }

  /** The latest text of every known file (for the checker). */
  texts(): ReadonlyMap<string, string> {
    return this.textOf;
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

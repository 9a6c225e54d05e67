/**
 * The workspace model: many files, imports, names visible across files, and an incremental
 * re-check. Each file's parse, format check and symbol table are cached per text; a change
 * re-checks only that file and the files that import it (transitively). `check()` returns
 * the Program that the engine runs and the editor queries.
 */
import { resolve } from 'node:path';
import type { Diagnostic } from '../model/diagnostic';
import type { Program } from '../model/program';
import { checkSemantics } from './checkFile';
import { FileModel } from './fileModel';
import { WorkspaceProgram } from './program';
import { Resolver } from './resolver';

export class Workspace {
  private readonly texts = new Map<string, string>();
  private readonly models = new Map<string, FileModel>();
  private readonly semantic = new Map<string, Diagnostic[]>();
  private readonly dirty = new Set<string>();
  private program: WorkspaceProgram | undefined;

  /** Files that could not be read, and why (an import of one says so). */
  private readonly unreadable = new Map<string, string>();

  /** Records that a file could not be read (a folder, no permission), for the imports of it; undefined forgets it. */
  setUnreadable(path: string, reason: string | undefined): void {
    const p = resolve(path);
    if (this.unreadable.get(p) === reason) return;
    if (reason === undefined) this.unreadable.delete(p);
    else this.unreadable.set(p, reason);
    this.invalidate(p);
  }

  /** Why a file could not be read, when it could not. */
  unreadableReason(path: string): string | undefined {
    return this.unreadable.get(resolve(path));
  }

  /** Adds or replaces a file (paths are made absolute). */
  setFile(path: string, text: string): void {
    const p = resolve(path);
    this.unreadable.delete(p);
    if (this.texts.get(p) === text) return;
    this.texts.set(p, text);
    this.models.delete(p);
    this.invalidate(p);
  }

  removeFile(path: string): void {
    const p = resolve(path);
    if (!this.texts.delete(p)) return;
    this.invalidate(p);
    this.models.delete(p);
    this.semantic.delete(p);
    this.dirty.delete(p);
  }

  hasFile(path: string): boolean {
    return this.texts.has(resolve(path));
  }

  get files(): string[] {
    return [...this.texts.keys()];
  }

  /** The per-file model (parse, symbols, format diagnostics), built on demand. */
  model(path: string): FileModel | undefined {
    const p = resolve(path);
    let m = this.models.get(p);
    if (m === undefined) {
      const text = this.texts.get(p);
      if (text === undefined) return undefined;
      m = new FileModel(p, text);
      this.models.set(p, m);
      this.importersCache = undefined; // its imports are new
    }
    return m;
  }

  /**
   * Who imports whom (target → importing files), as of the models built when it was made:
   * kept across changes until a model is built again (only a new model brings new imports;
   * an entry left by a model since dropped at most re-checks a file once more). Rebuilding
   * it on every change made a burst of N changes (a branch switch) cost N × all imports.
   */
  private importersCache: Map<string, string[]> | undefined;

  private importers(): Map<string, string[]> {
    if (this.importersCache) return this.importersCache;
    const importers = new Map<string, string[]>();
    for (const [file, m] of this.models) {
      for (const imp of m.imports) {
        const list = importers.get(imp.target);
        if (list) list.push(file);
        else importers.set(imp.target, [file]);
      }
    }
    return (this.importersCache = importers);
  }

  /** Marks a file and every file that imports it, directly or not, for re-checking. */
  private invalidate(p: string): void {
    this.program = undefined;
    this.dirty.add(p);
    const importers = this.importers();
    const queue = [p];
    for (let i = 0; i < queue.length; i++) {
      for (const f of importers.get(queue[i]!) ?? []) {
        if (!this.dirty.has(f)) {
          this.dirty.add(f);
          queue.push(f);
        }
      }
    }
  }

  /** Checks what changed since the last call and returns the whole program. */
  check(): Program {
    if (this.program && this.dirty.size === 0) return this.program;
    for (const p of this.texts.keys()) this.model(p);
    const resolver = new Resolver(this.models, this.unreadable);
    for (const p of this.dirty) {
      const m = this.models.get(p);
      if (m) this.semantic.set(p, checkSemantics(m, resolver));
    }
    this.dirty.clear();
    const diagnostics: Diagnostic[] = [];
    for (const [p, m] of this.models) diagnostics.push(...m.diagnostics, ...(this.semantic.get(p) ?? []));
    this.program = new WorkspaceProgram(resolver, [...this.models.keys()], diagnostics);
    return this.program;
  }

  /** The diagnostics of one file (after re-checking what changed). */
  checkFile(path: string): Diagnostic[] {
    this.check();
    const p = resolve(path);
    const m = this.models.get(p);
    return m ? [...m.diagnostics, ...(this.semantic.get(p) ?? [])] : [];
  }
}

/**
 * The symbol table of every definition file the editor knows: which definition a name
 * resolves to (the file itself first, then what it imports, then anywhere in the
 * workspace), every reference to a definition, and the rename edits that follow from it.
 */
import { dirname, resolve as resolvePath } from 'node:path';
import { indexFile, type FileIndex } from './indexFile';
import type { Span } from './lineIndex';
import { contains, symbolId, type SymbolDef, type SymbolKind, type SymbolRef } from './symbols';

export interface Location {
  readonly file: string;
  readonly span: Span;
  /** What follows the name when the whole scalar is replaced (a reference written with escapes): `@2` or nothing. */
  readonly rewrite?: string;
}

export interface TextEdit {
  readonly span: Span;
  readonly newText: string;
}

export const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Words YAML reads as null or a boolean, not as a string, when written plain. */
export const YAML_WORDS = /^(null|Null|NULL|true|True|TRUE|false|False|FALSE)$/;

/** The key of a top-level definition in a file's name map. */
const defKey = (kind: SymbolKind, name: string): string => `${kind}:${name}`;

export class LanguageIndex {
  private readonly byFile = new Map<string, FileIndex>();
  /**
   * `visibleFiles` by file. Any change drops all of it: a file's change can change what
   * another sees through its imports (an import added, a file created or deleted).
   */
  private readonly visible = new Map<string, readonly FileIndex[]>();
  /** Each file's top-level definitions by kind and name (the first of a name), built on first lookup. */
  private readonly defsByName = new WeakMap<FileIndex, Map<string, SymbolDef>>();

  setFile(file: string, text: string): FileIndex {
    const prev = this.byFile.get(file);
    if (prev && prev.text === text) return prev;
    const idx = indexFile(file, text);
    this.byFile.set(file, idx);
    this.visible.clear();
    return idx;
  }

  removeFile(file: string): void {
    this.byFile.delete(file);
    this.visible.clear();
  }

  get(file: string): FileIndex | undefined {
    return this.byFile.get(file);
  }

  files(): string[] {
    return [...this.byFile.keys()];
  }

  /** The file and every file it imports, transitively, nearest first. */
  visibleFiles(file: string): readonly FileIndex[] {
    const known = this.visible.get(file);
    if (known) return known;
    const out: FileIndex[] = [];
    const seen = new Set<string>();
    const queue = [file];
    while (queue.length > 0) {
      const f = queue.shift() as string;
      if (seen.has(f)) continue;
      seen.add(f);
      const idx = this.byFile.get(f);
      if (!idx) continue;
      out.push(idx);
      for (const imp of idx.imports) queue.push(resolvePath(dirname(f), imp));
    }
    this.visible.set(file, out);
    return out;
  }

  /** A file's first top-level definition of a kind and name. */
  private defIn(f: FileIndex, kind: Exclude<SymbolKind, 'step'>, name: string): SymbolDef | undefined {
    let byName = this.defsByName.get(f);
    if (!byName) {
      byName = new Map();
      for (const d of f.defs) {
        const key = defKey(d.kind, d.name);
        if (d.kind !== 'step' && !byName.has(key)) byName.set(key, d);
      }
      this.defsByName.set(f, byName);
    }
    return byName.get(defKey(kind, name));
  }

  /** Definitions of a kind visible from a file (for completion), nearest first, one per name. */
  visibleDefs(file: string, kind: Exclude<SymbolKind, 'step'>): SymbolDef[] {
    const seen = new Set<string>();
    const out: SymbolDef[] = [];
    for (const f of this.visibleFiles(file)) {
      for (const d of f.defs) {
        if (d.kind !== kind || seen.has(d.name)) continue;
        seen.add(d.name);
        out.push(d);
      }
    }
    return out;
  }

  /** Finds a top-level definition by kind and name as seen from a file. */
  lookup(kind: Exclude<SymbolKind, 'step'>, name: string, fromFile: string): SymbolDef | undefined {
    for (const f of this.visibleFiles(fromFile)) {
      const d = this.defIn(f, kind, name);
      if (d) return d;
    }
    // Not visible from here: the one definition of that name in the workspace, if there is
    // exactly one (each file's index by name, not every definition of every file).
    let found: SymbolDef | undefined;
    for (const f of this.byFile.values()) {
      const d = this.defIn(f, kind, name);
      if (!d) continue;
      if (found) return undefined;
      found = d;
    }
    return found;
  }

  resolve(ref: SymbolRef): SymbolDef | undefined {
    if (ref.kind === 'step') {
      return this.byFile.get(ref.file)?.defs.find((d) => d.kind === 'step' && d.workflow === ref.workflow && d.name === ref.name);
    }
    if (ref.kind === 'worker') return this.lookup('agent', ref.name, ref.file) ?? this.lookup('workflow', ref.name, ref.file);
    return this.lookup(ref.kind, ref.name, ref.file);
  }

  /** The definition named at an offset (on its key or on a reference), with the name's span there. */
  symbolAt(file: string, offset: number): { def: SymbolDef; span: Span; ref?: SymbolRef } | undefined {
    const idx = this.byFile.get(file);
    if (!idx) return undefined;
    const ref = idx.refs.find((r) => contains(r.span, offset));
    if (ref) {
      const d = this.resolve(ref);
      return d ? { def: d, span: ref.span, ref } : undefined;
    }
    const d = idx.defs.find((x) => contains(x.key, offset));
    return d ? { def: d, span: d.key } : undefined;
  }

  /** The reference (resolved or not) at an offset. */
  refAt(file: string, offset: number): SymbolRef | undefined {
    return this.byFile.get(file)?.refs.find((r) => contains(r.span, offset));
  }

  references(def: SymbolDef, includeDeclaration: boolean): Location[] {
    const id = symbolId(def);
    const out: Location[] = includeDeclaration ? [{ file: def.file, span: def.key }] : [];
    const files = def.kind === 'step' ? [this.byFile.get(def.file)].filter((f): f is FileIndex => !!f) : [...this.byFile.values()];
    for (const f of files) {
      for (const r of f.refs) {
        if (r.name !== def.name) continue;
        const d = this.resolve(r);
        if (d && symbolId(d) === id) out.push({ file: f.file, span: r.span, ...(r.escaped ? { rewrite: r.version !== undefined ? `@${r.version}` : '' } : {}) });
      }
    }
    return out;
  }

  /** The edits, by file, that rename the symbol at an offset; a message when it cannot be renamed. */
  renameEdits(file: string, offset: number, newName: string): Map<string, TextEdit[]> | { error: string } {
    const at = this.symbolAt(file, offset);
    if (!at) return { error: 'Nothing to rename here: put the cursor on a contract, agent, workflow, model or step name.' };
    if (!NAME.test(newName)) return { error: `"${newName}" is not a name: a name starts with a letter or _ and holds letters, digits, _ and -.` };
    // YAML reads these as null and booleans, not as names.
    if (YAML_WORDS.test(newName)) return { error: `"${newName}" is not a name: YAML reads it as ${/^n/i.test(newName) ? 'null' : 'a boolean'}.` };
    const def = at.def;
    if (newName === def.name) return new Map();
    // Agents without `model:` use the profile named default; they name it nowhere, so a rename would change their model silently.
    if (def.kind === 'model' && def.name === 'default') return { error: "The profile 'default' is the model of every agent without model:, which name it nowhere: renaming it would change their model. Add a profile of the new name instead." };
    const locations = this.references(def, true);
    const taken = this.nameTaken(def, newName, new Set(locations.map((l) => l.file)));
    if (taken) return { error: taken };
    const edits = new Map<string, TextEdit[]>();
    for (const loc of locations) {
      const list = edits.get(loc.file) ?? [];
      if (!list.some((e) => e.span.start === loc.span.start)) list.push({ span: loc.span, newText: newName + (loc.rewrite ?? '') });
      edits.set(loc.file, list);
    }
    return edits;
  }

  /**
   * Why `newName` cannot be what `def` is renamed to, or undefined: another step of its
   * workflow has it, or, seen from a file that defines or names `def`, another definition of
   * its kind (an agent's or a workflow's: of either, since a worker names one of them) has it,
   * so that the rename would make a duplicate key or quietly point a reference elsewhere.
   */
  private nameTaken(def: SymbolDef, newName: string, files: ReadonlySet<string>): string | undefined {
    if (def.kind === 'step') {
      const other = this.byFile.get(def.file)?.defs.find((d) => d.kind === 'step' && d.workflow === def.workflow && d.name === newName);
      return other ? `Workflow '${def.workflow}' has a step named '${newName}' already.` : undefined;
    }
    const kinds: Exclude<SymbolKind, 'step'>[] = def.kind === 'agent' || def.kind === 'workflow' ? ['agent', 'workflow'] : [def.kind];
    for (const file of files) {
      for (const f of this.visibleFiles(file)) {
        const other = f.defs.find((d) => kinds.includes(d.kind as Exclude<SymbolKind, 'step'>) && d.name === newName);
        if (!other) continue;
        const base = (p: string): string => p.split(/[\\/]/).pop() ?? p;
        const an = other.kind === 'agent' ? 'an' : 'a';
        const where = other.file === file ? base(file) : `${base(other.file)}, which ${base(file)} sees`;
        return `There is ${an} ${other.kind} named '${newName}' already, in ${where}: renaming would ${other.file === def.file && other.kind === def.kind ? 'make two with that name' : 'make references mean another definition'}.`;
      }
    }
    return undefined;
  }

  /** Every top-level definition and step in the workspace whose name contains the query (case-insensitive). */
  workspaceSymbols(query: string): SymbolDef[] {
    const q = query.toLowerCase();
    return [...this.byFile.values()].flatMap((f) => f.defs.filter((d) => d.name.toLowerCase().includes(q)));
  }
}

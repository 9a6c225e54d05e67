/**
 * Name resolution across files: a file sees its own names first, then those of the files it
 * imports (transitively, breadth first). Contracts resolve to self-contained schemas with
 * every contract they reference bundled under `$defs`. One resolver serves one check
 * generation; its caches die with it.
 */
import type { SourceRange } from '../model/diagnostic';
import type { Agent, ModelProfile, Workflow } from '../model/definition';
import type { JsonSchema, ResolvedAgent, ResolvedContract, ResolvedWorkflow } from '../model/program';
import { UNKNOWN_TYPE_KEY } from '../schema/assignable';
import { bundleSchema, type BundleCache } from '../schema/bundle';
import { metaValidate } from '../schema/meta';
import { isObject } from '../schema/navigate';
import { strictProblems } from '../schema/strict';
import type { FileModel, SymbolDef, SymbolKind } from './fileModel';

class Contract implements ResolvedContract {
  private strict: boolean | undefined;
  constructor(
    readonly name: string,
    readonly version: number,
    readonly current: boolean,
    readonly schema: JsonSchema,
    readonly file: string,
    readonly range: SourceRange,
  ) {}
  get strictCompatible(): boolean {
    this.strict ??= strictProblems(this.schema).length === 0;
    return this.strict;
  }
}

export function splitRef(ref: string): { name: string; version?: number } {
  const at = ref.indexOf('@');
  if (at < 0) return { name: ref };
  return { name: ref.slice(0, at), version: Number(ref.slice(at + 1)) };
}

/** The raw schema of a contract version: the current one or one under `previous`. */
export function versionSchema(def: SymbolDef, version: number | undefined): { schema: JsonSchema; version: number; current: boolean } | undefined {
  const current = typeof def.value.version === 'number' ? def.value.version : 1;
  const asSchema = (s: unknown): JsonSchema => (typeof s === 'boolean' || isObject(s) ? s : true);
  if (version === undefined || version === current) return { schema: asSchema(def.value.schema), version: current, current: true };
  const prev = def.value.previous;
  if (!Number.isInteger(version) || version < 1) return undefined;
  if (isObject(prev) && isObject(prev[String(version)])) return { schema: asSchema((prev[String(version)] as Record<string, unknown>).schema), version, current: false };
  return undefined;
}

/** The versions a contract has, current last. */
export function versionsOf(def: SymbolDef): number[] {
  // Keys that are no version number (`-1`, `0`, `1.5`) are format errors; they are no versions.
  const prev = isObject(def.value.previous) ? Object.keys(def.value.previous).filter((k) => /^[1-9][0-9]*$/.test(k)).map(Number) : [];
  const current = typeof def.value.version === 'number' ? def.value.version : 1;
  return [...prev.filter((v) => v !== current).sort((a, b) => a - b), current];
}

export class Resolver {
  private readonly visibleCache = new Map<string, FileModel[]>();
  private readonly contracts = new Map<string, Contract | null>();
  private readonly bundles = new Map<string, BundleCache>();

  constructor(
    readonly files: ReadonlyMap<string, FileModel>,
    /** Files that could not be read, and why. */
    readonly unreadable: ReadonlyMap<string, string> = new Map(),
  ) {}

  /** The files whose names a file sees, itself first. */
  visible(path: string): FileModel[] {
    const hit = this.visibleCache.get(path);
    if (hit) return hit;
    const out: FileModel[] = [];
    const seen = new Set<string>([path]);
    const queue = [path];
    while (queue.length > 0) {
      const f = this.files.get(queue.shift() as string);
      if (!f) continue;
      out.push(f);
      for (const imp of f.imports) {
        if (!seen.has(imp.target)) {
          seen.add(imp.target);
          queue.push(imp.target);
        }
      }
    }
    this.visibleCache.set(path, out);
    return out;
  }

  lookup(kind: SymbolKind, name: string, fromFile: string): SymbolDef | undefined {
    for (const f of this.visible(fromFile)) {
      const d = f.symbols[kind].get(name);
      if (d) return d;
    }
    return undefined;
  }

  names(kind: SymbolKind, fromFile: string): string[] {
    const out = new Set<string>();
    for (const f of this.visible(fromFile)) for (const n of f.symbols[kind].keys()) out.add(n);
    return [...out];
  }

  /** A contract by `Name` or `Name@version`, as seen from a file. */
  contract(ref: string, fromFile: string): ResolvedContract | undefined {
    const { name, version } = splitRef(ref);
    const def = this.lookup('contract', name, fromFile);
    return def ? this.contractOf(def, version) : undefined;
  }

  contractOf(def: SymbolDef, version: number | undefined): ResolvedContract | undefined {
    const key = `${def.file}\u0000${def.name}\u0000${version ?? ''}`;
    const hit = this.contracts.get(key);
    if (hit !== undefined) return hit ?? undefined;
    const raw = versionSchema(def, version);
    if (raw === undefined) {
      this.contracts.set(key, null);
      return undefined;
    }
    this.contracts.set(key, null);
    // A schema that is not valid JSON Schema is reported as invalid-schema; elsewhere its
    // type is unknown, so that the one error does not cascade.
    const valid = metaValidate(raw.schema).length === 0;
    // References are looked up from the contract's file; bundles made from one file share their rewritten $defs.
    let cache = this.bundles.get(def.file);
    if (!cache) this.bundles.set(def.file, (cache = new Map()));
    const schema = !valid
      ? { [UNKNOWN_TYPE_KEY]: true }
      : bundleSchema(
          raw.schema,
          (n, v) => {
            const d = this.lookup('contract', n, def.file);
            const s = d && versionSchema(d, v);
            return s ? { key: v === undefined ? n : `${n}@${v}`, schema: s.schema } : undefined;
          },
          cache,
        );
    const range = this.fileOf(def).range(def.keyRange);
    const c = new Contract(def.name, raw.version, raw.current, schema, def.file, range);
    this.contracts.set(key, c);
    return c;
  }

  fileOf(def: SymbolDef): FileModel {
    return this.files.get(def.file) as FileModel;
  }

  rangeOf(def: SymbolDef): SourceRange {
    return this.fileOf(def).range(def.keyRange);
  }

  agent(name: string, fromFile: string): ResolvedAgent | undefined {
    const def = this.lookup('agent', name, fromFile);
    if (!def) return undefined;
    const a = def.value as Agent;
    const modelName = typeof a.model === 'string' ? a.model : 'default';
    const m = this.lookup('model', modelName, def.file);
    return {
      name,
      file: def.file,
      def: a,
      ...(typeof a.input === 'string' ? { input: this.contract(a.input, def.file) } : {}),
      ...(typeof a.output === 'string' ? { output: this.contract(a.output, def.file) } : {}),
      ...(m ? { model: { ...(m.value as ModelProfile), name: modelName } } : {}),
      range: this.rangeOf(def),
    };
  }

  workflow(name: string, fromFile: string): ResolvedWorkflow | undefined {
    const def = this.lookup('workflow', name, fromFile);
    if (!def) return undefined;
    const w = def.value as Workflow;
    const input = typeof w.input === 'string' ? this.contract(w.input, def.file) : undefined;
    const output = typeof w.output === 'string' ? this.contract(w.output, def.file) : undefined;
    if (!input || !output) return undefined;
    return { name, file: def.file, def: w, input, output, range: this.rangeOf(def) };
  }
}

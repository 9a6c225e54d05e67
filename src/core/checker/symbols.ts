/**
 * Symbol queries for the editor: the definitions of a file (with their key ranges), every
 * reference site of a file (names of contracts, agents, workflows, models and steps,
 * including `$steps.x` inside mappings and conditions, `#/contracts/X` in schemas, and
 * imports), the symbol at an offset, and all references to a symbol across the workspace.
 */
import { isObject } from '../schema/navigate';
import type { OffsetRange, Path } from '../parse';
import type { FileModel, SymbolDef, SymbolKind } from './fileModel';
import type { Resolver } from './resolver';

export type SiteKind = SymbolKind | 'step' | 'import';

export interface SymbolReference {
  readonly kind: SiteKind;
  readonly name: string;
  readonly file: string;
  /** Offsets of the name itself (inside a longer string when it is part of one). */
  readonly range: OffsetRange;
  /** The key path of the YAML value holding it. */
  readonly path: Path;
  /** For steps: the workflow whose step it names. */
  readonly workflow?: string;
}

export interface StepDef {
  readonly workflow: string;
  readonly name: string;
  readonly keyRange: OffsetRange;
}

/** Contracts, agents, workflows and models defined in a file, then the steps of its workflows. */
export function definitionsIn(file: FileModel): { symbols: SymbolDef[]; steps: StepDef[] } {
  const symbols = (['contract', 'agent', 'workflow', 'model'] as const).flatMap((k) => [...file.symbols[k].values()]);
  const steps: StepDef[] = [];
  for (const w of file.symbols.workflow.values()) {
    if (!isObject(w.value.steps)) continue;
    for (const name of Object.keys(w.value.steps)) steps.push({ workflow: w.name, name, keyRange: file.offsets([...w.path, 'steps', name], 'key') });
  }
  return { symbols, steps };
}

function within(file: FileModel, path: Path, needle: string, skip: number): OffsetRange[] {
  const node = file.offsets(path);
  const slice = file.text.slice(node.start, node.end);
  const out: OffsetRange[] = [];
  for (let at = slice.indexOf(needle); at >= 0; at = slice.indexOf(needle, at + needle.length)) {
    out.push({ start: node.start + at + skip, end: node.start + at + needle.length - (needle.endsWith('.') ? 1 : 0) });
  }
  return out;
}

/** Every place a file names something. */
export function referenceSitesIn(file: FileModel): SymbolReference[] {
  const out: SymbolReference[] = [];
  const add = (kind: SiteKind, name: string, path: Path, needle = name, skip = 0, workflow?: string): void => {
    for (const range of within(file, path, needle, skip).slice(0, 1)) out.push({ kind, name, file: file.path, range, path, ...(workflow ? { workflow } : {}) });
  };
  const addSteps = (text: string, path: Path, workflow: string): void => {
    for (const m of text.matchAll(/\$steps\.([A-Za-z_][A-Za-z0-9_-]*)\./g)) {
      const name = m[1] as string;
      for (const range of within(file, path, `$steps.${name}.`, 7)) out.push({ kind: 'step', name, file: file.path, range, path, workflow });
    }
  };
  const walkMapping = (v: unknown, path: (string | number)[], workflow: string): void => {
    if (typeof v === 'string') addSteps(v, path, workflow);
    else if (Array.isArray(v)) v.forEach((x, i) => walkMapping(x, [...path, i], workflow));
    else if (isObject(v)) for (const [k, x] of Object.entries(v)) walkMapping(x, [...path, k], workflow);
  };
  const walkSchema = (v: unknown, path: (string | number)[]): void => {
    if (Array.isArray(v)) v.forEach((x, i) => walkSchema(x, [...path, i]));
    else if (isObject(v)) {
      for (const [k, x] of Object.entries(v)) {
        const m = k === '$ref' && typeof x === 'string' ? /^#\/contracts\/([A-Za-z_][A-Za-z0-9_-]*)/.exec(x) : null;
        if (m) add('contract', m[1] as string, [...path, k], `/contracts/${m[1]}`, '/contracts/'.length);
        else walkSchema(x, [...path, k]);
      }
    }
  };
  file.imports.forEach((imp) => add('import', imp.target, ['imports', imp.index], imp.spec));
  for (const c of file.symbols.contract.values()) {
    walkSchema(c.value.schema, [...c.path, 'schema']);
    if (isObject(c.value.previous)) for (const [v, p] of Object.entries(c.value.previous)) if (isObject(p)) walkSchema(p.schema, [...c.path, 'previous', v, 'schema']);
  }
  const contractName = (ref: unknown): string | undefined => (typeof ref === 'string' ? ref.split('@')[0] : undefined);
  for (const a of file.symbols.agent.values()) {
    for (const key of ['input', 'output']) {
      const n = contractName(a.value[key]);
      if (n) add('contract', n, [...a.path, key]);
    }
    if (typeof a.value.model === 'string') add('model', a.value.model, [...a.path, 'model']);
    if (isObject(a.value.reflect) && typeof a.value.reflect.critic === 'string') add('agent', a.value.reflect.critic, [...a.path, 'reflect', 'critic']);
  }
  for (const w of file.symbols.workflow.values()) {
    for (const key of ['input', 'output']) {
      const n = contractName(w.value[key]);
      if (n) add('contract', n, [...w.path, key]);
    }
    for (const key of ['supervisor', 'planner']) if (typeof w.value[key] === 'string') add('agent', w.value[key] as string, [...w.path, key]);
    if (Array.isArray(w.value.workers)) {
      w.value.workers.forEach((n, i) => {
        if (typeof n === 'string') add(file.symbols.workflow.has(n) ? 'workflow' : 'agent', n, [...w.path, 'workers', i]);
      });
    }
    if (isObject(w.value.steps)) {
      for (const [name, s] of Object.entries(w.value.steps)) {
        if (!isObject(s)) continue;
        const sp = [...w.path, 'steps', name];
        if (typeof s.agent === 'string') add('agent', s.agent, [...sp, 'agent']);
        if (typeof s.workflow === 'string') add('workflow', s.workflow, [...sp, 'workflow']);
        if (Array.isArray(s.after)) s.after.forEach((n, i) => typeof n === 'string' && add('step', n, [...sp, 'after', i], n, 0, w.name));
        if (typeof s.when === 'string') addSteps(s.when, [...sp, 'when'], w.name);
        walkMapping(s.input, [...sp, 'input'], w.name);
      }
    }
    walkMapping(w.value.result, [...w.path, 'result'], w.name);
  }
  return out;
}

/** The definition or reference under an offset, with the definition it resolves to. */
export function symbolAt(resolver: Resolver, file: FileModel, offset: number): { site?: SymbolReference; def?: SymbolDef; step?: StepDef } | undefined {
  const inside = (r: OffsetRange): boolean => offset >= r.start && offset <= r.end;
  const defs = definitionsIn(file);
  const def = defs.symbols.find((d) => inside(d.keyRange));
  if (def) return { def };
  const step = defs.steps.find((s) => inside(s.keyRange));
  if (step) return { step };
  const site = referenceSitesIn(file).find((s) => inside(s.range));
  if (!site) return undefined;
  if (site.kind === 'step' || site.kind === 'import') {
    const target = site.kind === 'step' ? defs.steps.find((s) => s.workflow === site.workflow && s.name === site.name) : undefined;
    return { site, ...(target ? { step: target } : {}) };
  }
  const target = resolver.lookup(site.kind, site.name, file.path) ?? (site.kind === 'agent' ? resolver.lookup('workflow', site.name, file.path) : undefined);
  return { site, ...(target ? { def: target } : {}) };
}

/** Every reference to a definition across the workspace (for find-references and rename). */
export function referencesTo(resolver: Resolver, def: SymbolDef): SymbolReference[] {
  const out: SymbolReference[] = [];
  for (const file of resolver.files.values()) {
    for (const s of referenceSitesIn(file)) {
      if (s.kind === 'step' || s.kind === 'import' || s.name !== def.name) continue;
      const kinds: SymbolKind[] = s.kind === 'agent' || s.kind === 'workflow' ? [s.kind, s.kind === 'agent' ? 'workflow' : 'agent'] : [s.kind];
      if (kinds.some((k) => resolver.lookup(k, s.name, file.path) === def)) out.push(s);
    }
  }
  return out;
}

/** Every reference to a step of a workflow in its file. */
export function referencesToStep(file: FileModel, workflow: string, step: string): SymbolReference[] {
  return referenceSitesIn(file).filter((s) => s.kind === 'step' && s.workflow === workflow && s.name === step);
}

/**
 * What a name means, read from the raw definition data through the symbol index: a
 * contract's schema at a version, an agent's signature, a step's output contract, the
 * type of a `$input…` or `$steps.x.output…` reference. For the hover and completion, which
 * must work on files the checker has not accepted yet.
 */
import { splitContractRef } from '../model/definition';
import { fieldsOf, isObj, schemaAt, type Schema, type SchemaEnv } from './schemaNav';
import type { SymbolDef } from './symbols';
import type { LanguageIndex } from './workspaceIndex';

export interface ContractInfo {
  readonly name: string;
  readonly version: number;
  readonly current: boolean;
  readonly currentVersion: number;
  readonly versions: number[];
  readonly schema: Schema | undefined;
  readonly description?: string;
  readonly def: SymbolDef;
}

/** The raw data of a top-level definition. */
export function defData(ix: LanguageIndex, def: SymbolDef): Record<string, unknown> {
  const data = ix.get(def.file)?.data;
  if (def.kind === 'step') {
    const wf = data?.workflows;
    const steps = isObj(wf) && isObj(wf[def.workflow ?? '']) ? (wf[def.workflow ?? ''] as Record<string, unknown>).steps : undefined;
    const s = isObj(steps) ? steps[def.name] : undefined;
    return isObj(s) ? s : {};
  }
  const section = data?.[`${def.kind}s`];
  const v = isObj(section) ? section[def.name] : undefined;
  return isObj(v) ? v : {};
}

export function contractInfo(ix: LanguageIndex, ref: string, fromFile: string): ContractInfo | undefined {
  const { name, version } = splitContractRef(ref);
  const def = ix.lookup('contract', name, fromFile);
  return def ? contractInfoOf(ix, def, version) : undefined;
}

/** What `contractInfo` says of a contract definition already in hand (at a version; its current one by default). */
export function contractInfoOf(ix: LanguageIndex, def: SymbolDef, version?: number): ContractInfo {
  const name = def.name;
  const c = defData(ix, def);
  const currentVersion = typeof c.version === 'number' ? c.version : 1;
  const previous = isObj(c.previous) ? c.previous : {};
  const versions = [currentVersion, ...Object.keys(previous).map(Number).filter((n) => n !== currentVersion)].sort((a, b) => b - a);
  const v = version ?? currentVersion;
  const entry = v === currentVersion ? c : previous[String(v)];
  const schema = isObj(entry) ? (entry.schema as Schema | undefined) : undefined;
  const description = isObj(entry) && typeof entry.description === 'string' ? entry.description : undefined;
  return { name, version: v, current: v === currentVersion, currentVersion, versions, schema, def, ...(description ? { description } : {}) };
}

export function schemaEnv(ix: LanguageIndex, fromFile: string): SchemaEnv {
  return { contract: (name, version) => contractInfo(ix, version ? `${name}@${version}` : name, fromFile)?.schema };
}

/** The contract ref (`Name` or `Name@2`) a step's output follows: its agent's output, or its sub-workflow's. */
export function stepOutputRef(ix: LanguageIndex, file: string, workflow: string, step: string): { ref: string; from: string } | undefined {
  const def = ix.get(file)?.defs.find((d) => d.kind === 'step' && d.workflow === workflow && d.name === step);
  if (!def) return undefined;
  const s = defData(ix, def);
  const target = typeof s.agent === 'string' ? ix.lookup('agent', s.agent, file) : typeof s.workflow === 'string' ? ix.lookup('workflow', s.workflow, file) : undefined;
  if (!target) return undefined;
  const out = defData(ix, target).output;
  return typeof out === 'string' ? { ref: out, from: target.file } : undefined;
}

export interface RefType {
  /** The contract the reference's root has (`$input`: the workflow input; `$steps.x.output`: the step's output). */
  readonly contract?: ContractInfo;
  /** The schema at the reference's path; undefined when the path does not exist or is unknown. */
  readonly schema: Schema | undefined;
  readonly env: SchemaEnv;
}

/** The type of a reference written in a workflow: `$input.a`, `$steps.x.output.a.b`. */
export function referenceType(ix: LanguageIndex, file: string, workflow: string, text: string): RefType | undefined {
  const parts = text.replace(/^\$/, '').split('.');
  let root: { ref: string; from: string } | undefined;
  let path: string[];
  if (parts[0] === 'input') {
    const wf = ix.lookup('workflow', workflow, file);
    const input = wf ? defData(ix, wf).input : undefined;
    root = typeof input === 'string' && wf ? { ref: input, from: wf.file } : undefined;
    path = parts.slice(1);
  } else if (parts[0] === 'steps' && parts.length >= 3 && parts[2] === 'output') {
    root = stepOutputRef(ix, file, workflow, parts[1] as string);
    path = parts.slice(3);
  } else return undefined;
  if (!root) return undefined;
  const contract = contractInfo(ix, root.ref, root.from);
  const env = schemaEnv(ix, contract?.def.file ?? root.from);
  return { ...(contract ? { contract } : {}), schema: schemaAt(contract?.schema, path, env), env };
}

/** The fields a step's `input:` mapping (or an agent's `fallback:`) should have at a path. */
export function expectedFields(ix: LanguageIndex, file: string, path: readonly string[]): { name: string; schema: Schema; required: boolean; env: SchemaEnv }[] {
  const [section, entry, sub, step, field] = path;
  let ref: unknown;
  let rest: readonly string[] = [];
  if (section === 'workflows' && sub === 'steps' && field === 'input' && entry !== undefined && step !== undefined) {
    const s = defData(ix, { kind: 'step', name: step, workflow: entry, file, key: { start: 0, end: 0 }, entry: { start: 0, end: 0 } });
    const agent = typeof s.agent === 'string' ? ix.lookup('agent', s.agent, file) : undefined;
    ref = agent ? defData(ix, agent).input : undefined;
    rest = path.slice(5);
  } else if (section === 'agents' && sub === 'fallback' && entry !== undefined) {
    ref = defData(ix, { kind: 'agent', name: entry, file, key: { start: 0, end: 0 }, entry: { start: 0, end: 0 } }).output;
    rest = path.slice(3);
  }
  if (typeof ref !== 'string') return [];
  const c = contractInfo(ix, ref, file);
  const env = schemaEnv(ix, c?.def.file ?? file);
  return fieldsOf(schemaAt(c?.schema, rest, env), env).map((f) => ({ ...f, env }));
}

/** Enum values (quoted as the YAML needs them) for a value whose schema is an enum, and booleans. */

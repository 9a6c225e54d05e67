/**
 * An interim Program, built from definition files given as text or objects: imports,
 * contracts (current and previous versions, `$ref: "#/contracts/Name"` bundled under
 * `$defs`), agents and workflows. It reports only YAML/format errors, no static checks: the
 * CLI uses it until src/core/checker's Workspace lands, and the engine tests use it so that
 * they test the engine alone.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import { DefinitionFile, splitContractRef } from '../core/model/definition';
import type { JsonSchema, Program, ResolvedAgent, ResolvedContract, ResolvedWorkflow } from '../core/model/program';

/** Loads a definition file and what it imports (transitively) from disk. */
export function loadInterimProgram(file: string): Program {
  const files: Record<string, string> = {};
  const pending = [resolve(file)];
  while (pending.length) {
    const f = pending.pop()!;
    if (f in files) continue;
    files[f] = readFileSync(f, 'utf8');
    const doc = parse(files[f]) as { imports?: unknown } | null;
    if (doc && Array.isArray(doc.imports)) for (const i of doc.imports) if (typeof i === 'string') pending.push(resolve(dirname(f), i));
  }
  return programFrom(files);
}

export function programFrom(files: Record<string, string | object>): Program {
  const defs = new Map<string, DefinitionFile>();
  for (const [path, src] of Object.entries(files)) defs.set(resolve(path), DefinitionFile.parse(typeof src === 'string' ? parse(src) : src));
  const visible = (from: string): DefinitionFile[] => {
    const out: DefinitionFile[] = [];
    const seen = new Set<string>();
    const walk = (f: string) => {
      if (seen.has(f)) return;
      seen.add(f);
      const d = defs.get(f);
      if (!d) return;
      out.push(d);
      for (const i of d.imports ?? []) walk(resolve(dirname(f), i));
    };
    walk(resolve(from));
    return out;
  };
  const fileOf = (d: DefinitionFile) => [...defs].find(([, x]) => x === d)![0];
  const memo = new Map<string, ResolvedContract | undefined>();
  const contract = (ref: string, from: string): ResolvedContract | undefined => {
    const key = `${ref}\u0000${resolve(from)}`;
    if (!memo.has(key)) memo.set(key, lookupContract(ref, from));
    return memo.get(key);
  };
  const lookupContract = (ref: string, from: string): ResolvedContract | undefined => {
    const { name, version } = splitContractRef(ref);
    for (const d of visible(from)) {
      const c = d.contracts?.[name];
      if (!c) continue;
      const current = version === undefined || version === c.version;
      const raw = current ? c.schema : c.previous?.[String(version)]?.schema;
      if (raw === undefined) return undefined;
      const $defs: Record<string, JsonSchema> = {};
      const schema = bundle(raw, $defs, from, contract) as Record<string, unknown> | boolean;
      const full = typeof schema === 'object' && Object.keys($defs).length ? { ...schema, $defs } : schema;
      return { name, version: version ?? c.version, current, schema: full, strictCompatible: true, file: fileOf(d) };
    }
    return undefined;
  };
  return {
    files: [...defs.keys()],
    diagnostics: [],
    contract,
    agent(name, from): ResolvedAgent | undefined {
      for (const d of visible(from)) {
        const a = d.agents?.[name];
        if (!a) continue;
        const file = fileOf(d);
        const profileName = a.model ?? 'default';
        const profile = visible(from).map((x) => x.models?.[profileName]).find(Boolean);
        return {
          name,
          file,
          def: a,
          input: a.input ? contract(a.input, file) : undefined,
          output: a.output ? contract(a.output, file) : undefined,
          model: profile ? { ...profile, name: profileName } : undefined,
        };
      }
      return undefined;
    },
    workflow(name, from): ResolvedWorkflow | undefined {
      for (const d of visible(from)) {
        const w = d.workflows?.[name];
        if (!w) continue;
        const file = fileOf(d);
        return { name, file, def: w, input: contract(w.input, file)!, output: contract(w.output, file)! };
      }
      return undefined;
    },
    agentNames: (from) => visible(from).flatMap((d) => Object.keys(d.agents ?? {})),
    workflowNames: (from) => visible(from).flatMap((d) => Object.keys(d.workflows ?? {})),
    contractNames: (from) => visible(from).flatMap((d) => Object.keys(d.contracts ?? {})),
  };
}

function bundle(v: unknown, $defs: Record<string, JsonSchema>, from: string, lookup: (ref: string, from: string) => ResolvedContract | undefined): unknown {
  if (Array.isArray(v)) return v.map((x) => bundle(x, $defs, from, lookup));
  if (!v || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === '$ref' && typeof x === 'string' && x.startsWith('#/contracts/')) {
      const ref = x.slice('#/contracts/'.length);
      const key = ref.replace('@', '_v');
      if (!(key in $defs)) {
        $defs[key] = true;
        const c = lookup(ref, from);
        const s = c?.schema;
        if (s && typeof s === 'object') {
          const { $defs: inner, ...rest } = s as Record<string, unknown>;
          Object.assign($defs, inner ?? {});
          $defs[key] = rest;
        }
      }
      out[k] = `#/$defs/${key}`;
    } else out[k] = bundle(x, $defs, from, lookup);
  }
  return out;
}

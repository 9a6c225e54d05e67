/**
 * Graph workflows: each step names an existing agent or workflow, its input mapping is typed
 * from the contracts and must fit the target's input, its condition type-checks, `after`
 * names steps; then the dependency graph is checked for `cycle`s and `unused-step`s, and the
 * `result` must fit the workflow's output.
 */
import { typeOfMapping, type TypeEnv, type TypeProblem } from '../expr';
import type { JsonSchema, ResolvedContract } from '../model/program';
import type { Path } from '../parse';
import { isObject } from '../schema/navigate';
import { str, strList, type CheckContext } from './context';
import { checkWhen } from './conditions';
import type { SymbolDef } from './fileModel';
import { checkHandoff } from './handoffs';
import { refName } from './references';
import { didYouMean } from './suggest';
import { findCycles } from './cycles';
import { checkHasOutput } from './outputless';

interface StepInfo {
  readonly name: string;
  readonly path: string[];
  readonly value: Record<string, unknown>;
  readonly target?: { kind: 'agent' | 'workflow'; def: SymbolDef; input?: ResolvedContract; output?: ResolvedContract };
}

/** Reports the problems of typing a mapping; true when there were none. */
export function reportMappingProblems(ctx: CheckContext, problems: TypeProblem[], at: Path, where: string): boolean {
  for (const p of problems) {
    const s = p.name !== undefined && p.candidates ? didYouMean(p.name, p.candidates) : { text: '' };
    const code = p.kind === 'bad-reference' ? 'format' : 'unknown-ref';
    ctx.out.push(ctx.file.diag([...at, ...p.path], code, `${p.message}${where}${s.text}`, 'data' in s && s.data ? { data: s.data } : {}));
  }
  return problems.length === 0;
}

function resolveStep(ctx: CheckContext, name: string, path: string[], value: Record<string, unknown>): StepInfo {
  const agent = str(value, 'agent');
  const workflow = str(value, 'workflow');
  if ((agent === undefined) === (workflow === undefined)) {
    ctx.out.push(ctx.file.diag(path, 'format', `step '${name}' must name exactly one of agent or workflow`, { prefer: 'key' }));
    return { name, path, value };
  }
  const kind = agent !== undefined ? 'agent' : 'workflow';
  const def = refName(ctx, kind, (agent ?? workflow) as string, [...path, kind]);
  if (!def) return { name, path, value };
  if (kind === 'agent') checkHasOutput(ctx, def.name, [...path, kind], `the output of step '${name}'`);
  const r = kind === 'agent' ? ctx.resolver.agent(def.name, ctx.file.path) : ctx.resolver.workflow(def.name, ctx.file.path);
  return { name, path, value, target: { kind, def, ...(r?.input ? { input: r.input } : {}), ...(r?.output ? { output: r.output } : {}) } };
}

export function checkGraph(ctx: CheckContext, def: SymbolDef, input: ResolvedContract | undefined, output: ResolvedContract | undefined): void {
  const stepsRaw = def.value.steps;
  if (!isObject(stepsRaw)) return;
  const steps = Object.entries(stepsRaw)
    .filter((e): e is [string, Record<string, unknown>] => isObject(e[1]))
    .map(([name, value]) => resolveStep(ctx, name, [...def.path, 'steps', name], value));
  const stepOutputs: Record<string, JsonSchema | null> = {};
  // A step whose condition is false is skipped and its output is null (the engine's rule).
  for (const s of steps) {
    const out = s.target?.output?.schema ?? null;
    stepOutputs[s.name] = out !== null && typeof s.value.when === 'string' ? orNull(out) : out;
  }
  const env: TypeEnv = { input: input?.schema ?? null, steps: stepOutputs };
  const mayRead = readableSteps(steps);
  /** The references a mismatch may be fixed with: `$input`, and the outputs of the steps that may be read from `from`. */
  const alternatives = (from: string | undefined) => () => ({
    env,
    refs: [...(input ? ['$input'] : []), ...steps.filter((x) => stepOutputs[x.name] !== null && mayRead(from, x.name)).map((x) => `$steps.${x.name}.output`)],
  });
  const edges = new Map<string, { to: string; path: Path }[]>();
  const readers = new Set<string>();
  const where = ` (in workflow '${def.name}')`;
  for (const s of steps) {
    const out: { to: string; path: Path }[] = [];
    strList(s.value, 'after').forEach((a, i) => {
      if (!Object.hasOwn(stepOutputs, a)) {
        const sug = didYouMean(a, Object.keys(stepOutputs));
        ctx.out.push(ctx.file.diag([...s.path, 'after', i], 'unknown-ref', `no step '${a}'${where}${sug.text}`, sug.data ? { data: sug.data } : {}));
      } else {
        out.push({ to: a, path: [...s.path, 'after', i] });
        // Waited for: used, for ordering without data (the format's own `answer: after: [billing]`).
        readers.add(a);
      }
    });
    const hasInput = 'input' in s.value && s.value.input !== undefined;
    const mapping = hasInput ? s.value.input : '$input';
    const mappingPath = hasInput ? [...s.path, 'input'] : s.path;
    const problems: TypeProblem[] = [];
    const type = typeOfMapping(mapping, env, problems);
    for (const ref of collectSteps(mapping)) {
      if (Object.hasOwn(stepOutputs, ref.step)) {
        out.push({ to: ref.step, path: [...mappingPath, ...ref.path] });
        readers.add(ref.step);
      }
    }
    const when = str(s.value, 'when');
    if (when !== undefined) {
      for (const to of checkWhen(ctx, [...s.path, 'when'], when, env)) {
        if (Object.hasOwn(stepOutputs, to)) {
          out.push({ to, path: [...s.path, 'when'] });
          readers.add(to);
        }
      }
    }
    edges.set(s.name, out);
    if (!reportMappingProblems(ctx, problems, mappingPath, where) || !s.target?.input) continue;
    const t = s.target;
    const targetFile = ctx.resolver.fileOf(t.def);
    checkHandoff(ctx, {
      path: mappingPath,
      mapping: hasInput ? mapping : undefined,
      source: type,
      target: t.input!.schema,
      what: `input of step '${s.name}' → ${t.kind} '${t.def.name}' (${t.input!.name}@${t.input!.version})`,
      related: [{ range: targetFile.range(targetFile.offsets([...t.def.path, 'input'])), message: `the input contract of ${t.kind} '${t.def.name}'` }],
      alternatives: alternatives(s.name),
    });
  }
  for (const cycle of findCycles(edges)) {
    const names = [...cycle.map((c) => c.from), cycle[0]?.from].join(' → ');
    for (const e of cycle) ctx.out.push(ctx.file.diag(e.path, 'cycle', `steps depend on each other in a loop: ${names}`));
  }
  const result = def.value.result;
  if (result !== undefined) {
    const problems: TypeProblem[] = [];
    const type = typeOfMapping(result, env, problems);
    for (const ref of collectSteps(result)) readers.add(ref.step);
    if (reportMappingProblems(ctx, problems, [...def.path, 'result'], where) && output) {
      checkHandoff(ctx, { path: [...def.path, 'result'], mapping: result, source: type, target: output.schema, what: `result of workflow '${def.name}' → its output (${output.name}@${output.version})`, alternatives: alternatives(undefined) });
    }
  }
  // Without a result, the engine returns the output of the last step (null when it was skipped).
  const last = steps[steps.length - 1];
  if (result === undefined && Object.keys(stepsRaw).length === 0) {
    const into = output ? `, which its output ${output.name}@${output.version} cannot accept` : '';
    ctx.out.push(ctx.file.diag([...def.path, 'steps'], 'handoff-mismatch', `workflow '${def.name}' has no steps and no result, so a run returns nothing${into}: add a step, or a result (such as $input)`));
  }
  if (result === undefined && last !== undefined) {
    readers.add(last.name);
    const source = stepOutputs[last.name];
    if (output && source !== null && source !== undefined) {
      checkHandoff(ctx, { path: last.path, source, target: output.schema, what: `output of the last step '${last.name}' (the workflow has no result) → its output (${output.name}@${output.version})` });
    }
  }
  for (const s of steps) {
    if (!readers.has(s.name)) {
      ctx.out.push(ctx.file.diag(s.path, 'unused-step', `nothing reads the output of step '${s.name}' and it is not the result`, { severity: 'warning', prefer: 'key' }));
    }
  }
}

/**
 * Whether step `from` may read step `to` without making a cycle (`to` must not depend on
 * `from`, directly or not); any step may be read from the result (`from` undefined). For
 * the suggestions only: `when` conditions are scanned for `$steps.<name>`, which may count
 * a name written inside a string, so it can only suggest less. The steps that depend on
 * `from` are found once per `from` (one walk of the graph), not once per pair.
 */
function readableSteps(steps: readonly StepInfo[]): (from: string | undefined, to: string) => boolean {
  /** For each step, the steps that read it. */
  const readBy = new Map<string, string[]>();
  for (const s of steps) {
    const when = str(s.value, 'when') ?? '';
    const reads = [
      ...collectSteps(s.value.input ?? '$input').map((r) => r.step),
      ...strList(s.value, 'after'),
      ...[...when.matchAll(/\$steps\.([A-Za-z_][A-Za-z0-9_-]*)/g)].map((m) => m[1] as string),
    ];
    for (const r of reads) {
      const list = readBy.get(r);
      if (list) list.push(s.name);
      else readBy.set(r, [s.name]);
    }
  }
  const dependents = new Map<string, Set<string>>();
  /** `from` and every step that depends on it. */
  const dependentsOf = (from: string): Set<string> => {
    let seen = dependents.get(from);
    if (seen) return seen;
    seen = new Set<string>();
    const stack = [from];
    while (stack.length > 0) {
      const x = stack.pop() as string;
      if (seen.has(x)) continue;
      seen.add(x);
      for (const y of readBy.get(x) ?? []) if (!seen.has(y)) stack.push(y);
    }
    dependents.set(from, seen);
    return seen;
  };
  return (from, to) => from === undefined || !dependentsOf(from).has(to);
}

/** `schema | null`, keeping the schema's `$defs` at the root where its references point. */
function orNull(schema: JsonSchema): JsonSchema {
  if (typeof schema === 'boolean') return schema ? true : { type: 'null' };
  const { $defs, ...rest } = schema;
  return { anyOf: [rest, { type: 'null' }], ...($defs !== undefined ? { $defs } : {}) };
}

function collectSteps(mapping: unknown): { step: string; path: (string | number)[] }[] {
  const out: { step: string; path: (string | number)[] }[] = [];
  const walk = (v: unknown, path: (string | number)[]): void => {
    if (typeof v === 'string') {
      const m = /^\$steps\.([A-Za-z_][A-Za-z0-9_-]*)\./.exec(v);
      if (m) out.push({ step: m[1] as string, path });
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (isObject(v)) for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(mapping, []);
  return out;
}

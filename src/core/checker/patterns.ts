/**
 * Supervisor and plan workflows. The engine supplies the router's and the planner's output
 * contracts (src/core/model/engineContracts.ts); they take part in the checks: the router or
 * planner must accept the workflow input, a declared output must fit what the engine expects,
 * the engine's schema must suit strict structured outputs, and (plan) some worker's output
 * must fit the workflow's output, since the last step's output is the result.
 */
import { plannerOutputSchema, supervisorOutputSchema, type WorkerSignature } from '../model/engineContracts';
import type { JsonSchema, ResolvedContract } from '../model/program';
import { isAssignable } from '../schema/assignable';
import { str, strList, type CheckContext } from './context';
import type { SymbolDef } from './fileModel';
import { checkEngineAgent } from './engineAgents';
import { fallbackProblems, problemText, type FallbackProblem } from './fallbacks';
import { refWorker } from './references';
import { checkStrict } from './strict';
import { checkHasOutput } from './outputless';

interface Worker extends WorkerSignature {
  readonly output: JsonSchema | null;
}

function workers(ctx: CheckContext, def: SymbolDef): Worker[] {
  const out: Worker[] = [];
  const first = new Map<string, number>();
  const names = strList(def.value, 'workers');
  const listed = new Set(names);
  names.forEach((name, i) => {
    const before = first.get(name);
    if (before !== undefined) {
      ctx.out.push(ctx.file.diag([...def.path, 'workers', i], 'format', `'${name}' is listed twice among the workers (first at position ${before + 1})`));
      return;
    }
    first.set(name, i);
    const w = refWorker(ctx, name, [...def.path, 'workers', i], listed);
    if (!w) return;
    if (w.kind === 'agent') checkHasOutput(ctx, name, [...def.path, 'workers', i], `the output of worker '${name}'`);
    const r = w.kind === 'agent' ? ctx.resolver.agent(name, ctx.file.path) : ctx.resolver.workflow(name, ctx.file.path);
    out.push({ name, input: r?.input?.schema ?? {}, output: r?.output?.schema ?? null });
  });
  return out;
}

/** A worker's input problems of a value inside a fallback, at `at` in it. */
function workerInputProblems(ws: readonly Worker[], worker: unknown, value: unknown, at: (string | number)[]): FallbackProblem[] {
  const w = ws.find((x) => x.name === worker);
  if (!w) return [];
  return fallbackProblems(value, w.input).map((p) => ({ at: [...at, ...p.at], message: `${problemText([...at, ...p.at], p.detail ?? p.message)} (the input of worker '${w.name}')` }));
}

/** The engine's checks of a supervisor's answer beyond its schema (supervisor.ts), for a fallback. */
function supervisorChecks(ws: readonly Worker[]): (v: unknown) => FallbackProblem[] {
  return (v) => {
    const d = v as { next: unknown; input: unknown; result: unknown };
    if (d.next === 'FINISH') return d.result === null ? [{ at: ['result'], message: problemText(['result'], 'is null, but FINISH needs the workflow result') }] : [];
    if (d.input === null) return [{ at: ['input'], message: problemText(['input'], `is null, but worker '${String(d.next)}' needs an input`) }];
    return workerInputProblems(ws, d.next, d.input, ['input']);
  };
}

/** The engine's checks of a plan beyond its schema (plan.ts), for a fallback. */
function planChecks(ws: readonly Worker[], maxSteps: number): (v: unknown) => FallbackProblem[] {
  return (v) => {
    const steps = (v as { steps: { worker: unknown; input: unknown }[] }).steps;
    if (steps.length === 0) return [{ at: ['steps'], message: problemText(['steps'], 'is empty, but the plan needs at least one step') }];
    if (steps.length > maxSteps) return [{ at: ['steps'], message: problemText(['steps'], `has ${steps.length} steps, more than max_steps (${maxSteps})`) }];
    return steps.flatMap((s, i) => workerInputProblems(ws, s.worker, s.input, ['steps', i, 'input']));
  };
}

function checkRouter(
  ctx: CheckContext,
  def: SymbolDef,
  role: 'supervisor' | 'planner',
  input: ResolvedContract | undefined,
  engineSchema: JsonSchema,
  check: (v: unknown) => FallbackProblem[],
): void {
  const name = str(def.value, role);
  if (name === undefined) return;
  const path = [...def.path, role];
  const known = checkEngineAgent(ctx, {
    path,
    name,
    inbound: input
      ? {
          source: input.schema,
          what: (agentInput) => `workflow input (${input.name}@${input.version}) → ${role} '${name}' (${agentInput.name}@${agentInput.version})`,
          relatedInput: `the input contract of '${name}'`,
        }
      : undefined,
    engine: {
      schema: engineSchema,
      what: (declared) => `${role} '${name}' declares output ${declared.name}@${declared.version}, which does not fit what the engine expects of a ${role}`,
      relatedOutput: `the output of '${name}'`,
      contract: `the ${role} contract the engine supplies in workflow '${def.name}'`,
      check,
    },
  });
  if (!known) return;
  checkStrict(ctx, engineSchema, path, `the ${role} output schema that the engine builds from the workers' inputs`);
}

export function checkSupervisor(ctx: CheckContext, def: SymbolDef, input: ResolvedContract | undefined, output: ResolvedContract | undefined): void {
  const ws = workers(ctx, def);
  const schema = supervisorOutputSchema(ws, output?.schema ?? {});
  checkRouter(ctx, def, 'supervisor', input, schema, supervisorChecks(ws));
}

export function checkPlan(ctx: CheckContext, def: SymbolDef, input: ResolvedContract | undefined, output: ResolvedContract | undefined): void {
  const ws = workers(ctx, def);
  const maxSteps = typeof def.value.max_steps === 'number' ? def.value.max_steps : 20;
  checkRouter(ctx, def, 'planner', input, plannerOutputSchema(ws), planChecks(ws, maxSteps));
  if (!output || ws.length === 0 || ws.some((w) => w.output === null)) return;
  const fits = ws.some((w) => isAssignable(w.output as JsonSchema, output.schema).ok);
  if (!fits) {
    ctx.out.push(
      ctx.file.diag([...def.path, 'output'], 'handoff-mismatch', `no worker's output fits the workflow output ${output.name}@${output.version}, yet the last step's output is the result (workers: ${ws.map((w) => w.name).join(', ')})`),
    );
  }
}

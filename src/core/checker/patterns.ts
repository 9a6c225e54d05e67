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
import { refWorker } from './references';
import { checkStrict } from './strict';

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
    const r = w.kind === 'agent' ? ctx.resolver.agent(name, ctx.file.path) : ctx.resolver.workflow(name, ctx.file.path);
    out.push({ name, input: r?.input?.schema ?? {}, output: r?.output?.schema ?? null });
  });
  return out;
}

function checkRouter(ctx: CheckContext, def: SymbolDef, role: 'supervisor' | 'planner', input: ResolvedContract | undefined, engineSchema: JsonSchema): void {
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
    },
  });
  if (!known) return;
  checkStrict(ctx, engineSchema, path, `the ${role} output schema that the engine builds from the workers' inputs`);
}

export function checkSupervisor(ctx: CheckContext, def: SymbolDef, input: ResolvedContract | undefined, output: ResolvedContract | undefined): void {
  const ws = workers(ctx, def);
  const schema = supervisorOutputSchema(ws, output?.schema ?? {});
  checkRouter(ctx, def, 'supervisor', input, schema);
}

export function checkPlan(ctx: CheckContext, def: SymbolDef, input: ResolvedContract | undefined, output: ResolvedContract | undefined): void {
  const ws = workers(ctx, def);
  checkRouter(ctx, def, 'planner', input, plannerOutputSchema(ws));
  if (!output || ws.length === 0 || ws.some((w) => w.output === null)) return;
  const fits = ws.some((w) => isAssignable(w.output as JsonSchema, output.schema).ok);
  if (!fits) {
    ctx.out.push(
      ctx.file.diag([...def.path, 'output'], 'handoff-mismatch', `no worker's output fits the workflow output ${output.name}@${output.version}, yet the last step's output is the result (workers: ${ws.map((w) => w.name).join(', ')})`),
    );
  }
}

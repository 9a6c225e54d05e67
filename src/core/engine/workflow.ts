/**
 * A workflow as a span: its input checked, its pattern run (graph, supervisor, plan), its
 * result checked against its output contract. Also how a step or a turn invokes a worker,
 * an agent or another workflow (hierarchies of workflows and supervisors).
 */
import { patternOf, type GraphWorkflow, type PlanWorkflow, type SupervisorWorkflow } from '../model/definition';
import type { ResolvedContract, ResolvedWorkflow } from '../model/program';
import { Attr, type Attributes } from '../tracing/records';
import type { Span } from '../tracing/tracer';
import { callAgent, findAgent } from './agentCall';
import type { EngineContext } from './context';
import { CancelledError, isCancelled, RunError, toTraceError } from './errors';
import { runGraph } from './graph';
import { runPlan } from './plan';
import { runSupervisor } from './supervisor';
import { compileValidator, cutValue, valueAt } from './validate';

export function findWorkflow(ctx: EngineContext, name: string, fromFile: string): ResolvedWorkflow {
  const wf = ctx.program.workflow(name, fromFile);
  if (!wf) throw new RunError('definition', `no workflow named '${name}' is visible from ${fromFile}`);
  return wf;
}

/** Checks a value against a contract; violations become events on the span and a RunError. */
export function enforce(span: Span, contract: ResolvedContract, value: unknown, kind: 'input' | 'contract', what: string): void {
  const { errors } = compileValidator(contract.schema)(value);
  if (errors.length === 0) return;
  for (const v of errors) {
    span.event('contract.violation', { contract: contract.name, version: contract.version, path: v.path, message: v.message, value: cutValue(valueAt(value, v.path)) });
  }
  const first = errors[0]!;
  throw new RunError(kind, `${what} breaks ${contract.name}@${contract.version} at ${first.path || '/'}: ${first.message}`);
}

export async function runWorkflowNode(ctx: EngineContext, wf: ResolvedWorkflow, input: unknown, parent: Span | undefined, step?: string): Promise<unknown> {
  if (ctx.signal.aborted) throw new CancelledError();
  const pattern = patternOf(wf.def);
  const attrs: Record<string, unknown> = { 'handoff.workflow': wf.name, 'handoff.pattern': pattern, 'handoff.contract': `${wf.output.name}@${wf.output.version}`, 'handoff.input': input };
  if (step) attrs[Attr.step] = step;
  const span = ctx.tracer.startSpan('workflow', wf.name, parent, attrs);
  try {
    enforce(span, wf.input, input, 'input', `the input of workflow '${wf.name}'`);
    let output: unknown;
    if (pattern === 'supervisor') output = await runSupervisor(ctx, wf, wf.def as SupervisorWorkflow, input, span);
    else if (pattern === 'plan') output = await runPlan(ctx, wf, wf.def as PlanWorkflow, input, span, parent === undefined);
    else output = await runGraph(ctx, wf, wf.def as GraphWorkflow, input, span);
    enforce(span, wf.output, output, 'contract', `the result of workflow '${wf.name}'`);
    span.end('ok', { 'handoff.output': output });
    return output;
  } catch (err) {
    if (isCancelled(err) || ctx.signal.aborted) {
      span.end('cancelled', {}, { message: 'cancelled', kind: 'cancelled' });
      throw err instanceof CancelledError ? err : new CancelledError();
    }
    span.end('error', {}, toTraceError(err));
    throw err;
  }
}

/** Runs a worker: an agent, or (when `kind` says so, or no agent has the name) a workflow. */
export async function invokeWorker(ctx: EngineContext, name: string, kind: 'agent' | 'workflow' | 'any', fromFile: string, input: unknown, parent: Span, step: string): Promise<unknown> {
  if (kind !== 'workflow') {
    const agent = ctx.program.agent(name, fromFile);
    if (agent) return callAgent(ctx, agent, input, parent, { step });
    if (kind === 'agent') findAgent(ctx, name, fromFile);
  }
  return runWorkflowNode(ctx, findWorkflow(ctx, name, fromFile), input, parent, step);
}

/**
 * Runs `call` holding one of the run's step slots (`--concurrency`, shared by the whole run):
 * every model call a supervisor or a plan makes itself (its router or planner, a worker that
 * is an agent) takes one, as a graph's agent step does, so that supervisors and plans running
 * side by side under a graph keep to the limit. A worker that is a workflow takes none (its
 * own agent steps do; holding one across them could leave none for them).
 */
export async function withStepSlot<T>(ctx: EngineContext, call: () => Promise<T>): Promise<T> {
  const release = ctx.stepSlots.tryAcquire(ctx.signal) ?? (await ctx.stepSlots.acquire(ctx.signal));
  try {
    return await call();
  } finally {
    release();
  }
}

/**
 * One worker's step of a supervisor or a plan: a `step` span named `name`, the worker run
 * under it (a worker that is an agent waits for a step slot before its step starts, as a
 * graph's agent step does), the span ended ok, cancelled or failed. Returns the output.
 */
export async function runWorkerStep(ctx: EngineContext, worker: string, fromFile: string, input: unknown, parent: Span, name: string, attrs: Attributes): Promise<unknown> {
  const isAgent = ctx.program.agent(worker, fromFile) !== undefined;
  const release = isAgent ? (ctx.stepSlots.tryAcquire(ctx.signal) ?? (await ctx.stepSlots.acquire(ctx.signal))) : undefined;
  const s = ctx.tracer.startSpan('step', name, parent, attrs);
  try {
    const output = await invokeWorker(ctx, worker, 'any', fromFile, input, s, name);
    s.end('ok', { 'handoff.output': output });
    return output;
  } catch (err) {
    if (isCancelled(err) || ctx.signal.aborted) s.end('cancelled', {}, { message: 'cancelled', kind: 'cancelled' });
    else s.end('error', {}, toTraceError(err));
    throw err;
  } finally {
    release?.();
  }
}

/** The input schema of a worker (for the engine-supplied supervisor and planner contracts). */
export function workerSignature(ctx: EngineContext, name: string, fromFile: string): { name: string; input: import('../model/program').JsonSchema; strict: boolean } {
  const agent = ctx.program.agent(name, fromFile);
  if (agent) return { name, input: agent.input?.schema ?? { type: 'object' }, strict: agent.input?.strictCompatible ?? false };
  const wf = findWorkflow(ctx, name, fromFile);
  return { name, input: wf.input.schema, strict: wf.input.strictCompatible };
}

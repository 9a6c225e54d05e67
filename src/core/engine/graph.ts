/**
 * Graph workflows: every step waits for the steps it reads (`$steps.x...` in its input or
 * `when`) and those in `after`; independent steps run in parallel, at most `concurrency`
 * at once. A step whose `when` is false is recorded as skipped. The first step that fails
 * cancels the others, and the workflow fails with its error.
 */
import { setMaxListeners } from 'node:events';
import { evaluateCondition, parseCondition, parseReference, referencesIn, resolveMapping, resolveReference, type ConditionNode, type Scope } from '../expr';
import type { GraphStep, GraphWorkflow } from '../model/definition';
import type { ResolvedWorkflow } from '../model/program';
import type { Span } from '../tracing/tracer';
import type { EngineContext } from './context';
import { withSignal } from './context';
import { CancelledError, isCancelled, RunError, toTraceError } from './errors';
import { invokeWorker } from './workflow';

interface Plan {
  readonly name: string;
  readonly step: GraphStep;
  readonly deps: string[];
  readonly when?: ConditionNode;
  readonly input: (scope: Scope) => unknown;
}

/**
 * A mapping turned into a function of the scope, references parsed once: the same result
 * as `resolveMapping` (objects built fresh, undefined members left out, `$$` a literal `$`).
 */
export function compileMapping(m: unknown): (scope: Scope) => unknown {
  if (typeof m === 'string') {
    if (m.startsWith('$$')) {
      const literal = m.slice(1);
      return () => literal;
    }
    if (m.startsWith('$')) {
      const ref = parseReference(m);
      if (ref === null) throw new RunError('definition', `not a reference: ${m}`);
      return (scope) => resolveReference(ref, scope);
    }
    return () => m;
  }
  if (Array.isArray(m)) {
    const items = m.map(compileMapping);
    return (scope) => items.map((f) => f(scope));
  }
  if (m !== null && typeof m === 'object') {
    const entries = Object.entries(m)
      .filter(([k]) => k !== '__proto__')
      .map(([k, v]) => [k, compileMapping(v)] as const);
    return (scope) => {
      const out: Record<string, unknown> = {};
      for (const [k, f] of entries) {
        const v = f(scope);
        if (v !== undefined) out[k] = v;
      }
      return out;
    };
  }
  return () => m;
}

export function planGraph(def: GraphWorkflow): Plan[] {
  return Object.entries(def.steps).map(([name, step]) => {
    const deps = new Set<string>(step.after ?? []);
    for (const site of referencesIn(step.input)) if (site.ref?.root === 'steps') deps.add(site.ref.step);
    let when: ConditionNode | undefined;
    if (step.when !== undefined) {
      const parsed = parseCondition(step.when);
      if (!parsed.ok) throw new RunError('definition', `step '${name}': when: ${parsed.error}`);
      when = parsed.ast;
      collectRefs(when, deps);
    }
    for (const d of deps) if (!(d in def.steps)) throw new RunError('definition', `step '${name}' depends on '${d}', which is not a step of this workflow`);
    deps.delete(name);
    const input = step.input === undefined ? (scope: Scope) => scope.input : compileMapping(step.input);
    return { name, step, deps: [...deps], when, input };
  });
}

function collectRefs(node: ConditionNode, into: Set<string>): void {
  const n = node as unknown as Record<string, unknown>;
  if (n['kind'] === 'ref') {
    const ref = n['ref'] as { root: string; step?: string };
    if (ref.root === 'steps' && ref.step) into.add(ref.step);
    return;
  }
  for (const v of Object.values(n)) {
    if (Array.isArray(v)) for (const x of v) if (x && typeof x === 'object' && 'kind' in x) collectRefs(x as ConditionNode, into);
    if (v && typeof v === 'object' && 'kind' in v) collectRefs(v as ConditionNode, into);
  }
}

interface PlannedGraph {
  readonly plans: readonly Plan[];
  /** Every step after the steps it depends on (each step's dependencies first, in the order of the file). */
  readonly order: readonly Plan[];
}

/** Plans by workflow definition: the definition does not change, so its references are parsed once. */
const planned = new WeakMap<GraphWorkflow, PlannedGraph>();

function plannedGraph(def: GraphWorkflow): PlannedGraph {
  let hit = planned.get(def);
  if (!hit) {
    const plans = planGraph(def);
    planned.set(def, (hit = { plans, order: dependenciesFirst(plans) }));
  }
  return hit;
}

/**
 * The steps in the order their promises are made: a step's dependencies before it, depth
 * first in the order of the file. Worked out with an explicit stack (a chain of thousands of
 * steps written last first overflowed the call stack of a recursive walk, after some steps
 * had started) and before any step starts, so a loop stops the run before anything runs.
 */
function dependenciesFirst(plans: readonly Plan[]): Plan[] {
  const byName = new Map(plans.map((p) => [p.name, p]));
  const state = new Map<string, 'open' | 'done'>();
  const order: Plan[] = [];
  for (const root of plans) {
    if (state.has(root.name)) continue;
    state.set(root.name, 'open');
    const frames: [Plan, number][] = [[root, 0]];
    while (frames.length > 0) {
      const frame = frames[frames.length - 1] as [Plan, number];
      const [p, i] = frame;
      if (i < p.deps.length) {
        frame[1] = i + 1;
        const d = byName.get(p.deps[i] as string) as Plan;
        const st = state.get(d.name);
        if (st === 'open') throw new RunError('definition', `steps depend on each other in a loop through '${d.name}'`);
        if (st === undefined) {
          state.set(d.name, 'open');
          frames.push([d, 0]);
        }
        continue;
      }
      frames.pop();
      state.set(p.name, 'done');
      order.push(p);
    }
  }
  return order;
}

export async function runGraph(ctx: EngineContext, wf: ResolvedWorkflow, def: GraphWorkflow, input: unknown, span: Span): Promise<unknown> {
  const { plans, order } = plannedGraph(def);
  const outputs: Record<string, { output: unknown } | undefined> = {};
  const scope: Scope = { input, steps: outputs };
  // The steps' signal: aborted by the run's cancellation or by the first failing step. A
  // controller that follows the run's signal, not AbortSignal.any: reading `aborted` on a
  // composite signal walks its sources on Node 24, and the steps read it at every turn.
  const stop = new AbortController();
  const follow = () => stop.abort();
  if (ctx.signal.aborted) stop.abort();
  else ctx.signal.addEventListener('abort', follow, { once: true });
  setMaxListeners(0, stop.signal);
  const sub = withSignal(ctx, stop.signal);
  const running = new Map<string, Promise<void>>();
  let firstError: unknown;
  let lastRan: string | undefined;

  const start = (p: Plan): void => {
    const deps = p.deps.map((d) => running.get(d) as Promise<void>);
    const promise = (async () => {
      await Promise.all(deps);
      await runStep(p);
    })();
    promise.catch((err: unknown) => {
      if (firstError === undefined && !isCancelled(err)) {
        firstError = err;
        stop.abort();
      }
    });
    running.set(p.name, promise);
  };

  const runStep = async (p: Plan): Promise<void> => {
    if (sub.signal.aborted) throw new CancelledError();
    const attrs = { 'handoff.step': p.name, 'handoff.dependsOn': p.deps };
    if (p.when && !evaluateCondition(p.when, scope)) {
      const s = ctx.tracer.startSpan('step', p.name, span, { ...attrs, 'handoff.skipped': true });
      s.end('ok', { 'handoff.skipped': true });
      outputs[p.name] = { output: null };
      return;
    }
    const release = p.step.agent !== undefined ? (ctx.stepSlots.tryAcquire(sub.signal) ?? (await ctx.stepSlots.acquire(sub.signal))) : undefined;
    const s = ctx.tracer.startSpan('step', p.name, span, attrs);
    try {
      const stepInput = p.input(scope);
      const worker = p.step.agent ?? p.step.workflow;
      if (!worker) throw new RunError('definition', `step '${p.name}' names neither an agent nor a workflow`);
      const output = await invokeWorker(sub, worker, p.step.workflow ? 'workflow' : 'agent', wf.file, stepInput, s, p.name);
      outputs[p.name] = { output };
      lastRan = p.name;
      s.end('ok', { 'handoff.output': output });
    } catch (err) {
      if (isCancelled(err) || sub.signal.aborted) s.end('cancelled', {}, { message: 'cancelled', kind: 'cancelled' });
      else s.end('error', {}, toTraceError(err));
      throw err;
    } finally {
      release?.();
    }
  };

  try {
    for (const p of order) start(p);
    await Promise.allSettled([...running.values()]);
  } finally {
    ctx.signal.removeEventListener('abort', follow);
  }
  if (ctx.signal.aborted) throw new CancelledError();
  if (firstError !== undefined) throw firstError;
  if (def.result !== undefined) return resolveMapping(def.result, scope);
  const last = [...plans].reverse().find((p) => outputs[p.name] !== undefined)?.name ?? lastRan;
  return last ? outputs[last]?.output : undefined;
}

/**
 * Plan-and-execute workflows: the planner answers `{ steps: [{ worker, input }] }` once, the
 * steps run in order, and the last step's output is the result. For the run's root
 * workflow with `checkpoint: true`, the plan and each finished step are checkpointed, and a
 * resumed run takes them from the checkpoint instead of calling the models again.
 */
import { plannerOutputSchema } from '../model/engineContracts';
import type { PlanWorkflow } from '../model/definition';
import type { JsonSchema, ResolvedWorkflow } from '../model/program';
import type { Span } from '../tracing/tracer';
import { callAgent, findAgent } from './agentCall';
import { writeCheckpoint, type PlannedStep } from './checkpoint';
import type { EngineContext } from './context';
import { RunError } from './errors';
import { compileValidator, type Violation } from './validate';
import { runWorkerStep, withStepSlot, workerSignature } from './workflow';

/** Built once per workflow definition, so its compiled validator is cached. */
const planSchemas = new WeakMap<object, JsonSchema>();

export async function runPlan(ctx: EngineContext, wf: ResolvedWorkflow, def: PlanWorkflow, input: unknown, span: Span, isRoot: boolean): Promise<unknown> {
  // run.ts gives the run's workflow a checkpoint unless it says `checkpoint: false` (and is no resume).
  const cp = isRoot ? ctx.checkpoint : undefined;
  const maxSteps = def.max_steps ?? 20;
  let plan = cp?.state.plan;
  if (plan) {
    checkResumedPlan(ctx, wf, def, plan, cp!.state.done);
    span.event('checkpoint.resume', { steps: plan.length, done: cp!.state.done.length });
  } else {
    const planner = findAgent(ctx, def.planner, wf.file);
    const workers = def.workers.map((w) => workerSignature(ctx, w, wf.file));
    const validators = new Map(workers.map((w) => [w.name, compileValidator(w.input)]));
    const check = (v: unknown): Violation[] => {
      const steps = (v as { steps: PlannedStep[] }).steps;
      if (steps.length === 0) return [{ path: '/steps', message: 'the plan needs at least one step' }];
      if (steps.length > maxSteps) return [{ path: '/steps', message: `at most ${maxSteps} steps (max_steps)` }];
      return steps.flatMap((s, i) => (validators.get(s.worker)?.(s.input).errors ?? []).map((e) => ({ path: `/steps/${i}/input${e.path}`, message: e.message })));
    };
    let schema = planSchemas.get(wf.def);
    if (!schema) planSchemas.set(wf.def, (schema = plannerOutputSchema(workers)));
    const answer = (await withStepSlot(ctx, () =>
      callAgent(ctx, planner, input, span, {
        contract: { name: `${wf.name}.plan`, version: 1, schema, strict: workers.every((w) => w.strict) },
        check,
        step: 'plan',
      }),
    )) as { steps: PlannedStep[] };
    plan = answer.steps;
    if (cp) {
      cp.state.plan = plan;
      writeCheckpoint(cp.path, cp.state);
    }
  }
  if (plan.length === 0) throw new RunError('plan', `the plan of workflow '${wf.name}' has no steps`);
  let last: unknown;
  for (let i = 0; i < plan.length; i++) {
    const { worker, input: stepInput } = plan[i]!;
    const name = `${i + 1}. ${worker}`;
    if (cp && i < cp.state.done.length) {
      last = cp.state.done[i];
      const s = ctx.tracer.startSpan('step', name, span, { 'handoff.step': name, 'handoff.worker': worker, 'handoff.resumed': true });
      s.end('ok', { 'handoff.output': last, 'handoff.resumed': true });
      continue;
    }
    if (!def.workers.includes(worker)) throw new RunError('plan', `the plan names '${worker}', which is not a worker of workflow '${wf.name}'`);
    last = await runWorkerStep(ctx, worker, wf.file, stepInput, span, name, { 'handoff.step': name, 'handoff.worker': worker });
    if (cp) {
      cp.state.done.push(last);
      writeCheckpoint(cp.path, cp.state);
    }
  }
  return last;
}

/**
 * A checkpoint holds a plan and outputs made under the definitions of its day. Resumed after
 * they changed, its steps must still fit: every worker still a worker of the workflow, every
 * finished output still valid for its worker's output contract, every input still to send
 * valid for its worker's input contract. Otherwise the run stops before any call, saying
 * which step no longer fits, rather than build on values the workflow no longer allows.
 */
function checkResumedPlan(ctx: EngineContext, wf: ResolvedWorkflow, def: PlanWorkflow, plan: readonly PlannedStep[], done: readonly unknown[]): void {
  const stale = (i: number, worker: string, why: string): RunError =>
    new RunError('checkpoint', `the checkpoint no longer fits workflow '${wf.name}' as it is defined now: step ${i + 1} (${worker}) ${why}; start a new run`);
  plan.forEach(({ worker, input }, i) => {
    if (!def.workers.includes(worker)) throw stale(i, worker, `names a worker the workflow no longer has (workers: ${def.workers.join(', ')})`);
    const agent = ctx.program.agent(worker, wf.file);
    const target = agent ? { input: agent.input, output: agent.output } : ctx.program.workflow(worker, wf.file);
    const contract = i < done.length ? target?.output : target?.input;
    if (!contract) return;
    const bad = compileValidator(contract.schema)(i < done.length ? done[i] : input).errors[0];
    if (bad) throw stale(i, worker, `${i < done.length ? 'has an output' : 'is to get an input'} that breaks ${contract.name}@${contract.version} at ${bad.path || '/'}: ${bad.message}`);
  });
}

/**
 * Supervisor workflows: the router agent answers with the engine-supplied contract
 * `{ next, input, result }`; the chosen worker runs (one at a time), and one message naming
 * it, its input and its output is added to the router's conversation for the next turn.
 * FINISH returns `result`; running out of `max_turns` is an error of the run that says so.
 */
import { supervisorOutputSchema } from '../model/engineContracts';
import type { SupervisorWorkflow } from '../model/definition';
import type { JsonSchema, ResolvedWorkflow } from '../model/program';
import type { ChatMessage } from '../providers/types';
import type { Span } from '../tracing/tracer';
import { callAgent, findAgent } from './agentCall';
import type { Conversation } from './attempts';
import type { EngineContext } from './context';
import { RunError } from './errors';
import { compileValidator, type Violation } from './validate';
import { runWorkerStep, withStepSlot, workerSignature } from './workflow';

interface Decision {
  next: string;
  input: unknown;
  result: unknown;
}

/** Built once per workflow definition, so its compiled validator is cached. */
const routeSchemas = new WeakMap<object, JsonSchema>();

export async function runSupervisor(ctx: EngineContext, wf: ResolvedWorkflow, def: SupervisorWorkflow, input: unknown, span: Span): Promise<unknown> {
  const router = findAgent(ctx, def.supervisor, wf.file);
  const workers = def.workers.map((w) => workerSignature(ctx, w, wf.file));
  let schema = routeSchemas.get(wf.def);
  if (!schema) routeSchemas.set(wf.def, (schema = supervisorOutputSchema(workers, wf.output.schema)));
  const strict = workers.every((w) => w.strict) && wf.output.strictCompatible;
  const resultValidator = compileValidator(wf.output.schema);
  const inputValidators = new Map(workers.map((w) => [w.name, compileValidator(w.input)]));
  const check = (v: unknown): Violation[] => {
    const d = v as Decision;
    if (d.next === 'FINISH') {
      if (d.result === null) return [{ path: '/result', message: 'FINISH needs the workflow result' }];
      return resultValidator(d.result).errors.map((e) => ({ path: `/result${e.path}`, message: e.message }));
    }
    if (d.input === null) return [{ path: '/input', message: `worker '${d.next}' needs an input` }];
    return (inputValidators.get(d.next)?.(d.input).errors ?? []).map((e) => ({ path: `/input${e.path}`, message: e.message }));
  };
  const history: ChatMessage[] = [];
  const conversation: Conversation = {};
  const maxTurns = def.max_turns ?? 10;
  for (let turn = 1; turn <= maxTurns; turn++) {
    const decision = (await withStepSlot(ctx, () =>
      callAgent(ctx, router, input, span, {
        contract: { name: `${wf.name}.route`, version: 1, schema, strict },
        extraMessages: history,
        check,
        step: `turn ${turn}`,
        conversation,
      }),
    )) as Decision;
    if (decision.next === 'FINISH') return decision.result;
    // No turn is left to read the worker's output: running it would only cost its calls.
    if (turn === maxTurns) {
      throw new RunError('max_turns', `supervisor '${router.name}' of workflow '${wf.name}' did not answer FINISH within max_turns (${maxTurns}); its last turn asked for worker '${decision.next}', which was not run`);
    }
    const output = await runWorkerStep(ctx, decision.next, wf.file, decision.input, span, decision.next, { 'handoff.step': decision.next, 'handoff.turn': turn });
    // One message a turn, naming the worker, what it was asked and what it returned
    // (../shared/design/definition-format.md, engine-supplied contracts).
    history.push({ role: 'user', content: `Turn ${turn}: worker '${decision.next}' returned ${JSON.stringify(output)} (its input: ${JSON.stringify(decision.input)})` });
  }
  throw new RunError('max_turns', `supervisor '${router.name}' of workflow '${wf.name}' did not answer FINISH within max_turns (${maxTurns})`); // not reached: max_turns is at least 1
}

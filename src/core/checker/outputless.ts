/**
 * An agent without `output` used where its output is read like any agent's (a graph step,
 * a worker). Only agents that answer the engine (a supervisor, a planner, a critic) may omit
 * `output`: the engine supplies their contract. Anywhere else the output would be typed
 * "anything", fit every handoff at check time, and fail the run instead.
 */
import type { Path } from '../parse';
import type { CheckContext } from './context';

/** Reports `format` at `path` when agent `name` declares no `output`; true when it does (or is unknown). */
export function checkHasOutput(ctx: CheckContext, name: string, path: Path, use: string): boolean {
  const agent = ctx.resolver.agent(name, ctx.file.path);
  // An `output:` written but not resolved (an unknown contract) is reported where it is written.
  if (!agent || agent.output || Object.hasOwn(agent.def, 'output')) return true;
  ctx.out.push(
    ctx.file.diag(
      path,
      'format',
      `agent '${name}' has no output contract, so ${use} cannot be checked against what reads it: only a supervisor, a planner or a critic may omit output (the engine supplies theirs); give '${name}' an output`,
      agent.range ? { related: [{ range: agent.range, message: `agent '${name}', which has no output` }] } : {},
    ),
  );
  return false;
}

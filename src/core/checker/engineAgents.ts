/**
 * Agents that answer the engine rather than the next agent (critics, supervisors,
 * planners): what flows into such an agent must fit its input contract, and an output it
 * declares must fit the contract the engine supplies for its role.
 */
import type { JsonSchema, ResolvedContract } from '../model/program';
import type { Path } from '../parse';
import type { CheckContext } from './context';
import { checkHandoff } from './handoffs';
import { refName } from './references';

export interface EngineAgentCheck {
  /** Where the agent is named (the diagnostics' place). */
  readonly path: Path;
  readonly name: string;
  /** What flows into the agent, and how to describe that handoff and the agent's input. */
  readonly inbound?: {
    readonly source: JsonSchema;
    readonly what: (input: ResolvedContract) => string;
    readonly relatedInput: string;
  };
  /** The output contract the engine supplies, and how to describe a declared output that does not fit. */
  readonly engine: {
    readonly schema: JsonSchema;
    readonly what: (declared: ResolvedContract) => string;
    readonly relatedOutput: string;
  };
}

/** Resolves the agent (reporting `unknown-ref`) and checks both ends; returns whether it exists. */
export function checkEngineAgent(ctx: CheckContext, c: EngineAgentCheck): boolean {
  const def = refName(ctx, 'agent', c.name, c.path);
  if (!def) return false;
  const agent = ctx.resolver.agent(c.name, ctx.file.path);
  const file = ctx.resolver.fileOf(def);
  const at = (key: 'input' | 'output', message: string) => [{ range: file.range(file.offsets([...def.path, key])), message }];
  if (c.inbound && agent?.input) {
    checkHandoff(ctx, { path: c.path, source: c.inbound.source, target: agent.input.schema, what: c.inbound.what(agent.input), related: at('input', c.inbound.relatedInput) });
  }
  if (agent?.output) {
    checkHandoff(ctx, { path: c.path, source: agent.output.schema, target: c.engine.schema, what: c.engine.what(agent.output), related: at('output', c.engine.relatedOutput) });
  }
  return true;
}

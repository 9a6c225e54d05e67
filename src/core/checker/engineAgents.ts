/**
 * Agents that answer the engine rather than the next agent (critics, supervisors,
 * planners): what flows into such an agent must fit its input contract, an output it
 * declares must fit the contract the engine supplies for its role, and a fallback of an
 * agent that declares no output must satisfy that contract (the engine returns the fallback
 * in place of the agent's answer when its attempts run out).
 */
import type { JsonSchema, ResolvedContract } from '../model/program';
import type { Path } from '../parse';
import type { CheckContext } from './context';
import { fallbackProblems, type FallbackProblem } from './fallbacks';
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
    /** What the contract is called in a message: `the critic contract { approved: boolean, feedback: string }`. */
    readonly contract: string;
    /** Checks the engine makes beyond the schema (a supervisor's FINISH needs a result...). */
    readonly check?: (value: unknown) => FallbackProblem[];
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
  // With an output of its own, its fallback is checked against that output (fallbacks.ts), which must fit the engine's.
  const fallback = def.value.fallback;
  if (agent && !Object.hasOwn(def.value, 'output') && fallback !== undefined) {
    let problems = fallbackProblems(fallback, c.engine.schema);
    if (problems.length === 0 && c.engine.check) problems = c.engine.check(fallback);
    for (const p of problems) {
      ctx.out.push(
        ctx.file.diag(c.path, 'fallback-mismatch', `the fallback of '${c.name}' does not satisfy ${c.engine.contract}: ${p.message}`, {
          related: [{ range: file.range(file.offsets([...def.path, 'fallback', ...p.at])), message: `the fallback of '${c.name}'` }],
        }),
      );
    }
  }
  return true;
}

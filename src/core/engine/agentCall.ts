/**
 * One agent call: an `agent` span around the attempts (see attempts.ts), the agent's input
 * checked against its input contract, the reflection loop with its critic, and the
 * fallback when attempts run out.
 */
import { durationMs } from '../model/definition';
import { criticOutputSchema } from '../model/engineContracts';
import type { ResolvedAgent } from '../model/program';
import type { ChatMessage } from '../providers/types';
import { Attr } from '../tracing/records';
import type { Span } from '../tracing/tracer';
import { runAttempts, type Conversation, type OutputContract } from './attempts';
import type { EngineContext } from './context';
import { CancelledError, isCancelled, RunError, toTraceError } from './errors';
import { renderTemplate } from './template';
import { compileValidator, cutValue, valueAt, type Violation } from './validate';

/** `retries` when an agent does not say: no extra attempts (the examples rely on it). */
export const DEFAULT_RETRIES = 0;

/** One object, so its compiled validator is cached. */
const CRITIC_SCHEMA = criticOutputSchema();

export interface AgentCallOptions {
  /** An engine-supplied output contract (supervisor, planner, critic). */
  readonly contract?: OutputContract;
  /** Messages after the instructions and the input (a supervisor's earlier turns). */
  readonly extraMessages?: readonly ChatMessage[];
  readonly check?: (value: unknown) => Violation[];
  readonly step?: string;
  /** Carried across calls (a supervisor's turns) so each prompt is recorded as what it adds. */
  readonly conversation?: Conversation;
}

export function findAgent(ctx: EngineContext, name: string, fromFile: string): ResolvedAgent {
  const agent = ctx.program.agent(name, fromFile);
  if (!agent) throw new RunError('definition', `no agent named '${name}' is visible from ${fromFile}`);
  return agent;
}

export async function callAgent(ctx: EngineContext, agent: ResolvedAgent, input: unknown, parent: Span | undefined, opts: AgentCallOptions = {}): Promise<unknown> {
  if (ctx.signal.aborted || ctx.overDeadline?.()) throw new CancelledError();
  const contract: OutputContract | undefined =
    opts.contract ?? (agent.output && { name: agent.output.name, version: agent.output.version, schema: agent.output.schema, strict: agent.output.strictCompatible });
  const attrs: Record<string, unknown> = { 'handoff.agent': agent.name, 'handoff.input': input };
  if (contract) attrs[Attr.contract] = `${contract.name}@${contract.version}`;
  if (opts.step) attrs[Attr.step] = opts.step;
  const span = ctx.tracer.startSpan('agent', agent.name, parent, attrs);
  /** Set when the critic failed: that is no failure of this agent's model, so its fallback does not stand in. */
  let criticError: unknown;
  try {
    if (agent.input) {
      const { errors } = compileValidator(agent.input.schema)(input);
      if (errors.length > 0) {
        for (const v of errors) {
          span.event('contract.violation', { contract: agent.input.name, version: agent.input.version, path: v.path, message: v.message, value: cutValue(valueAt(input, v.path)) });
        }
        throw new RunError('input', `the input of agent '${agent.name}' breaks ${agent.input.name}@${agent.input.version} at ${errors[0]!.path || '/'}: ${errors[0]!.message}`);
      }
    }
    const binding = ctx.bind(agent);
    const req = {
      agent,
      binding,
      input,
      contract,
      retries: agent.def.retries ?? DEFAULT_RETRIES,
      timeoutMs: agent.def.timeout !== undefined ? durationMs(agent.def.timeout) : undefined,
      check: opts.check,
    };
    const conversation = opts.conversation ?? {};
    let head = conversation.head;
    if (!head || head.agent !== agent || head.input !== input) {
      const messages: ChatMessage[] = [
        { role: 'system', content: renderTemplate(agent.def.instructions ?? `You are the agent '${agent.name}'.`, input) },
        // A missing value (a `$input.x` the input lacks) is sent as JSON null: a message has content.
        { role: 'user', content: JSON.stringify(input) ?? 'null' },
      ];
      head = conversation.head = { agent, input, messages };
    }
    // concat, not a spread: a supervisor's history grows every turn, and V8 copies a spread
    // element by element (ten times slower for a 400-message history).
    const messages = head.messages.concat(opts.extraMessages ?? []);
    let result = await runAttempts(ctx, span, req, messages, conversation);
    let repaired = result.repaired;
    const reflect = agent.def.reflect;
    /** False when the rounds ran out without the critic approving: the last answer was never reviewed. */
    let approved = true;
    if (reflect) {
      const critic = findAgent(ctx, reflect.critic, agent.file);
      const rounds = reflect.rounds ?? 1;
      for (let round = 1; round <= rounds; round++) {
        let verdict: { approved: boolean; feedback: string };
        try {
          verdict = (await callAgent(ctx, critic, result.output, span, {
            contract: { name: `${critic.name}.verdict`, version: 1, schema: CRITIC_SCHEMA, strict: true },
          })) as { approved: boolean; feedback: string };
        } catch (err) {
          criticError = err;
          throw err;
        }
        span.event('reflection.round', { round, approved: verdict.approved, feedback: verdict.feedback });
        if (verdict.approved) break;
        if (round === rounds) approved = false;
        const again: ChatMessage[] = [
          ...result.messages,
          { role: 'assistant', content: result.text },
          { role: 'user', content: `A reviewer asked for changes:\n${verdict.feedback}\nAnswer again with only JSON that satisfies the contract.` },
        ];
        result = await runAttempts(ctx, span, req, again, conversation);
        repaired ||= result.repaired;
      }
    }
    const end: Record<string, unknown> = { 'handoff.output': result.output };
    if (repaired) end['handoff.repaired'] = true;
    if (!approved) end['handoff.reflection.approved'] = false;
    span.end('ok', end);
    return result.output;
  } catch (err) {
    if (isCancelled(err) || ctx.signal.aborted) {
      span.end('cancelled', {}, { message: 'cancelled', kind: 'cancelled' });
      throw err instanceof CancelledError ? err : new CancelledError();
    }
    const fallback = agent.def.fallback;
    // The fallback stands in for a model that failed. A script or a recorded trace with no
    // answer for the call (`no_reply`) is a mistake of the set-up, not of the model: falling
    // back would hide it (a replay would end ok with made-up values), so the call fails.
    if (fallback !== undefined && criticError !== err && err instanceof RunError && err.kind !== 'input' && err.kind !== 'definition' && err.kind !== 'no_reply') {
      span.event('fallback', { reason: err.message, kind: err.kind });
      span.end('ok', { 'handoff.fallback': true, 'handoff.output': fallback });
      return fallback;
    }
    span.end('error', {}, toTraceError(err));
    throw err;
  }
}

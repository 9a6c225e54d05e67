/**
 * The attempts of one model call: each attempt is its own `llm` span. Provider faults that
 * may pass (429, 5xx, timeouts, lost connections) wait with full-jitter backoff or the
 * server's `Retry-After` (up to the limit); other 4xx stop at once; a truncated reply or a
 * refusal is asked again; a reply that breaks the contract is repaired by asking again with
 * the validation errors in the conversation. All of these count against `retries`.
 */
import { MAX_JSON_DEPTH, nestsDeeperThan, nonFiniteNumberAt } from '../schema/depth';
import type { ResolvedAgent } from '../model/program';
import type { ChatMessage, ModelRequest, ModelResponse } from '../providers/types';
import { ProviderError } from '../providers/types';
import { PROMPT, PROMPT_PREFIX_LENGTH, PROMPT_PREFIX_SPAN } from '../tracing/prompt';
import { Attr } from '../tracing/records';
import { placeOf, type Span } from '../tracing/tracer';
import type { EngineContext, ModelBinding } from './context';
import { CancelledError, RunError } from './errors';
import { backoffDelay } from './timing';
import { compileValidator, cutValue, valueAt, type Violation } from './validate';

export interface OutputContract {
  readonly name: string;
  readonly version: number;
  readonly schema: import('../model/program').JsonSchema;
  readonly strict: boolean;
}

export interface AttemptsRequest {
  readonly agent: ResolvedAgent;
  readonly binding: ModelBinding;
  readonly input: unknown;
  readonly contract?: OutputContract;
  readonly retries: number;
  readonly timeoutMs?: number;
  /** Checks beyond the schema (for engine contracts); violations are repaired like schema ones. */
  readonly check?: (value: unknown) => Violation[];
}

/**
 * The last prompt sent in one conversation (an agent call's attempts and reflection rounds,
 * or a supervisor's turns), so that the next `llm` span records only the messages it adds:
 * `handoff.prompt.prefix_span` names the earlier span, `handoff.prompt.prefix_length` how
 * many of its messages come first. A 200-turn supervisor run is then linear in its trace.
 */
export interface Conversation {
  last?: { readonly spanId: string; readonly messages: readonly ChatMessage[] };
  /**
   * The instructions and the input as messages, kept while the same agent is called with the
   * same input (a supervisor's router, turn after turn): rendered once, and the same message
   * objects every turn, so the prompts compare by identity.
   */
  head?: { readonly agent: ResolvedAgent; readonly input: unknown; readonly messages: readonly ChatMessage[] };
}

/** How many messages `next` shares with `prev` from the start. */
function sharedPrefix(prev: readonly ChatMessage[], next: readonly ChatMessage[]): number {
  const n = Math.min(prev.length, next.length);
  let i = 0;
  while (i < n) {
    const a = prev[i]!;
    const b = next[i]!;
    if (a !== b && (a.role !== b.role || a.content !== b.content)) break;
    i++;
  }
  return i;
}

/** Sets the prompt attributes of an `llm` span: the messages after what the conversation's last prompt shares with this one. */
export function setPromptAttributes(attrs: Record<string, unknown>, conversation: Conversation, messages: readonly ChatMessage[]): Record<string, unknown> {
  const last = conversation.last;
  const shared = last ? sharedPrefix(last.messages, messages) : 0;
  if (shared === 0) attrs[PROMPT] = messages;
  else {
    attrs[PROMPT] = messages.slice(shared);
    attrs[PROMPT_PREFIX_SPAN] = last!.spanId;
    attrs[PROMPT_PREFIX_LENGTH] = shared;
  }
  return attrs;
}

export interface AttemptsResult {
  readonly output: unknown;
  readonly text: string;
  readonly repaired: boolean;
  readonly messages: ChatMessage[];
}

export async function runAttempts(ctx: EngineContext, parent: Span, req: AttemptsRequest, messages: ChatMessage[], conversation: Conversation = {}): Promise<AttemptsResult> {
  const { agent, binding, contract } = req;
  const validate = contract ? compileValidator(contract.schema) : undefined;
  let repaired = false;
  let retry = 0;
  for (let attempt = 0; ; attempt++) {
    if (ctx.signal.aborted || ctx.overDeadline?.()) throw new CancelledError();
    const attrs: Record<string, unknown> = {
      'handoff.agent': agent.name,
      'handoff.attempt': attempt,
      'gen_ai.provider.name': binding.provider.name,
      'gen_ai.request.model': binding.model,
      'gen_ai.operation.name': 'chat',
    };
    const llm = ctx.tracer.startSpan('llm', binding.model || agent.name, parent, setPromptAttributes(attrs, conversation, messages));
    conversation.last = { spanId: llm.id, messages };
    let res: ModelResponse;
    try {
      res = await callOnce(ctx, parent, req, messages, attempt);
    } catch (err) {
      let pe = err instanceof ProviderError ? err : new ProviderError('connection', (err as Error)?.message ?? String(err));
      // A provider that says "cancelled" when nothing cancelled the run has failed the call:
      // taken for a cancellation, a graph ended ok without the steps that read this one.
      if (pe.kind === 'cancelled' && !ctx.signal.aborted) {
        pe = new ProviderError('client', `the provider reported the call as cancelled, but nothing cancelled the run${pe.message ? ` (${pe.message})` : ''}`, { status: pe.status, retryable: false });
      }
      if (pe.kind === 'cancelled' || ctx.signal.aborted) {
        llm.end('cancelled', {}, { message: 'cancelled', kind: 'cancelled' });
        throw new CancelledError();
      }
      const endAttrs: Record<string, unknown> = pe.status ? { 'http.response.status_code': pe.status } : {};
      // What the server asked for: a replay must decide the same (wait, or give up over the limit).
      if (pe.retryAfterMs !== undefined) endAttrs['handoff.retry_after_ms'] = pe.retryAfterMs;
      llm.end('error', endAttrs, { message: pe.message, kind: pe.kind });
      const where = `agent '${agent.name}'`;
      if (!pe.retryable) throw new RunError(pe.kind, `${where}: ${pe.message}`, { cause: pe });
      if (pe.retryAfterMs !== undefined && pe.retryAfterMs > ctx.timing.maxRetryAfterMs) {
        throw new RunError(pe.kind, `${where}: ${pe.message}; the server asked to retry after ${Math.ceil(pe.retryAfterMs / 1000)} s, more than the ${ctx.timing.maxRetryAfterMs / 1000} s limit`, { cause: pe });
      }
      if (attempt >= req.retries) throw new RunError(pe.kind, `${where}: ${pe.message} (${attempts(attempt + 1)})`, { cause: pe });
      const delay = pe.replayed ? 0 : (pe.retryAfterMs ?? backoffDelay(retry++, ctx.timing));
      if (delay > 0) await ctx.timing.sleep(delay, ctx.signal);
      continue;
    }
    const endAttrs: Record<string, unknown> = {
      'gen_ai.response.finish_reasons': [res.finishReason],
      'gen_ai.response.model': res.model,
      'handoff.reply': res.text,
    };
    if (res.refusal !== undefined) endAttrs['handoff.refusal'] = res.refusal;
    if (res.usage) {
      endAttrs[Attr.inputTokens] = res.usage.inputTokens;
      endAttrs[Attr.outputTokens] = res.usage.outputTokens;
    }
    let failure: { kind: 'truncated' | 'refusal' | 'contract'; message: string } | undefined;
    let output: unknown;
    if (res.refusal !== undefined) failure = { kind: 'refusal', message: `the model refused: ${res.refusal}` };
    else if (res.finishReason === 'length') failure = { kind: 'truncated', message: 'the reply was cut off at the token limit (finish_reason: length)' };
    else {
      const violations = parseAndCheck(res.text, validate, req.check);
      if (violations.length === 0) output = violations.output;
      else {
        const name = contract ? `${contract.name}@${contract.version}` : 'JSON';
        for (const v of violations) {
          llm.event('contract.violation', {
            contract: contract?.name ?? '',
            version: contract?.version ?? 0,
            path: v.path,
            message: v.message,
            value: cutValue(valueAt(violations.output, v.path)),
          });
        }
        const first = violations[0]!;
        failure = { kind: 'contract', message: `the reply breaks ${name} at ${first.path || '/'}: ${first.message}` };
        messages = [
          ...messages,
          { role: 'assistant', content: res.text },
          { role: 'user', content: `Your reply does not satisfy the ${name} contract:\n${violations.map((v) => `- at ${v.path || '/'}: ${v.message}`).join('\n')}\nAnswer again with only JSON that satisfies it.` },
        ];
      }
    }
    if (!failure) {
      llm.end('ok', endAttrs);
      return { output, text: res.text, repaired, messages };
    }
    llm.end('error', endAttrs, failure);
    if (attempt >= req.retries) throw new RunError(failure.kind, `agent '${agent.name}': ${failure.message} (${attempts(attempt + 1)})`);
    if (failure.kind === 'contract') repaired = true;
  }
}

type Checked = Violation[] & { output?: unknown };

function parseAndCheck(text: string, validate: ReturnType<typeof compileValidator> | undefined, check?: (v: unknown) => Violation[]): Checked {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const out: Checked = [{ path: '', message: `the reply is not JSON (${(err as Error).message})` }];
    out.output = text;
    return out;
  }
  if (nestsDeeperThan(value)) {
    const out: Checked = [{ path: '', message: `the reply nests more than ${MAX_JSON_DEPTH} levels deep` }];
    out.output = text;
    return out;
  }
  let out: Checked;
  try {
    out = validate ? [...validate(value).errors] : [];
  } catch (err) {
    // A validator must not throw on data; if one does, the reply is not accepted and the
    // attempt ends like any violation (its span ends, retries and the fallback apply).
    out = [{ path: '', message: `could not be validated: ${err instanceof Error ? err.message : String(err)}` }];
  }
  const huge = nonFiniteNumberAt(text, value);
  if (huge !== undefined) out.unshift({ path: huge, message: 'is a number too large for JSON (it would be written as null)' });
  if (out.length === 0 && check) out.push(...check(value));
  out.output = value;
  return out;
}

/**
 * One attempt's request. Its `signal` (aborted by the run's cancellation or by the attempt's
 * time limit) is made on first read, with its listener and timer: an in-memory provider that
 * answers at once never reads it, and an attempt then costs none of them (on Node 20 an
 * abort controller with its listener and timer costs more than the rest of the attempt).
 * Exported for its tests.
 */
export class AttemptRequest implements ModelRequest {
  private controller: AbortController | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private onRunAbort: (() => void) | undefined;
  private readonly startedAt = performance.now();
  private disposed = false;
  /** The attempt's time ran out (rather than the run being cancelled). */
  timedOut = false;
  readonly temperature?: number;
  readonly maxTokens?: number;
  readonly responseSchema?: ModelRequest['responseSchema'];
  readonly onChunk?: (text: string) => void;

  constructor(
    private readonly runSignal: AbortSignal,
    readonly messages: readonly ChatMessage[],
    readonly model: string,
    readonly agent: string,
    readonly input: unknown,
    readonly attempt: number,
    readonly timeoutMs: number,
    extra: Pick<ModelRequest, 'temperature' | 'maxTokens' | 'responseSchema' | 'onChunk'>,
    /** The agent call's span (the parent of the attempt's `llm` span). */
    private readonly agentSpan?: Span,
  ) {
    this.temperature = extra.temperature;
    this.maxTokens = extra.maxTokens;
    this.responseSchema = extra.responseSchema;
    this.onChunk = extra.onChunk;
  }

  /** Made on first read, from the agent span: only replay reads it. */
  get place(): string | undefined {
    return this.agentSpan ? placeOf(this.agentSpan) : undefined;
  }

  get signal(): AbortSignal {
    if (this.controller) return this.controller.signal;
    const ac = (this.controller = new AbortController());
    const left = this.timeoutMs - (performance.now() - this.startedAt);
    // Read after the attempt ended: it is over, and nothing may outlive it.
    if (this.runSignal.aborted || this.disposed) ac.abort();
    else if (left <= 0) {
      this.timedOut = true;
      ac.abort();
    } else {
      this.onRunAbort = () => ac.abort();
      this.runSignal.addEventListener('abort', this.onRunAbort, { once: true });
      this.timer = setTimeout(() => {
        this.timedOut = true;
        ac.abort();
      }, left);
    }
    return ac.signal;
  }

  /** Drops the timer and the listener on the run's signal, if the signal was made. */
  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.onRunAbort) this.runSignal.removeEventListener('abort', this.onRunAbort);
  }
}

async function callOnce(ctx: EngineContext, agentSpan: Span, req: AttemptsRequest, messages: ChatMessage[], attempt: number): Promise<ModelResponse> {
  const { binding, agent, contract } = req;
  const limit = req.timeoutMs ?? ctx.timing.attemptTimeoutMs;
  const request = new AttemptRequest(ctx.signal, messages, binding.model, agent.name, req.input, attempt, limit, {
    temperature: binding.temperature,
    maxTokens: binding.maxTokens,
    responseSchema: contract ? { name: contract.name, schema: contract.schema, strict: contract.strict } : undefined,
    onChunk: ctx.onChunk ? (t) => ctx.onChunk?.(agent.name, t) : undefined,
  }, agentSpan);
  try {
    return await binding.provider.complete(request);
  } catch (err) {
    if (request.timedOut && !ctx.signal.aborted) throw new ProviderError('timeout', `no reply within ${limit} ms`);
    throw err;
  } finally {
    request.dispose();
  }
}

function attempts(n: number): string {
  return n === 1 ? '1 attempt' : `${n} attempts`;
}

/**
 * The `replay` provider: answers every model call from a recorded trace, with no network.
 * Each recorded `llm` span is an answer for its agent, that agent call's input (the
 * `handoff.input` of the parent `agent` span) and the place of the call (the spans above the
 * agent span: workflow, step…); calls with the same agent, input and place take the recorded
 * answers in order. Replay answers at once, so calls may come in another order than they were
 * recorded in: two branches of a graph, or two supervisors sharing a router, that call one
 * agent with one input each get their own answers. A call from a place the trace does not
 * know (a step renamed since) takes the answers for its agent and input in recorded order. A recorded provider fault is replayed as the same fault (with
 * no wait), so a replay reproduces the recorded sequence of spans; a call the recorded run
 * cancelled while it waited waits until the replayed run cancels it. A call with no recorded
 * answer fails (not retried) with a message that names the agent.
 */
import { fsReason, MAX_TRACE_BYTES } from '../files';
import { notATrace, readTraceSync, type DamagedLine, type LoadedTrace } from '../tracing/reader';
import { Attr } from '../tracing/records';
import { ProviderError, type ModelProvider, type ModelRequest, type ModelResponse, type ProviderErrorKind } from './types';

type Answer = { response: ModelResponse } | { cancelled: true } | { error: { kind: string; message: string; status?: number; retryAfterMs?: number } };
/** A recorded answer, in two lists (by place, and by agent and input alone); `used` once given. */
type Recorded = Answer & { used?: boolean };

/** The place of a recorded agent span: the kinds and names of the spans above it, root first (as `placeOf` in the run). */
function placeOfView(trace: LoadedTrace, agentSpanId: string | undefined): string {
  const parts: string[] = [];
  let id = agentSpanId ? trace.spans.get(agentSpanId)?.parentId : undefined;
  // A damaged trace could hold a parent cycle: stop after as many steps as there are spans.
  for (let n = 0; id !== undefined && n <= trace.spans.size; n++) {
    const s = trace.spans.get(id);
    if (!s) break;
    parts.push(`${s.kind}:${s.name}`);
    id = s.parentId;
  }
  return parts.reverse().join('/');
}

/** Takes the first answer of a list not given yet. */
function take(list: Recorded[] | undefined): Recorded | undefined {
  while (list && list.length > 0) {
    const next = list.shift()!;
    if (!next.used) {
      next.used = true;
      return next;
    }
  }
  return undefined;
}

/** JSON with object keys sorted, so equal values give equal keys. */
export function stableJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'undefined';
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).sort().filter((k) => o[k] !== undefined).map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`).join(',')}}`;
}

export class ReplayProvider implements ModelProvider {
  readonly name = 'replay';
  /** By agent and input. */
  private readonly answers = new Map<string, Recorded[]>();
  /** By agent, input and place. */
  private readonly placed = new Map<string, Recorded[]>();
  readonly calls: ModelRequest[] = [];

  constructor(trace: LoadedTrace) {
    const llms = trace.records.filter((r) => r.type === 'span' && r.phase === 'start' && r.kind === 'llm');
    for (const start of llms) {
      if (start.type !== 'span' || start.phase !== 'start') continue;
      const span = trace.spans.get(start.spanId);
      if (!span || span.status === undefined) continue;
      const parent = span.parentId ? trace.spans.get(span.parentId) : undefined;
      const agent = String(span.startAttributes[Attr.agent] ?? parent?.name ?? '');
      const key = `${agent}\u0000${stableJson(parent?.startAttributes['handoff.input'])}`;
      const end = span.endAttributes;
      let rec: Recorded;
      if (span.status === 'cancelled') rec = { cancelled: true };
      else if (typeof end['handoff.reply'] === 'string') {
        const reasons = end[Attr.finishReasons];
        rec = {
          response: {
            text: end['handoff.reply'],
            finishReason: Array.isArray(reasons) && typeof reasons[0] === 'string' ? reasons[0] : 'stop',
            model: String(end['gen_ai.response.model'] ?? span.startAttributes[Attr.requestModel] ?? 'replay'),
            usage: recordedUsage(end),
            refusal: typeof end['handoff.refusal'] === 'string' ? end['handoff.refusal'] : undefined,
          },
        };
      } else {
        const status = end['http.response.status_code'];
        const retryAfter = end['handoff.retry_after_ms'];
        rec = {
          error: {
            kind: span.error?.kind ?? 'server',
            message: span.error?.message ?? 'recorded error',
            status: typeof status === 'number' ? status : undefined,
            retryAfterMs: typeof retryAfter === 'number' && retryAfter >= 0 ? retryAfter : undefined,
          },
        };
      }
      const list = this.answers.get(key) ?? [];
      list.push(rec);
      this.answers.set(key, list);
      const placedKey = `${key}\u0000${placeOfView(trace, span.parentId)}`;
      const here = this.placed.get(placedKey) ?? [];
      here.push(rec);
      this.placed.set(placedKey, here);
    }
  }

  /** Lines of the replayed trace that could not be read: their answers are missing. */
  damaged: readonly DamagedLine[] = [];
  /** Whether the trace's last line is cut short (the recorded run was stopped while writing it): what it held is missing. */
  tornTail = false;

  /**
   * Reads a recorded trace to answer from. With `target`, a trace of another workflow or
   * agent is refused (its answers would not match, and every agent would fall back), and so
   * is a trace with no records at all, unless `allowEmpty` (a resumed run may need none).
   */
  static fromFile(path: string, target?: { workflow?: string; agent?: string; allowEmpty?: boolean }): ReplayProvider {
    let trace: LoadedTrace;
    try {
      // Line by line: a trace may be longer than a string can be.
      trace = readTraceSync(path, MAX_TRACE_BYTES);
    } catch (err) {
      throw new Error(`cannot read the trace to replay, ${path}: ${(err as NodeJS.ErrnoException).code ? fsReason(err) : (err as Error).message}`, { cause: err });
    }
    // An empty trace is fine (a resumed run may need no answers); a file that is no trace at all is a mistake.
    const why = notATrace(trace);
    if (why) throw new Error(`${path} is not a trace to replay: ${why}`);
    if (target && !target.allowEmpty && trace.records.length === 0) throw new Error(`${path} has no records to replay`);
    const run = trace.run;
    // Without its `run` line nothing says whose run a trace records: its answers would go to
    // whatever asks, and the run would fail far from the cause.
    if (target && !run && trace.records.length > 0) throw new Error(`${path} has no run line (its first line is missing or damaged), so it cannot be told which workflow or agent it records: it is not replayed`);
    if (target && run) {
      const recorded = run.workflow !== undefined ? `workflow '${run.workflow}'` : run.agent !== undefined ? `agent '${run.agent}'` : undefined;
      const wanted = target.workflow !== undefined ? `workflow '${target.workflow}'` : target.agent !== undefined ? `agent '${target.agent}'` : undefined;
      if (recorded && wanted && recorded !== wanted) throw new Error(`${path} records a run of ${recorded}, not of ${wanted}: its answers would not match`);
    }
    const provider = new ReplayProvider(trace);
    provider.damaged = trace.damaged.filter((d) => !d.unjoined); // lines that could not be read at all
    provider.tornTail = trace.tornTail;
    return provider;
  }

  /** Answers from memory at once, so it reads `req.signal` only for a call recorded as cancelled (the engine checks the run's before every attempt). */
  async complete(req: ModelRequest): Promise<ModelResponse> {
    this.calls.push(req);
    const key = `${req.agent}\u0000${stableJson(req.input)}`;
    const list = this.answers.get(key);
    const here = req.place === undefined ? undefined : this.placed.get(`${key}\u0000${req.place}`);
    // From its own place when the trace knows it (and then only from there), else by agent and input.
    const next = here ? take(here) : take(list);
    if (!next) {
      throw new ProviderError('no_reply', `the recorded trace has no ${list ? 'further ' : ''}answer for agent '${req.agent}' with this input`, { retryable: false });
    }
    if ('cancelled' in next) {
      // The recorded call was still waiting when the run stopped it (a sibling step failed, the
      // user cancelled): so does this one, until the replayed run stops it the same way (or
      // the attempt's own time limit does).
      await new Promise<void>((resolve) => {
        if (req.signal.aborted) resolve();
        else req.signal.addEventListener('abort', () => resolve(), { once: true });
      });
      throw new ProviderError('cancelled', 'cancelled while waiting for the model, as recorded');
    }
    if ('error' in next) {
      const kind = next.error.kind as ProviderErrorKind;
      // The recorded Retry-After too: over the engine's limit the recorded run gave up, and so does this one.
      throw new ProviderError(kind, next.error.message.replace(/^agent '[^']*': /, ''), { status: next.error.status, retryAfterMs: next.error.retryAfterMs, replayed: true });
    }
    req.onChunk?.(next.response.text);
    return next.response;
  }
}

/** The usage a recorded call reported, or none when it reported none (replaying it must not invent zeros). */
function recordedUsage(end: Record<string, unknown>): ModelResponse['usage'] {
  const input = end[Attr.inputTokens];
  const output = end[Attr.outputTokens];
  if (typeof input !== 'number' && typeof output !== 'number') return undefined;
  return { inputTokens: typeof input === 'number' ? input : 0, outputTokens: typeof output === 'number' ? output : 0 };
}

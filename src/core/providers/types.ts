/**
 * The one interface every model provider implements: the engine's `openai`, `scripted` and
 * `replay` providers, and the extension's `vscode.lm` provider. Kept small on purpose: one
 * call, one cancellation signal (on the request), typed errors.
 */
import type { JsonSchema } from '../model/program';

export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

export interface ModelRequest {
  readonly messages: readonly ChatMessage[];
  readonly model: string;
  readonly temperature?: number;
  readonly maxTokens?: number;
  /** The output contract to ask for (`response_format: json_schema`); strict when the checker says it can be. */
  readonly responseSchema?: { readonly name: string; readonly schema: JsonSchema; readonly strict: boolean };
  /** The agent being called: scripted and replay providers answer by agent. */
  readonly agent: string;
  /** The agent's input (the value its instructions were rendered from): replay matches on it. */
  readonly input: unknown;
  /**
   * Where the call is made: the kinds and names of the spans above its agent span, root first
   * (`workflow:w/step:a`). Replay tells apart calls of one agent with one input made from
   * different places (two branches of a graph, two supervisors sharing a router).
   */
  readonly place?: string;
  /** 0 for the first attempt of this agent call. */
  readonly attempt: number;
  /** Per-attempt time limit in ms; the provider fails with kind `timeout` when it runs out. */
  readonly timeoutMs?: number;
  /** Called with each streamed piece of text, when the provider streams. */
  readonly onChunk?: (text: string) => void;
  /**
   * Aborts when the run is cancelled or this attempt's time (`timeoutMs`, counted from the
   * attempt's start) runs out. Made on first read: a provider that answers from memory at
   * once need not read it, and its attempts then cost no abort controller, listener or timer.
   * A provider that waits on anything (a request, a delay) reads it and stops when it fires.
   */
  readonly signal: AbortSignal;
}

export type FinishReason = 'stop' | 'length' | 'content_filter' | 'refusal' | (string & {});

export interface ModelResponse {
  readonly text: string;
  readonly finishReason: FinishReason;
  readonly usage?: { readonly inputTokens: number; readonly outputTokens: number };
  readonly model: string;
  /** The model's refusal message, when it refused (OpenAI's `message.refusal`). */
  readonly refusal?: string;
}

export interface ModelProvider {
  readonly name: string;
  /** One attempt: the reply, or a ProviderError. Stops promptly once `req.signal` aborts. */
  complete(req: ModelRequest): Promise<ModelResponse>;
}

/** Stable kinds of provider failure; they are also the `kind` of errors in span ends. */
export type ProviderErrorKind =
  | 'rate_limit'
  | 'server'
  | 'timeout'
  | 'connection'
  | 'client'
  | 'auth'
  | 'truncated'
  | 'refusal'
  | 'cancelled'
  | 'no_reply';

const RETRYABLE: ReadonlySet<ProviderErrorKind> = new Set(['rate_limit', 'server', 'timeout', 'connection', 'truncated', 'refusal']);

export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  readonly kind: ProviderErrorKind;
  readonly retryable: boolean;
  readonly status?: number;
  /** From `Retry-After` / `retry-after-ms`, when the server sent one. */
  readonly retryAfterMs?: number;
  /** A recorded fault played back: the engine decides as it did then, but does not wait before the next attempt. */
  readonly replayed?: boolean;
  constructor(kind: ProviderErrorKind, message: string, opts: { status?: number; retryAfterMs?: number; retryable?: boolean; replayed?: boolean } = {}) {
    super(message);
    this.kind = kind;
    this.status = opts.status;
    this.retryAfterMs = opts.retryAfterMs;
    if (opts.replayed) this.replayed = true;
    this.retryable = opts.retryable ?? RETRYABLE.has(kind);
  }
}

/** Maps an HTTP status to a ProviderError kind. */
export function kindForStatus(status: number): ProviderErrorKind {
  if (status === 429) return 'rate_limit';
  if (status === 408) return 'timeout';
  if (status === 401 || status === 403) return 'auth';
  if (status >= 500) return 'server';
  return 'client';
}

/**
 * Parses `retry-after-ms` (milliseconds) or `Retry-After` (seconds, or an HTTP date) into
 * milliseconds from `now`. Undefined when absent or unreadable.
 */
export function parseRetryAfter(headers: { get(name: string): string | null | undefined }, now = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms && /^\d+(\.\d+)?$/.test(ms.trim())) return Number(ms);
  const ra = headers.get('retry-after');
  if (!ra) return undefined;
  const t = ra.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  // An HTTP date (RFC 9110: IMF-fixdate, or the obsolete RFC 850 and asctime forms): Date.parse
  // alone reads '-1', '3 4' or 'soon 1' as dates long past, which would mean "retry now".
  if (!/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? /i.test(t) || !/\d{1,2}:\d{2}:\d{2}/.test(t)) return undefined;
  const date = Date.parse(t);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * The `openai` provider: Chat Completions on any OpenAI-compatible base URL, through the
 * `openai` SDK (the only file that imports it). The SDK's own retries are off
 * (`maxRetries: 0`): the engine owns the retry policy, so every attempt is its own span.
 * SDK errors map to ProviderError kinds; `Retry-After` (seconds or an HTTP date) and
 * `retry-after-ms` become `retryAfterMs`. The key is never put in a message.
 */
import OpenAI from 'openai';
import { shownUrl } from '../runs/origins';
import { REDACTED, redactText } from '../tracing/redact';
import { kindForStatus, parseRetryAfter, ProviderError, type ModelProvider, type ModelRequest, type ModelResponse } from './types';

export interface OpenAIProviderOptions {
  readonly apiKey: string;
  /** Default https://api.openai.com/v1. */
  readonly baseURL?: string;
  /** Stream replies (`stream: true`); default: only when the request has `onChunk`. */
  readonly stream?: boolean;
  readonly defaultHeaders?: Record<string, string>;
  /**
   * Send the account identifiers the SDK reads from `OPENAI_ORG_ID` and `OPENAI_PROJECT_ID`
   * (as `OpenAI-Organization` / `OpenAI-Project` headers). Default true; false for a server
   * that is not trusted with the account (the CLI's withheld-key origins).
   */
  readonly accountHeaders?: boolean;
}

type Body = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;

export class OpenAIProvider implements ModelProvider {
  readonly name = 'openai';
  private readonly client: OpenAI;

  constructor(private readonly opts: OpenAIProviderOptions) {
    const untrusted = opts.accountHeaders === false;
    const account = untrusted ? { organization: null, project: null } : {};
    // The SDK also adds the headers of OPENAI_CUSTOM_HEADERS (a gateway's credentials, even an
    // Authorization): a server not trusted with the account gets none of them.
    const withheld = untrusted ? Object.fromEntries(customHeaderNames().map((n) => [n, null])) : {};
    this.client = new OpenAI({
      apiKey: opts.apiKey,
      baseURL: opts.baseURL,
      maxRetries: 0,
      timeout: 600_000,
      defaultHeaders: { ...withheld, ...opts.defaultHeaders },
      ...account,
      // OPENAI_LOG=debug would print every request, custom credential headers included, on
      // stdout (where `handoff run` writes its output); the engine reports what goes wrong.
      logLevel: 'off',
      // A redirect would carry the prompt (and headers other than Authorization) to a server
      // nobody chose: it fails the attempt instead.
      fetchOptions: { redirect: 'error' },
    });
  }

  /** The key never leaves this provider: a server that echoes it (in an error or a reply) has it masked. */
  private scrub(text: string): string {
    const key = this.opts.apiKey;
    return key.length >= 8 && text.includes(key) ? text.replaceAll(key, REDACTED) : text;
  }

  async complete(req: ModelRequest): Promise<ModelResponse> {
    const signal = req.signal;
    if (signal.aborted) throw new ProviderError('cancelled', 'cancelled before the request');
    const body: Body = {
      model: req.model,
      messages: req.messages.map((m) => ({ role: m.role, content: m.content })),
    };
    if (req.temperature !== undefined) body.temperature = req.temperature;
    if (req.maxTokens !== undefined) body.max_completion_tokens = req.maxTokens;
    if (req.responseSchema) {
      body.response_format = {
        type: 'json_schema',
        json_schema: {
          name: req.responseSchema.name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64),
          schema: req.responseSchema.schema as Record<string, unknown>,
          strict: req.responseSchema.strict,
        },
      };
    }
    const options = { signal, timeout: req.timeoutMs ?? 600_000 };
    try {
      if (this.opts.stream ?? req.onChunk !== undefined) return await this.streamed(body, options, req);
      const r = await this.client.chat.completions.create(body, options);
      // A server that is not OpenAI-compatible (a web page, another API) answers 200 too.
      if (!Array.isArray((r as { choices?: unknown } | null)?.choices)) throw new ProviderError('server', `${shownUrl(this.client.baseURL)} did not answer with a chat completion (no "choices" in the reply): is it an OpenAI-compatible endpoint?`);
      const choice = r.choices[0];
      if (!choice) throw new ProviderError('server', 'the reply has no choices');
      return {
        text: this.scrub(choice.message.content ?? ''),
        finishReason: this.scrub(choice.finish_reason ?? ''),
        refusal: choice.message.refusal ? this.scrub(choice.message.refusal) : undefined,
        model: this.scrub(r.model ?? ''),
        usage: r.usage ? { inputTokens: r.usage.prompt_tokens, outputTokens: r.usage.completion_tokens } : undefined,
      };
    } catch (err) {
      const e = mapError(err, signal, this.client.baseURL);
      const message = this.scrub(e.message);
      throw message === e.message ? e : new ProviderError(e.kind, message, { status: e.status, retryAfterMs: e.retryAfterMs, retryable: e.retryable });
    }
  }

  private async streamed(body: Body, options: { signal: AbortSignal; timeout: number }, req: ModelRequest): Promise<ModelResponse> {
    const stream = await this.client.chat.completions.create({ ...body, stream: true, stream_options: { include_usage: true } }, options);
    let text = '';
    let refusal: string | undefined;
    let finishReason = '';
    let model = req.model;
    let usage: ModelResponse['usage'];
    const shown = req.onChunk ? new KeyMasker(this.opts.apiKey) : undefined;
    for await (const chunk of stream) {
      model = chunk.model || model;
      if (chunk.usage) usage = { inputTokens: chunk.usage.prompt_tokens, outputTokens: chunk.usage.completion_tokens };
      const choice = chunk.choices[0];
      if (!choice) continue;
      if (choice.delta.content) {
        text += choice.delta.content;
        const safe = shown?.push(choice.delta.content);
        if (safe) req.onChunk?.(safe);
      }
      if (choice.delta.refusal) refusal = (refusal ?? '') + choice.delta.refusal;
      if (choice.finish_reason) finishReason = choice.finish_reason;
    }
    const rest = shown?.end();
    if (rest) req.onChunk?.(rest);
    if (!finishReason) throw new ProviderError('server', 'the stream ended without a finish reason (an incomplete or malformed reply)');
    return { text: this.scrub(text), finishReason: this.scrub(finishReason), refusal: refusal === undefined ? undefined : this.scrub(refusal), model: this.scrub(model), usage };
  }
}

/**
 * Masks the key in streamed text before anyone sees a piece of it: a server that echoes the
 * key may split it over chunks, so the end of what has arrived is held back while it could
 * still be the start of the key, and passed on once it cannot (or at the end of the stream).
 * Without a key (shorter than 8 characters, as `scrub` treats it) text passes through.
 */
export class KeyMasker {
  private held = '';
  constructor(private readonly key: string) {}

  /** The text that is safe to show now. */
  push(piece: string): string {
    if (this.key.length < 8) return piece;
    const text = (this.held + piece).replaceAll(this.key, REDACTED);
    const from = this.heldFrom(text);
    this.held = text.slice(from);
    return text.slice(0, from);
  }

  /** What was held back, at the end of the stream (it cannot be the key: it is shorter). */
  end(): string {
    const rest = this.held;
    this.held = '';
    return rest;
  }

  /** Where the longest end of `text` that begins the key starts (text.length when none does). */
  private heldFrom(text: string): number {
    const first = this.key[0] as string;
    for (let i = Math.max(0, text.length - this.key.length + 1); i < text.length; i++) {
      if (text[i] === first && this.key.startsWith(text.slice(i))) return i;
    }
    return text.length;
  }
}

/**
 * The reason under a failed fetch: the system's code (`ECONNREFUSED`, `ENOTFOUND`…), else
 * the innermost cause's message (fetch's own "bad port"); undefined when there is none.
 */
function causeOf(err: unknown): string | undefined {
  let innermost: string | undefined;
  let e = (err as { cause?: unknown } | undefined)?.cause as { cause?: unknown; code?: unknown; message?: unknown } | undefined;
  for (let i = 0; e && i < 5; e = e.cause as typeof e, i++) {
    if (typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code)) return e.code;
    if (typeof e.message === 'string' && e.message) innermost = e.message;
  }
  return innermost === 'fetch failed' ? undefined : innermost;
}

/** Maps what the SDK throws to a ProviderError; `baseURL` names the server in connection errors. */
export function mapError(err: unknown, signal: AbortSignal, baseURL?: string): ProviderError {
  if (err instanceof ProviderError) return err;
  if (signal.aborted || err instanceof OpenAI.APIUserAbortError) return new ProviderError('cancelled', 'cancelled');
  if (err instanceof OpenAI.APIConnectionTimeoutError) return new ProviderError('timeout', 'the request timed out');
  if (err instanceof OpenAI.APIConnectionError) {
    const cause = causeOf(err);
    return new ProviderError('connection', redactText(`connection failed${baseURL ? ` to ${shownUrl(baseURL)}` : ''}: ${cause ?? err.message}`));
  }
  if (err instanceof OpenAI.APIError && typeof err.status === 'number') {
    const kind = kindForStatus(err.status);
    const retryAfterMs = err.headers ? parseRetryAfter(err.headers) : undefined;
    return new ProviderError(kind, redactText(`HTTP ${err.status}: ${err.message}`), { status: err.status, retryAfterMs });
  }
  if (err instanceof SyntaxError) return new ProviderError('server', `the server sent a body that is not JSON: ${err.message}`);
  const msg = err instanceof Error ? err.message : String(err);
  return new ProviderError('connection', redactText(msg));
}

/** The names of the headers OPENAI_CUSTOM_HEADERS sets (one `Name: value` a line, as the SDK reads it). */
function customHeaderNames(): string[] {
  const raw = process.env['OPENAI_CUSTOM_HEADERS'];
  if (!raw) return [];
  return raw.split('\n').flatMap((line) => {
    const colon = line.indexOf(':');
    const name = colon >= 0 ? line.slice(0, colon).trim() : '';
    return name ? [name] : [];
  });
}

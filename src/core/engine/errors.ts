/**
 * Errors of a run. Every error that ends a span or a run has a stable `kind`: the provider
 * kinds (rate_limit, server, timeout, connection, client, auth, truncated, refusal,
 * cancelled, no_reply) and the engine's own (below).
 */
import type { ProviderErrorKind } from '../providers/types';
import { ProviderError } from '../providers/types';
import type { TraceError } from '../tracing/records';
import { redactText } from '../tracing/redact';

export type RunErrorKind =
  | ProviderErrorKind
  /** A reply, result or input that breaks its contract after every attempt. */
  | 'contract'
  /** The run's input does not satisfy the workflow's (or agent's) input contract. */
  | 'input'
  /** A supervisor that did not say FINISH within `max_turns`. */
  | 'max_turns'
  /** A plan that cannot run (empty, or a worker that does not exist). */
  | 'plan'
  /** A checkpoint that cannot be read or written. */
  | 'checkpoint'
  /** A name or expression the program does not resolve (the checker should have said). */
  | 'definition'
  /** The run's time limit (`--timeout`) ran out. */
  | 'deadline'
  | 'internal';

export class RunError extends Error {
  override readonly name = 'RunError';
  constructor(
    readonly kind: RunErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class CancelledError extends RunError {
  constructor(message = 'the run was cancelled') {
    super('cancelled', message);
  }
}

export function isCancelled(err: unknown): boolean {
  return err instanceof RunError ? err.kind === 'cancelled' : err instanceof ProviderError && err.kind === 'cancelled';
}

/** The `{message, kind}` of a span end or run end. */
export function toTraceError(err: unknown): TraceError {
  if (err instanceof RunError || err instanceof ProviderError) return { message: redactText(err.message), kind: err.kind };
  return { message: redactText(err instanceof Error ? err.message : String(err)), kind: 'internal' };
}

export function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new CancelledError();
}

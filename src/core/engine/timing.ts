/**
 * Time in the engine: sleeps that a cancellation cuts short, the backoff policy (exponential
 * with full jitter), and the limit on `Retry-After`. Injectable so tests run fast.
 */
import { CancelledError } from './errors';

export interface Timing {
  /** Resolves after `ms`, or rejects with CancelledError as soon as the signal aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** In [0, 1): the jitter source. */
  random(): number;
  /** The first retry waits up to this much; each retry doubles it. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A `Retry-After` longer than this fails the call instead of waiting (60 s). */
  readonly maxRetryAfterMs: number;
  /** The time limit of one model call when the agent sets no `timeout` (120 s). */
  readonly attemptTimeoutMs: number;
}

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new CancelledError());
    const onAbort = () => {
      clearTimeout(t);
      reject(new CancelledError());
    };
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export const defaultTiming: Timing = {
  sleep: abortableSleep,
  random: Math.random,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 60_000,
  attemptTimeoutMs: 120_000,
};

/** Full jitter: a uniform wait in [0, min(max, base · 2^retry)). `retry` is 0 for the first retry. */
export function backoffDelay(retry: number, t: Timing): number {
  return Math.floor(t.random() * Math.min(t.maxDelayMs, t.baseDelayMs * 2 ** retry));
}

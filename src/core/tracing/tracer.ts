/**
 * Makes trace records: the run line, spans (start, events, end) and the run.end line, and
 * hands them to the processors. Every started span ends: `endRun` ends what is still open
 * (innermost first) with the run's status, and nothing is recorded after `run.end`.
 */
import type { TraceProcessor } from './processor';
import type { Attributes, RunRecord, SpanKind, SpanStatus, TraceError, TraceRecord } from './records';
import { redactKeys } from './redact';

export type Clock = () => number;
/** Read once: a getter on every record costs more than the clock itself, and it does not change. */
const timeOrigin = performance.timeOrigin;
export const wallClock: Clock = () => timeOrigin + performance.now();

export class Span {
  private ended = false;
  /** @internal The tracer's list of open spans, in start order (a list, not a map: no hashing on the hot path). */
  prevOpen: Span | undefined;
  /** @internal */
  nextOpen: Span | undefined;
  constructor(
    private readonly tracer: Tracer,
    readonly id: string,
    readonly kind: SpanKind,
    readonly name: string,
    /** The span it was started under (undefined at the root). */
    readonly parent: Span | undefined,
  ) {}
  get parentId(): string | undefined {
    return this.parent?.id;
  }
  get isEnded(): boolean {
    return this.ended;
  }
  event(name: string, attributes: Attributes = {}): void {
    if (this.ended) return;
    this.tracer.emit({ type: 'event', spanId: this.id, name, time: this.tracer.now(), attributes: redactKeys(attributes) });
  }
  end(status: SpanStatus, attributes: Attributes = {}, error?: TraceError): void {
    if (this.ended) return;
    this.ended = true;
    this.tracer.closeSpan(this);
    const rec: TraceRecord = { type: 'span', phase: 'end', spanId: this.id, end: this.tracer.now(), status, attributes: redactKeys(attributes) };
    if (status !== 'ok') rec.error = error ?? { message: status, kind: status };
    this.tracer.emit(rec);
  }
}

export class Tracer {
  /** The newest open span; the open spans are linked through the spans themselves, in start order. */
  private lastOpen: Span | undefined;
  private next = 1;
  private closed = false;
  constructor(
    private readonly processors: readonly TraceProcessor[],
    readonly now: Clock = wallClock,
  ) {}

  /** @internal */
  emit(rec: TraceRecord): void {
    if (this.closed) return;
    for (const p of this.processors) {
      try {
        p.onRecord(rec);
      } catch {
        // A processor must not break the run; see TraceProcessor.
      }
    }
  }

  /** @internal */
  closeSpan(span: Span): void {
    const { prevOpen, nextOpen } = span;
    if (prevOpen) prevOpen.nextOpen = nextOpen;
    if (nextOpen) nextOpen.prevOpen = prevOpen;
    else this.lastOpen = prevOpen;
    span.prevOpen = span.nextOpen = undefined;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  startRun(run: Omit<RunRecord, 'type'>): void {
    this.emit({ type: 'run', ...run });
  }

  startSpan(kind: SpanKind, name: string, parent: Span | undefined, attributes: Attributes = {}): Span {
    const id = (this.next++).toString(16).padStart(16, '0');
    const span = new Span(this, id, kind, name, parent);
    span.prevOpen = this.lastOpen;
    if (this.lastOpen) this.lastOpen.nextOpen = span;
    this.lastOpen = span;
    const rec: TraceRecord = { type: 'span', phase: 'start', spanId: id, kind, name, start: this.now(), attributes: redactKeys(attributes) };
    if (parent) rec.parentId = parent.id;
    this.emit(rec);
    return span;
  }

  /** Ends open spans (innermost first), writes `run.end`, and records nothing more. */
  endRun(status: SpanStatus, result: { output?: unknown; error?: TraceError }): void {
    if (this.closed) return;
    const open: Span[] = [];
    for (let s = this.lastOpen; s; s = s.prevOpen) open.push(s);
    for (const s of open) s.end(status === 'ok' ? 'error' : status, {}, status === 'cancelled' ? { message: 'cancelled', kind: 'cancelled' } : { message: 'the run ended before this span', kind: 'abandoned' });
    const rec: TraceRecord = { type: 'run.end', status };
    if (status === 'ok') rec.output = result.output;
    else rec.error = result.error ?? { message: status, kind: status };
    this.emit(rec);
    this.closed = true;
  }

  async flush(): Promise<void> {
    await Promise.all(this.processors.map((p) => p.flush().catch(() => undefined)));
  }

  async shutdown(): Promise<void> {
    await Promise.all(this.processors.map((p) => p.shutdown().catch(() => undefined)));
  }
}

/**
 * Where a span sits: the kinds and names of its ancestors, root first (`workflow:w/step:a`).
 * The same for a span of the run and for the span recorded for it in its trace (placeOfView).
 */
export function placeOf(span: Span): string {
  const parts: string[] = [];
  for (let s = span.parent; s; s = s.parent) parts.push(`${s.kind}:${s.name}`);
  return parts.reverse().join('/');
}

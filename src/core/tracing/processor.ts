/**
 * The live feed of a run: every trace record, as it happens, goes to each processor. The
 * trace file writer is one; the extension's trace panel and the OTLP exporter are others.
 *
 * Contract: `onRecord` is called synchronously on the run's path, so it must be cheap and
 * must not throw (a throwing processor is ignored for that record); the records arrive in
 * file order: `run` first, then span starts, events and span ends, `run.end` last. `flush`
 * resolves once what was received is delivered; `shutdown` flushes and releases resources.
 */
import type { TraceRecord } from './records';

export interface TraceProcessor {
  onRecord(record: TraceRecord): void;
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** Keeps every record in memory (tests, replay, the panel's live view). */
export class MemoryTraceProcessor implements TraceProcessor {
  readonly records: TraceRecord[] = [];
  private listeners: ((r: TraceRecord) => void)[] = [];
  onRecord(record: TraceRecord): void {
    this.records.push(record);
    for (const l of this.listeners) l(record);
  }
  /** Resolves with the first record, from now on, that satisfies the predicate. */
  waitFor(pred: (r: TraceRecord) => boolean): Promise<TraceRecord> {
    const found = this.records.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => {
      const l = (r: TraceRecord) => {
        if (pred(r)) {
          this.listeners = this.listeners.filter((x) => x !== l);
          resolve(r);
        }
      };
      this.listeners.push(l);
    });
  }
  async flush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

/** Adapts plain callbacks (for example a webview post) to a processor. */
export function callbackProcessor(onRecord: (r: TraceRecord) => void): TraceProcessor {
  return { onRecord, flush: async () => {}, shutdown: async () => {} };
}

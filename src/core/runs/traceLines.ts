/**
 * Reads a `*.trace.jsonl` text into records that keep their 1-based line numbers, so that a
 * diagnostic can point at the exact line of the trace that recorded it. A torn last line or a
 * line that is not a record is skipped, never fatal (the file may still be being written).
 */
import { TraceRecord } from '../tracing/records';

export interface LineRecord {
  readonly line: number;
  readonly record: TraceRecord;
}

export function readTraceLines(text: string): LineRecord[] {
  const out: LineRecord[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (!raw) continue;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      continue;
    }
    const parsed = TraceRecord.safeParse(json);
    if (parsed.success) out.push({ line: i + 1, record: parsed.data });
  }
  return out;
}

/** Records that arrive one by one (a live run): numbered in arrival order, from line 1. */
export function numberRecords(records: readonly TraceRecord[]): LineRecord[] {
  return records.map((record, i) => ({ line: i + 1, record }));
}

/**
 * Reads a `*.trace.jsonl` text into records that keep their 1-based line numbers, so that a
 * diagnostic can point at the exact line of the trace that recorded it. A torn last line or a
 * line that is not a record is skipped, never fatal (the file may still be being written).
 */
import { parseLines } from '../tracing/reader';
import type { TraceRecord } from '../tracing/records';

export interface LineRecord {
  readonly line: number;
  readonly record: TraceRecord;
}

/** The records of a trace text, read as the trace reader reads them (a BOM, a torn last line). */
export function readTraceLines(text: string): LineRecord[] {
  return parseLines(text).numbered();
}

/** Records that arrive one by one (a live run): numbered in arrival order, from line 1. */
export function numberRecords(records: readonly TraceRecord[]): LineRecord[] {
  return records.map((record, i) => ({ line: i + 1, record }));
}

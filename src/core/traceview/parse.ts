/**
 * Minimal, tolerant reading of a `*.trace.jsonl` text: one record a line, validated with the
 * zod schemas of records.ts (through `checkRecord`, which is held to them by a test). A torn last line (a run still writing, or one that crashed) and
 * lines that are not records are counted and skipped, never fatal.
 */
import type { TraceRecord } from '../tracing/records';
import { checkRecord } from './fastRecord';

export interface ParsedTrace {
  readonly records: TraceRecord[];
  /** The 1-based line of each record (`lines[i]` for `records[i]`), for `TraceModel.apply`'s problems. */
  readonly lines: number[];
  /** Lines that were not valid records (1-based line numbers, at most 20 kept). */
  readonly badLines: number[];
  readonly badCount: number;
  /** The number of the line after the text's last: `firstLine` of the next chunk. */
  readonly nextLine: number;
}

/** `firstLine` numbers the lines of a text that is one chunk of a longer file. */
export function parseTraceText(text: string, firstLine = 1): ParsedTrace {
  const records: TraceRecord[] = [];
  const lines: number[] = [];
  const badLines: number[] = [];
  let badCount = 0;
  let lineNo = firstLine - 1;
  let pos = 0;
  while (pos < text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    const line = text.slice(pos, nl).trim();
    pos = nl + 1;
    lineNo++;
    if (!line) continue;
    const rec = parseRecordLine(line);
    if (rec) {
      records.push(rec);
      lines.push(lineNo);
    } else {
      badCount++;
      if (badLines.length < 20) badLines.push(lineNo);
    }
  }
  return { records, lines, badLines, badCount, nextLine: lineNo + 1 };
}

/** One line to one record, or undefined when it is not JSON or not a valid record. */
export function parseRecordLine(line: string): TraceRecord | undefined {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return undefined;
  }
  return checkRecord(json);
}

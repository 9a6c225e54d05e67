/**
 * Minimal, tolerant reading of a `*.trace.jsonl` text: one record a line, validated with the
 * zod schemas of records.ts (through `checkRecord`, which is held to them by a test). A torn
 * last line (a run still writing, or one that crashed) and lines that are not records are
 * counted and skipped, never fatal, each with why (as `handoff trace` says it).
 */
import { EventRecord, RunEndRecord, RunRecord, SpanEndRecord, SpanStartRecord, type TraceRecord } from '../tracing/records';
import { checkRecord } from './fastRecord';

/** A line that is no trace record: its 1-based number and why. */
export interface BadLine {
  readonly line: number;
  readonly reason: string;
}

export interface ParsedTrace {
  readonly records: TraceRecord[];
  /** The 1-based line of each record (`lines[i]` for `records[i]`), for `TraceModel.apply`'s problems. */
  readonly lines: number[];
  /** Lines that were not valid records (1-based line numbers, at most 20 kept). */
  readonly badLines: number[];
  /** The first `MAX_BAD_REASONS` lines that were not valid records, each with why. */
  readonly bad: BadLine[];
  /** Lines that were not valid records, the one cut short at the end included. */
  readonly badCount: number;
  /**
   * The line of the text's last line when it is cut short: it has no newline after it and is
   * not JSON (a run still writing it, or stopped while writing it). Counted in `badCount`,
   * not in `bad`.
   */
  readonly cutShortLine?: number;
  /** The number of the line after the text's last: `firstLine` of the next chunk. */
  readonly nextLine: number;
}

/** Bad lines given with their reason (finding the reason checks the line again, slowly, with zod). */
const MAX_BAD_REASONS = 1000;

/** `firstLine` numbers the lines of a text that is one chunk of a longer file. */
export function parseTraceText(text: string, firstLine = 1): ParsedTrace {
  const records: TraceRecord[] = [];
  const lines: number[] = [];
  const badLines: number[] = [];
  const bad: BadLine[] = [];
  let badCount = 0;
  let cutShortLine: number | undefined;
  let lineNo = firstLine - 1;
  let pos = 0;
  while (pos < text.length) {
    let nl = text.indexOf('\n', pos);
    const last = nl < 0;
    if (nl < 0) nl = text.length;
    const line = text.slice(pos, nl).trim();
    pos = nl + 1;
    lineNo++;
    if (!line) continue;
    const rec = parseRecordLine(line);
    if (rec) {
      records.push(rec);
      lines.push(lineNo);
      continue;
    }
    badCount++;
    if (badLines.length < 20) badLines.push(lineNo);
    const reason = bad.length < MAX_BAD_REASONS || last ? lineProblem(line) : undefined;
    if (last && reason === NOT_JSON) cutShortLine = lineNo;
    else if (reason !== undefined && bad.length < MAX_BAD_REASONS) bad.push({ line: lineNo, reason });
  }
  return { records, lines, badLines, bad, badCount, ...(cutShortLine !== undefined ? { cutShortLine } : {}), nextLine: lineNo + 1 };
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

const NOT_JSON = 'not JSON';

/**
 * Why a line is no trace record, naming the field (`span end: status: …`), in the words of
 * `handoff trace` (tracing/reader.ts): `not JSON`, or `not a trace record: …`.
 */
export function lineProblem(line: string): string {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return NOT_JSON;
  }
  const o = json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
  if (!o) return `not a trace record: a line holds a JSON object, not ${Array.isArray(json) ? 'an array' : json === null ? 'null' : `a ${typeof json}`}`;
  const schema =
    o['type'] === 'run' ? (['run', RunRecord] as const)
    : o['type'] === 'run.end' ? (['run.end', RunEndRecord] as const)
    : o['type'] === 'event' ? (['event', EventRecord] as const)
    : o['type'] === 'span' && o['phase'] === 'start' ? (['span start', SpanStartRecord] as const)
    : o['type'] === 'span' && o['phase'] === 'end' ? (['span end', SpanEndRecord] as const)
    : undefined;
  if (!schema) {
    if (o['type'] === 'span') return `not a trace record: a span line has phase "start" or "end", not ${JSON.stringify(o['phase']) ?? 'none'}`;
    return `not a trace record: type is run, span, event or run.end, not ${JSON.stringify(o['type']) ?? 'missing'}`;
  }
  const issue = schema[1].safeParse(json).error?.issues[0];
  return `not a trace record: ${schema[0]}: ${issue?.path.length ? `${issue.path.join('.')}: ` : ''}${issue?.message ?? 'invalid'}`;
}

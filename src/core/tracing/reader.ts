/**
 * Reads a `*.trace.jsonl` file tolerantly: a torn last line (a run still writing, or one
 * that died mid-line) is skipped quietly; a damaged line elsewhere is reported with its line
 * number and reading goes on. Spans are joined (start + events + end) into a tree.
 */
import { readFile } from 'node:fs/promises';
import { TraceRecord, type EventRecord, type RunEndRecord, type RunRecord, type SpanKind, type SpanStatus, type TraceError } from './records';

export interface DamagedLine {
  readonly line: number;
  readonly reason: string;
}

export interface SpanView {
  readonly id: string;
  readonly parentId?: string;
  readonly kind: SpanKind;
  readonly name: string;
  readonly start: number;
  end?: number;
  /** Absent while the span has not ended (or its end was lost). */
  status?: SpanStatus;
  readonly startAttributes: Record<string, unknown>;
  endAttributes: Record<string, unknown>;
  error?: TraceError;
  readonly events: EventRecord[];
  readonly children: SpanView[];
}

export interface LoadedTrace {
  readonly records: TraceRecord[];
  readonly run?: RunRecord;
  readonly end?: RunEndRecord;
  readonly damaged: DamagedLine[];
  /** True when the last line was cut short and skipped. */
  readonly tornTail: boolean;
  readonly spans: Map<string, SpanView>;
  readonly roots: SpanView[];
}

export function parseTrace(text: string): LoadedTrace {
  const records: TraceRecord[] = [];
  const damaged: DamagedLine[] = [];
  let tornTail = false;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (!raw.trim()) continue;
    const last = i === lines.length - 1; // no newline after it: possibly torn
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      if (last) tornTail = true;
      else damaged.push({ line: i + 1, reason: 'not JSON' });
      continue;
    }
    const r = TraceRecord.safeParse(json);
    if (r.success) records.push(r.data);
    else damaged.push({ line: i + 1, reason: `not a trace record: ${r.error.issues[0]?.message ?? 'invalid'}` });
  }
  return { records, damaged, tornTail, ...join(records) };
}

/**
 * Why a text that has lines is no trace at all: not one of them is a trace record (a script,
 * a log, some other JSON file given by mistake). Undefined when it holds a record, or nothing.
 */
export function notATrace(t: LoadedTrace): string | undefined {
  if (t.records.length > 0) return undefined;
  const first = t.damaged[0];
  if (first) return `no line of it is a trace record (line ${first.line}: ${first.reason})`;
  return t.tornTail ? 'its only line is cut short' : undefined;
}

/** Reads a trace file; throws only when the file cannot be read at all. */
export async function readTrace(path: string): Promise<LoadedTrace> {
  return parseTrace(await readFile(path, 'utf8'));
}

function join(records: readonly TraceRecord[]): { run?: RunRecord; end?: RunEndRecord; spans: Map<string, SpanView>; roots: SpanView[] } {
  const spans = new Map<string, SpanView>();
  let run: RunRecord | undefined;
  let end: RunEndRecord | undefined;
  const pendingEvents: EventRecord[] = [];
  for (const r of records) {
    if (r.type === 'run') run ??= r;
    else if (r.type === 'run.end') end = r;
    else if (r.type === 'event') {
      const s = spans.get(r.spanId);
      if (s) s.events.push(r);
      else pendingEvents.push(r);
    } else if (r.phase === 'start') {
      spans.set(r.spanId, { id: r.spanId, parentId: r.parentId, kind: r.kind, name: r.name, start: r.start, startAttributes: r.attributes, endAttributes: {}, events: [], children: [] });
    } else {
      const s = spans.get(r.spanId);
      if (!s) continue;
      s.end = r.end;
      s.status = r.status;
      s.endAttributes = r.attributes;
      if (r.error) s.error = r.error;
    }
  }
  for (const e of pendingEvents) spans.get(e.spanId)?.events.push(e);
  const roots: SpanView[] = [];
  for (const s of spans.values()) {
    const p = s.parentId ? spans.get(s.parentId) : undefined;
    if (p) p.children.push(s);
    else roots.push(s);
  }
  return { run, end, spans, roots };
}

/** Start and end attributes of a span, the end's winning. */
export function attributesOf(s: SpanView): Record<string, unknown> {
  return { ...s.startAttributes, ...s.endAttributes };
}

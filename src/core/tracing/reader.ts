/**
 * Reads a `*.trace.jsonl` file tolerantly: a torn last line (a run still writing, or one
 * that died mid-line) is skipped quietly; a damaged line elsewhere is reported with its line
 * number and reading goes on. Spans are joined (start + events + end) into a tree.
 */
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { EventRecord, RunEndRecord, RunRecord, SpanEndRecord, SpanStartRecord, TraceRecord, type SpanKind, type SpanStatus, type TraceError } from './records';

/** The longest line read (a record with a reply larger than this cannot be a string and is reported instead). */
export const MAX_LINE_BYTES = 128 * 1024 * 1024;

export interface DamagedLine {
  readonly line: number;
  readonly reason: string;
  /** True for a record that was read but could not be joined to its span (its start is lost or later). */
  readonly unjoined?: true;
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
  /** Records the writer dropped (its queue was full), as its `dropped` events count them. */
  readonly dropped: number;
  readonly spans: Map<string, SpanView>;
  readonly roots: SpanView[];
}

/** The reason a JSON line is no trace record, naming the field: `span end: status: …`. */
function recordProblem(json: unknown): string {
  const o = json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
  if (!o) return `not a trace record: a line holds a JSON object, not ${Array.isArray(json) ? 'an array' : json === null ? 'null' : `a ${typeof json}`}`;
  const schema =
    o.type === 'run' ? (['run', RunRecord] as const)
    : o.type === 'run.end' ? (['run.end', RunEndRecord] as const)
    : o.type === 'event' ? (['event', EventRecord] as const)
    : o.type === 'span' && o.phase === 'start' ? (['span start', SpanStartRecord] as const)
    : o.type === 'span' && o.phase === 'end' ? (['span end', SpanEndRecord] as const)
    : undefined;
  if (!schema) {
    if (o.type === 'span') return `not a trace record: a span line has phase "start" or "end", not ${JSON.stringify(o.phase) ?? 'none'}`;
    return `not a trace record: type is run, span, event or run.end, not ${JSON.stringify(o.type) ?? 'missing'}`;
  }
  const issue = schema[1].safeParse(json).error?.issues[0];
  return `not a trace record: ${schema[0]}: ${issue?.path.length ? `${issue.path.join('.')}: ` : ''}${issue?.message ?? 'invalid'}`;
}

/**
 * Parses a trace a line at a time (`readTrace` streams a file of any size through it).
 * Call `line` for every line in order, telling it whether it is the last and has no newline
 * after it (a torn line there is skipped quietly), then `finish`.
 */
export class TraceParser {
  private readonly records: TraceRecord[] = [];
  private readonly recordLines: number[] = [];
  private readonly damaged: DamagedLine[] = [];
  private tornTail = false;
  private lineNo = 0;

  constructor(private readonly maxLineBytes = MAX_LINE_BYTES) {}

  /** A line too long to read (`bytes` long): counted and reported, never parsed. */
  tooLong(bytes: number): void {
    this.lineNo++;
    this.damaged.push({ line: this.lineNo, reason: `too long to read (${bytes} bytes; at most ${this.maxLineBytes}); it is left out` });
  }

  line(text: string, last = false): void {
    this.lineNo++;
    const raw = this.lineNo === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    if (!raw.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      if (last) this.tornTail = true;
      else this.damaged.push({ line: this.lineNo, reason: 'not JSON' });
      return;
    }
    const r = TraceRecord.safeParse(json);
    if (r.success) {
      this.records.push(r.data);
      this.recordLines.push(this.lineNo);
    } else this.damaged.push({ line: this.lineNo, reason: recordProblem(json) });
  }

  /** The records read so far, each with its 1-based line number (nothing joined). */
  numbered(): { readonly line: number; readonly record: TraceRecord }[] {
    return this.records.map((record, i) => ({ line: this.recordLines[i]!, record }));
  }

  finish(): LoadedTrace {
    const joined = join(this.records, this.recordLines);
    const damaged = [...this.damaged, ...joined.damaged].sort((a, b) => a.line - b.line);
    return { records: this.records, damaged, tornTail: this.tornTail, run: joined.run, end: joined.end, spans: joined.spans, roots: joined.roots, dropped: joined.dropped };
  }
}

/** A parser that has read every line of `text`. */
export function parseLines(text: string): TraceParser {
  const parser = new TraceParser();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) parser.line(lines[i]!, i === lines.length - 1);
  return parser;
}

export function parseTrace(text: string): LoadedTrace {
  return parseLines(text).finish();
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

/**
 * Feeds a parser with chunks of a file, line by line: a line longer than `maxLineBytes` is
 * counted and reported, never held in memory (it could be longer than the longest string).
 */
class ChunkLines {
  private readonly decoder = new TextDecoder('utf-8');
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** The length of a line over the limit, while its bytes are being skipped. */
  private skipping: number | undefined;

  constructor(
    private readonly parser: TraceParser,
    private readonly maxLineBytes: number,
  ) {}

  push(chunk: Buffer): void {
    let from = 0;
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, from)) {
      const piece = chunk.subarray(from, nl);
      if (this.skipping !== undefined || this.pendingBytes + piece.length > this.maxLineBytes) this.parser.tooLong((this.skipping ?? this.pendingBytes) + piece.length);
      else this.parser.line(this.decoder.decode(this.pending.length ? Buffer.concat([...this.pending, piece]) : piece));
      this.pending = [];
      this.pendingBytes = 0;
      this.skipping = undefined;
      from = nl + 1;
    }
    if (from < chunk.length) {
      const rest = chunk.subarray(from);
      if (this.skipping !== undefined) this.skipping += rest.length;
      else if (this.pendingBytes + rest.length > this.maxLineBytes) {
        // Too long for a string: the rest of this line is counted, not kept.
        this.skipping = this.pendingBytes + rest.length;
        this.pending = [];
        this.pendingBytes = 0;
      } else {
        // Copied: a reader may reuse its buffer for the next chunk.
        this.pending.push(Buffer.from(rest));
        this.pendingBytes += rest.length;
      }
    }
  }

  finish(): LoadedTrace {
    if (this.skipping !== undefined) this.parser.tooLong(this.skipping);
    else this.parser.line(this.decoder.decode(Buffer.concat(this.pending)), true);
    return this.parser.finish();
  }
}

/**
 * Reads a trace file a chunk at a time, so that a file longer than the longest string
 * (about 512 MiB) still loads; throws only when the file cannot be read at all.
 */
export async function readTrace(path: string, maxLineBytes = MAX_LINE_BYTES): Promise<LoadedTrace> {
  const lines = new ChunkLines(new TraceParser(maxLineBytes), maxLineBytes);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) lines.push(chunk);
  return lines.finish();
}

/**
 * `readTrace`, synchronously (a replay reads its trace before the run starts). What is not a
 * regular file (a pipe) is read up to `maxPipeBytes`, an endless device refused at it.
 */
export function readTraceSync(path: string, maxPipeBytes: number, maxLineBytes = MAX_LINE_BYTES): LoadedTrace {
  const st = statSync(path);
  if (st.isDirectory()) throw new Error(`${path} is a folder, not a file`);
  const lines = new ChunkLines(new TraceParser(maxLineBytes), maxLineBytes);
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    let total = 0;
    for (let n = readSync(fd, buf, 0, buf.length, null); n > 0; n = readSync(fd, buf, 0, buf.length, null)) {
      total += n;
      if (!st.isFile() && total > maxPipeBytes) throw new Error(`${path} is longer than the ${Math.round(maxPipeBytes / 2 ** 20)} MiB it may be`);
      lines.push(buf.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return lines.finish();
}

/**
 * Joins records into spans. What cannot be joined is reported with its line instead of
 * vanishing, and a file's oddities are said, never silently resolved: a second `run` or
 * `run.end` (the first wins: a trace file holds one run), a span started or ended twice (the
 * first wins), an end or event of a span that never started, an end recorded before its
 * start (joined all the same), a span whose parent is not in the file or whose parents form
 * a loop (shown at the top). When the writer dropped records (its `dropped` events count
 * them), lost starts and parents are expected and not reported line by line.
 */
function join(records: readonly TraceRecord[], lines: readonly number[]): { run?: RunRecord; end?: RunEndRecord; spans: Map<string, SpanView>; roots: SpanView[]; damaged: DamagedLine[]; dropped: number } {
  const spans = new Map<string, SpanView>();
  const startLine = new Map<string, number>();
  const endLine = new Map<string, number>();
  const damaged: DamagedLine[] = [];
  let run: RunRecord | undefined;
  let runLine = 0;
  let end: RunEndRecord | undefined;
  let endRunLine = 0;
  let dropped = 0;
  const early: { r: EventRecord | SpanEndRecord; line: number }[] = [];
  const applyEnd = (s: SpanView, r: SpanEndRecord, line: number): void => {
    const first = endLine.get(r.spanId);
    if (first !== undefined) {
      damaged.push({ line, reason: `span ${r.spanId} ended again (first at line ${first}); this end is ignored`, unjoined: true });
      return;
    }
    endLine.set(r.spanId, line);
    s.end = r.end;
    s.status = r.status;
    s.endAttributes = r.attributes;
    if (r.error) s.error = r.error;
  };
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    const line = lines[i]!;
    if (r.type === 'run') {
      if (run) damaged.push({ line, reason: `a second run record (run ${r.runId}; the file's run ${run.runId} is at line ${runLine}): a trace file holds one run, this one is ignored`, unjoined: true });
      else [run, runLine] = [r, line];
    } else if (r.type === 'run.end') {
      if (end) damaged.push({ line, reason: `a second run.end (the first, at line ${endRunLine}, says ${end.status}): it is ignored`, unjoined: true });
      else [end, endRunLine] = [r, line];
    } else if (r.type === 'event') {
      if (r.name === 'dropped' && typeof r.attributes['count'] === 'number') dropped += r.attributes['count'];
      const s = spans.get(r.spanId);
      if (s) s.events.push(r);
      else early.push({ r, line });
    } else if (r.phase === 'start') {
      const first = startLine.get(r.spanId);
      if (first !== undefined) {
        damaged.push({ line, reason: `span ${r.spanId} started again (first at line ${first}); this start is ignored`, unjoined: true });
        continue;
      }
      startLine.set(r.spanId, line);
      spans.set(r.spanId, { id: r.spanId, parentId: r.parentId, kind: r.kind, name: r.name, start: r.start, startAttributes: r.attributes, endAttributes: {}, events: [], children: [] });
    } else {
      const s = spans.get(r.spanId);
      if (s) applyEnd(s, r, line);
      else early.push({ r, line });
    }
  }
  for (const { r, line } of early) {
    const s = spans.get(r.spanId);
    const what = r.type === 'event' ? `event ${r.name} of span ${r.spanId}` : `end of span ${r.spanId}`;
    if (!s) {
      if (dropped === 0) damaged.push({ line, reason: `${what}, a span that never started; it is left out`, unjoined: true });
      continue;
    }
    if (r.type === 'event') s.events.push(r);
    else applyEnd(s, r, line);
    damaged.push({ line, reason: `${what} comes before its start (line ${startLine.get(r.spanId)}); joined all the same`, unjoined: true });
  }
  for (const s of spans.values()) s.events.sort((a, b) => a.time - b.time);
  const roots: SpanView[] = [];
  for (const s of spans.values()) {
    const p = s.parentId !== undefined ? spans.get(s.parentId) : undefined;
    if (p && p !== s) p.children.push(s);
    else {
      roots.push(s);
      if (s.parentId !== undefined && (p === s || dropped === 0)) {
        damaged.push({ line: startLine.get(s.id)!, reason: p === s ? `span ${s.id} names itself as its parent; it is shown at the top` : `span ${s.id}'s parent ${s.parentId} is not in the trace; it is shown at the top`, unjoined: true });
      }
    }
  }
  // Spans whose parents form a loop are reachable from no root: each loop is cut at the span
  // that closes it, which is shown at the top.
  const reached = new Set<SpanView>();
  const reach = (from: SpanView): void => {
    const stack = [from];
    while (stack.length) {
      const n = stack.pop()!;
      if (reached.has(n)) continue;
      reached.add(n);
      for (const c of n.children) stack.push(c);
    }
  };
  for (const r of roots) reach(r);
  if (reached.size < spans.size) {
    for (const s of spans.values()) {
      if (reached.has(s)) continue;
      const path: SpanView[] = [];
      const onPath = new Set<SpanView>();
      let cur: SpanView | undefined = s;
      while (cur && !onPath.has(cur) && !reached.has(cur)) {
        onPath.add(cur);
        path.push(cur);
        cur = cur.parentId !== undefined ? spans.get(cur.parentId) : undefined;
      }
      if (!cur || reached.has(cur)) continue; // under a loop cut meanwhile: reached below
      const loop = path.slice(path.indexOf(cur));
      const parent = spans.get(cur.parentId!)!;
      parent.children.splice(parent.children.indexOf(cur), 1);
      roots.push(cur);
      damaged.push({ line: startLine.get(cur.id)!, reason: `spans ${loop.map((x) => x.id).join(' → ')} name each other as parents in a loop; span ${cur.id} is shown at the top`, unjoined: true });
      reach(cur);
    }
  }
  return { run, end, spans, roots, damaged, dropped };
}

/** Start and end attributes of a span, the end's winning. */
export function attributesOf(s: SpanView): Record<string, unknown> {
  return { ...s.startAttributes, ...s.endAttributes };
}

/**
 * The span tree, built incrementally from trace records (a live run) or all at once (a file).
 * Spans are kept in start order; a child whose parent has not arrived yet waits as a root and
 * is moved under its parent when the parent appears.
 *
 * A damaged trace is read as the file reader (tracing/reader.ts) reads it, so the panel and
 * the CLI agree: the first `run`, `run.end`, span start and span end win; an end or event
 * that comes before its span's start is held and joined when the start comes; a span whose
 * parent is missing, or whose parents form a loop, is a root. Each of these is listed in
 * `problems`.
 */
import {
  Attr,
  type Attributes,
  type EventRecord,
  type RunEndRecord,
  type RunRecord,
  type SpanEndRecord,
  type SpanKind,
  type SpanStatus,
  type TraceError,
  type TraceRecord,
} from '../tracing/records';
import { resolvePrompt, type ResolvedPrompt } from '../tracing/prompt';

export type { ResolvedPrompt };

/** What a node of the tree or the graph shows. */
export type NodeState =
  | 'pending'
  | 'running'
  | 'ok'
  | 'repaired'
  | 'fallback'
  | 'failed'
  | 'skipped'
  | 'cancelled'
  /** Started and never ended in a run that is over (interrupted, or its trace cut short): the panel's word for `running` there. */
  | 'unfinished';

export const NODE_STATES: readonly NodeState[] = [
  'pending', 'running', 'ok', 'repaired', 'fallback', 'failed', 'skipped', 'cancelled', 'unfinished',
];

export const STATE_LABEL: Record<NodeState, string> = {
  pending: 'pending',
  running: 'running',
  ok: 'ok',
  repaired: 'violated and repaired',
  fallback: 'fallback',
  failed: 'failed',
  skipped: 'skipped',
  unfinished: 'did not end',
  cancelled: 'cancelled',
};

export interface SpanNode {
  readonly id: string;
  parentId: string | undefined;
  readonly kind: SpanKind;
  readonly name: string;
  readonly start: number;
  end: number | undefined;
  status: SpanStatus | undefined;
  readonly startAttributes: Attributes;
  endAttributes: Attributes;
  error: TraceError | undefined;
  readonly events: EventRecord[];
  readonly children: SpanNode[];
  /** Position in start order (stable row order for the tree). */
  readonly seq: number;
}

export function attr(node: SpanNode, name: string): unknown {
  return name in node.endAttributes ? node.endAttributes[name] : node.startAttributes[name];
}

/** The whole prompt of an `llm` span, its earlier messages taken from the spans it continues (see tracing/prompt.ts). */
export function promptOf(spans: ReadonlyMap<string, SpanNode>, node: SpanNode): ResolvedPrompt | undefined {
  return resolvePrompt(node.id, (id) => spans.get(id)?.startAttributes);
}

export function numAttr(node: SpanNode, name: string): number | undefined {
  const v = attr(node, name);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** A token count is a finite number, not negative; anything else is left out of totals. */
export function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}

export function durationOf(node: SpanNode, now?: number): number | undefined {
  const end = node.end ?? now;
  return end === undefined ? undefined : Math.max(0, end - node.start);
}

/** One counter for every model's versions (see `TraceModel.version`). */
let versions = 0;

/** Something wrong in the trace that the model worked around (see the policy above). */
export interface TraceProblem {
  readonly spanId?: string;
  readonly message: string;
  /** The 1-based line of the record in its file, when the model was given line numbers. */
  readonly line?: number;
}

/** Damaged lines listed one by one in `problems`; more are counted. */
const MAX_SKIPPED_LISTED = 1000;

const TOKEN_ATTRS = [Attr.inputTokens, Attr.outputTokens];

export class TraceModel {
  run: RunRecord | undefined;
  runEnd: RunEndRecord | undefined;
  readonly spans = new Map<string, SpanNode>();
  /**
   * Changes on every change, so views can tell whether to redraw; unique across models, so a
   * view's cache keyed by version never takes a new model (the panel's next run) for the one
   * it replaced.
   */
  version = ++versions;
  minStart = Infinity;
  maxEnd = -Infinity;
  private seq = 0;
  private readonly rootList: SpanNode[] = [];
  /** Roots since moved under their parent, taken out of `rootList` when `roots` is next read. */
  private readonly adopted = new Set<SpanNode>();
  /** Union-find links towards each span's tree root (to tell a parent loop in near-constant time). */
  private readonly up = new Map<SpanNode, SpanNode>();
  private readonly waiting = new Map<string, SpanNode[]>();
  private readonly pendingEvents = new Map<string, { r: EventRecord; line: number | undefined }[]>();
  private readonly pendingEnds = new Map<string, { r: SpanEndRecord; line: number | undefined }>();
  /** Line of each span's start, kept only when lines are given (not on the live path). */
  private readonly startLines = new Map<string, number>();
  private readonly reported: TraceProblem[] = [];
  /** The writer dropped records (a `dropped` event): lost starts are expected, not reported one by one. */
  private dropped = false;
  /** Lines of the file that are no trace records, with why (`skipLine`). */
  private readonly skipped: TraceProblem[] = [];
  /**
   * The line of the file's last line when it is cut short (no newline, not a whole record: a
   * run still writing it, or one stopped while writing it); undefined when it is not.
   */
  cutShortLine: number | undefined;
  /** Skipped lines beyond the first `MAX_SKIPPED_LISTED`: counted, not listed one by one. */
  private skippedMore = 0;

  /** Records, with their 1-based line numbers in the file when known (`lines[i]` for `records[i]`). */
  static from(records: readonly TraceRecord[], lines?: readonly number[]): TraceModel {
    const m = new TraceModel();
    m.apply(records, lines);
    return m;
  }

  /** Top-level spans, in start order of arrival. */
  get roots(): SpanNode[] {
    // Moving many early children under a late parent removes them here in one pass, not
    // one indexOf + splice each (quadratic for a file whose parent comes last).
    if (this.adopted.size) {
      let k = 0;
      for (const n of this.rootList) if (!this.adopted.has(n)) this.rootList[k++] = n;
      this.rootList.length = k;
      this.adopted.clear();
    }
    return this.rootList;
  }

  /**
   * What was wrong with the trace, in line order when lines are known: records that lost
   * (a second run, end or start), records out of order, spans shown as roots because their
   * parent is missing or in a loop, ends before starts, token counts left out of totals, and
   * ends and events of spans that never started.
   */
  get problems(): TraceProblem[] {
    const out = [...this.skipped, ...this.reported];
    if (this.skippedMore) out.push(this.problem(undefined, `${this.skippedMore} more lines that are no trace records are left out`, undefined));
    if (this.cutShortLine !== undefined) {
      out.push(this.problem(undefined, 'the last line is cut short (the run was stopped while writing it, or is still writing it); it is left out', this.cutShortLine));
    }
    for (const [parentId, list] of this.waiting) {
      for (const n of list) out.push(this.problem(n.id, `span ${n.id}'s parent ${parentId} is not in the trace; shown as a root`, this.startLines.get(n.id)));
    }
    if (!this.dropped) {
      for (const [id, { line }] of this.pendingEnds) out.push(this.problem(id, `end of span ${id}, a span that never started; it is left out`, line));
      for (const [id, list] of this.pendingEvents) {
        for (const { r, line } of list) out.push(this.problem(id, `event ${r.name} of span ${id}, a span that never started; it is left out`, line));
      }
    }
    if (out.some((p) => p.line !== undefined)) out.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
    return out;
  }

  /** Lines of the file that were skipped: damaged lines, not JSON or not a trace record, and why. */
  get skippedLines(): number {
    return this.skipped.length + this.skippedMore + (this.cutShortLine !== undefined ? 1 : 0);
  }

  /** A line of the file that is no trace record (`reason`: not JSON, or which field is wrong): listed in `problems`. */
  skipLine(line: number, reason: string): void {
    if (this.skipped.length < MAX_SKIPPED_LISTED) this.skipped.push({ message: reason, line });
    else this.skippedMore++;
    this.version = ++versions;
  }

  apply(records: readonly TraceRecord[], lines?: readonly number[]): void {
    for (let i = 0; i < records.length; i++) this.applyOne(records[i]!, lines?.[i]);
    this.version = ++versions;
  }

  private problem(spanId: string | undefined, message: string, line: number | undefined): TraceProblem {
    return { ...(spanId !== undefined ? { spanId } : {}), message, ...(line !== undefined ? { line } : {}) };
  }

  private report(spanId: string | undefined, message: string, line: number | undefined): void {
    this.reported.push(this.problem(spanId, message, line));
  }

  private applyOne(r: TraceRecord, line: number | undefined): void {
    switch (r.type) {
      case 'run':
        if (!this.run) this.run = r;
        else this.report(undefined, `a second run record (run ${r.runId}) is ignored; the first (run ${this.run.runId}) wins`, line);
        return;
      case 'run.end':
        if (!this.runEnd) this.runEnd = r;
        else this.report(undefined, `a second run.end record (${r.status}) is ignored; the first (${this.runEnd.status}) wins`, line);
        return;
      case 'event': {
        if (r.name === 'dropped') this.dropped = true;
        const span = this.spans.get(r.spanId);
        if (span) span.events.push(r);
        else {
          const list = this.pendingEvents.get(r.spanId) ?? [];
          list.push({ r, line });
          this.pendingEvents.set(r.spanId, list);
        }
        if (r.time > this.maxEnd) this.maxEnd = r.time;
        return;
      }
      case 'span':
        if (r.phase === 'start') this.startSpan(r.spanId, r.parentId, r.kind, r.name, r.start, r.attributes, line);
        else {
          const node = this.spans.get(r.spanId);
          if (node) this.endSpan(node, r, line);
          else if (this.pendingEnds.has(r.spanId)) this.report(r.spanId, `span ${r.spanId} ended again; this end is ignored`, line);
          // An end before its start (lines moved by hand or by a merge) waits for the start.
          else this.pendingEnds.set(r.spanId, { r, line });
        }
        return;
    }
  }

  /** The root of the tree `n` is in (union-find, with path halving). */
  private rootOf(n: SpanNode): SpanNode {
    for (;;) {
      const p = this.up.get(n);
      if (!p) return n;
      const pp = this.up.get(p);
      if (pp) this.up.set(n, pp);
      n = pp ?? p;
    }
  }

  private startSpan(
    id: string,
    parentId: string | undefined,
    kind: SpanKind,
    name: string,
    start: number,
    attributes: Attributes,
    line: number | undefined,
  ): void {
    if (this.spans.has(id)) {
      // A duplicate start is ignored: the first one wins.
      this.report(id, `span ${id} started again; this start is ignored`, line);
      return;
    }
    if (parentId === id) {
      // Its own parent: it would hang under itself, out of every walk from the roots.
      this.report(id, `span ${id} is its own parent; shown as a root`, line);
      parentId = undefined;
    }
    const early = this.pendingEvents.get(id);
    const node: SpanNode = {
      id,
      parentId,
      kind,
      name,
      start,
      end: undefined,
      status: undefined,
      startAttributes: attributes,
      endAttributes: {},
      error: undefined,
      events: early ? early.map((e) => e.r) : [],
      children: [],
      seq: this.seq++,
    };
    if (line !== undefined) this.startLines.set(id, line);
    this.spans.set(id, node);
    if (start < this.minStart) this.minStart = start;
    if (start > this.maxEnd) this.maxEnd = start;
    this.checkTokens(node, attributes, line);
    if (early) {
      this.pendingEvents.delete(id);
      for (const e of early) this.report(id, `event ${e.r.name} of span ${id} comes before its start; joined all the same`, e.line);
    }
    const parent = parentId === undefined ? undefined : this.spans.get(parentId);
    if (parent) {
      parent.children.push(node);
      this.up.set(node, parent);
    } else {
      this.rootList.push(node);
      if (parentId !== undefined) {
        const list = this.waiting.get(parentId) ?? [];
        list.push(node);
        this.waiting.set(parentId, list);
      }
    }
    const orphans = this.waiting.get(id);
    if (orphans) {
      this.waiting.delete(id);
      // A waiting child is a root; if it is the root of this span's own tree, it is an
      // ancestor of this span, and moving it under this span would close a loop.
      const top = this.rootOf(node);
      for (const o of orphans) {
        if (o === top) {
          this.report(o.id, `span ${o.id}'s parent ${id} is also its descendant (a loop); shown as a root`, this.startLines.get(o.id));
          // The webview walks up parentId to the root; a loop would never end.
          o.parentId = undefined;
          continue;
        }
        this.adopted.add(o);
        this.up.set(o, node);
        node.children.push(o);
      }
      node.children.sort((a, b) => a.seq - b.seq);
    }
    const end = this.pendingEnds.get(id);
    if (end) {
      this.pendingEnds.delete(id);
      this.report(id, `end of span ${id} comes before its start; joined all the same`, end.line);
      this.endSpan(node, end.r, end.line);
    }
  }

  private endSpan(node: SpanNode, r: SpanEndRecord, line: number | undefined): void {
    if (node.end !== undefined) {
      this.report(node.id, `span ${node.id} ended again; this end is ignored`, line);
      return;
    }
    node.end = r.end;
    node.status = r.status;
    node.endAttributes = r.attributes;
    node.error = r.error;
    if (r.end > this.maxEnd) this.maxEnd = r.end;
    if (r.end < node.start) this.report(node.id, `span ${node.id} ends at ${r.end}, before its start at ${node.start}; its duration counts as 0`, line);
    this.checkTokens(node, r.attributes, line);
  }

  private checkTokens(node: SpanNode, attributes: Attributes, line: number | undefined): void {
    if (node.kind !== 'llm') return;
    for (const k of TOKEN_ATTRS) {
      const v = attributes[k];
      if (v !== undefined && !isCount(v)) this.report(node.id, `span ${node.id}: ${k} is ${JSON.stringify(v) ?? String(v)}, not a token count; left out of totals`, line);
    }
  }

  /** The state a span shows: its own outcome, raised by what happened under it. */
  stateOf(node: SpanNode): NodeState {
    return spanState(node);
  }

  /** Every span in depth-first order (for search and totals). */
  *walk(): Generator<SpanNode> {
    const stack = [...this.roots].reverse();
    while (stack.length) {
      const n = stack.pop()!;
      yield n;
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
    }
  }

  /** The `step` spans, in start order. */
  steps(): SpanNode[] {
    const out: SpanNode[] = [];
    for (const n of this.walk()) if (n.kind === 'step') out.push(n);
    return out.sort((a, b) => a.seq - b.seq);
  }
}

function hasViolation(node: SpanNode): boolean {
  return node.events.some((e) => e.name === 'contract.violation');
}

/** A span's own state, from its attributes, status and events only. */
export function ownState(node: SpanNode): NodeState {
  if (attr(node, 'handoff.skipped') === true) return 'skipped';
  if (node.end === undefined) return 'running';
  if (node.status === 'cancelled') return 'cancelled';
  if (node.status === 'error') return 'failed';
  if (attr(node, 'handoff.fallback') === true) return 'fallback';
  if (attr(node, 'handoff.repaired') === true) return 'repaired';
  if (node.kind === 'agent' && hasViolation(node)) return 'repaired';
  return 'ok';
}

const RANK: Record<'ok' | 'repaired' | 'fallback', number> = { ok: 0, repaired: 1, fallback: 2 };
const BY_RANK = ['ok', 'repaired', 'fallback'] as const;

function ownRank(node: SpanNode): number {
  const s = ownState(node);
  return s === 'repaired' || s === 'fallback' ? RANK[s] : 0;
}

/**
 * The worst rank among each span's descendants, kept while no model changes (any apply bumps
 * `versions`, which drops it): the panel asks every row and graph node for its state, and
 * walking each subtree afresh is quadratic on a deep tree.
 */
let belowCache = new WeakMap<SpanNode, number>();
let belowAt = versions;

function rankBelow(node: SpanNode): number {
  if (belowAt !== versions) {
    belowCache = new WeakMap();
    belowAt = versions;
  }
  const known = belowCache.get(node);
  if (known !== undefined) return known;
  // Post-order without recursion (a tree can be deeper than the stack).
  const stack: { n: SpanNode; i: number; best: number }[] = [{ n: node, i: 0, best: 0 }];
  for (;;) {
    const top = stack[stack.length - 1]!;
    if (top.i < top.n.children.length) {
      const c = top.n.children[top.i++]!;
      const cached = belowCache.get(c);
      if (cached !== undefined) top.best = Math.max(top.best, cached, ownRank(c));
      else stack.push({ n: c, i: 0, best: 0 });
      continue;
    }
    stack.pop();
    belowCache.set(top.n, top.best);
    const parent = stack[stack.length - 1];
    if (!parent) return top.best;
    parent.best = Math.max(parent.best, top.best, ownRank(top.n));
  }
}

/**
 * The state shown for a span: its own state, and for a span that ended ok, the worst of
 * "repaired" and "fallback" found among its descendants (a step whose agent fell back shows
 * fallback). Memoised per span until the model next changes (see `rankBelow`).
 */
export function spanState(node: SpanNode): NodeState {
  const own = ownState(node);
  if (own !== 'ok') return own;
  return BY_RANK[rankBelow(node)]!;
}

/** One visible row of the tree: the span and its depth. */
export interface TreeRow {
  readonly node: SpanNode;
  readonly depth: number;
}

/** The rows of the tree with collapsed spans' descendants hidden. */
export function visibleRows(model: TraceModel, collapsed: ReadonlySet<string>): TreeRow[] {
  const rows: TreeRow[] = [];
  const stack: TreeRow[] = [];
  for (let i = model.roots.length - 1; i >= 0; i--) stack.push({ node: model.roots[i]!, depth: 0 });
  while (stack.length) {
    const row = stack.pop()!;
    rows.push(row);
    if (collapsed.has(row.node.id)) continue;
    const ch = row.node.children;
    for (let i = ch.length - 1; i >= 0; i--) stack.push({ node: ch[i]!, depth: row.depth + 1 });
  }
  return rows;
}

/** The `gen_ai.provider.name` of a model call answered from a recorded trace (Replay Run…, the steps before a Rerun from here). */
export const REPLAY_PROVIDER = 'replay';

/**
 * Whether a span was answered from a recording, not by a model: an `llm` span whose provider
 * is `replay`, or an `agent` span that made model calls, every one of them replayed. Such a
 * call repeats what a run recorded before: it is no new observation of the agent (its
 * outcome, violations and tokens are the recorded run's).
 */
export function isReplayed(node: SpanNode): boolean {
  if (node.kind === 'llm') return attr(node, Attr.providerName) === REPLAY_PROVIDER;
  if (node.kind !== 'agent') return false;
  let calls = 0;
  for (const c of node.children) {
    if (c.kind !== 'llm') continue;
    if (attr(c, Attr.providerName) !== REPLAY_PROVIDER) return false;
    calls++;
  }
  return calls > 0;
}

/** How much of a run was answered from a recording: `all` its model calls (at least one), `some` of them, or none (undefined). */
export function replayOf(model: TraceModel): 'all' | 'some' | undefined {
  let replayed = 0;
  let live = 0;
  for (const n of model.spans.values()) {
    if (n.kind !== 'llm') continue;
    if (isReplayed(n)) replayed++;
    else live++;
  }
  return replayed === 0 ? undefined : live === 0 ? 'all' : 'some';
}

/** The number of attempts an agent made: its llm children, or `handoff.attempt` + 1. */
export function attemptsOf(node: SpanNode): number {
  if (node.kind === 'llm') return (numAttr(node, 'handoff.attempt') ?? 0) + 1;
  let n = 0;
  for (const c of node.children) if (c.kind === 'llm') n++;
  return n;
}

/**
 * The span tree, built incrementally from trace records (a live run) or all at once (a file).
 * Spans are kept in start order; a child whose parent has not arrived yet waits as a root and
 * is moved under its parent when the parent appears.
 */
import type {
  Attributes,
  EventRecord,
  RunEndRecord,
  RunRecord,
  SpanKind,
  SpanStatus,
  TraceError,
  TraceRecord,
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
  | 'cancelled';

export const NODE_STATES: readonly NodeState[] = [
  'pending', 'running', 'ok', 'repaired', 'fallback', 'failed', 'skipped', 'cancelled',
];

export const STATE_LABEL: Record<NodeState, string> = {
  pending: 'pending',
  running: 'running',
  ok: 'ok',
  repaired: 'violated and repaired',
  fallback: 'fallback',
  failed: 'failed',
  skipped: 'skipped',
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

export function durationOf(node: SpanNode, now?: number): number | undefined {
  const end = node.end ?? now;
  return end === undefined ? undefined : Math.max(0, end - node.start);
}

/** One counter for every model's versions (see `TraceModel.version`). */
let versions = 0;

export class TraceModel {
  run: RunRecord | undefined;
  runEnd: RunEndRecord | undefined;
  readonly spans = new Map<string, SpanNode>();
  readonly roots: SpanNode[] = [];
  /**
   * Changes on every change, so views can tell whether to redraw; unique across models, so a
   * view's cache keyed by version never takes a new model (the panel's next run) for the one
   * it replaced.
   */
  version = ++versions;
  minStart = Infinity;
  maxEnd = -Infinity;
  private seq = 0;
  private readonly waiting = new Map<string, SpanNode[]>();
  private readonly pendingEvents = new Map<string, EventRecord[]>();

  static from(records: readonly TraceRecord[]): TraceModel {
    const m = new TraceModel();
    m.apply(records);
    return m;
  }

  apply(records: readonly TraceRecord[]): void {
    for (const r of records) this.applyOne(r);
    this.version = ++versions;
  }

  private applyOne(r: TraceRecord): void {
    switch (r.type) {
      case 'run':
        this.run = r;
        return;
      case 'run.end':
        this.runEnd = r;
        return;
      case 'event': {
        const span = this.spans.get(r.spanId);
        if (span) span.events.push(r);
        else {
          const list = this.pendingEvents.get(r.spanId) ?? [];
          list.push(r);
          this.pendingEvents.set(r.spanId, list);
        }
        if (r.time > this.maxEnd) this.maxEnd = r.time;
        return;
      }
      case 'span':
        if (r.phase === 'start') this.startSpan(r.spanId, r.parentId, r.kind, r.name, r.start, r.attributes);
        else this.endSpan(r.spanId, r.end, r.status, r.attributes, r.error);
        return;
    }
  }

  private startSpan(
    id: string,
    parentId: string | undefined,
    kind: SpanKind,
    name: string,
    start: number,
    attributes: Attributes,
  ): void {
    if (this.spans.has(id)) return; // A duplicate start is ignored: the first one wins.
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
      events: this.pendingEvents.get(id) ?? [],
      children: [],
      seq: this.seq++,
    };
    this.pendingEvents.delete(id);
    this.spans.set(id, node);
    if (start < this.minStart) this.minStart = start;
    if (start > this.maxEnd) this.maxEnd = start;
    const parent = parentId === undefined ? undefined : this.spans.get(parentId);
    if (parent) parent.children.push(node);
    else {
      this.roots.push(node);
      if (parentId !== undefined) {
        const list = this.waiting.get(parentId) ?? [];
        list.push(node);
        this.waiting.set(parentId, list);
      }
    }
    const orphans = this.waiting.get(id);
    if (orphans) {
      this.waiting.delete(id);
      for (const o of orphans) {
        const i = this.roots.indexOf(o);
        if (i >= 0) this.roots.splice(i, 1);
        node.children.push(o);
      }
      node.children.sort((a, b) => a.seq - b.seq);
    }
  }

  private endSpan(id: string, end: number, status: SpanStatus, attributes: Attributes, error?: TraceError): void {
    const node = this.spans.get(id);
    if (!node || node.end !== undefined) return;
    node.end = end;
    node.status = status;
    node.endAttributes = attributes;
    node.error = error;
    if (end > this.maxEnd) this.maxEnd = end;
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

/**
 * The state shown for a span: its own state, and for a span that ended ok, the worst of
 * "repaired" and "fallback" found among its descendants (a step whose agent fell back shows
 * fallback). Memoised per span end (the cache is keyed on the node object).
 */
export function spanState(node: SpanNode): NodeState {
  const own = ownState(node);
  if (own !== 'ok') return own;
  let best: 'ok' | 'repaired' | 'fallback' = 'ok';
  const stack = [...node.children];
  while (stack.length) {
    const c = stack.pop()!;
    const s = ownState(c);
    if ((s === 'repaired' || s === 'fallback') && RANK[s] > RANK[best]) best = s;
    if (best === 'fallback') break;
    for (const cc of c.children) stack.push(cc);
  }
  return best;
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

/** The number of attempts an agent made: its llm children, or `handoff.attempt` + 1. */
export function attemptsOf(node: SpanNode): number {
  if (node.kind === 'llm') return (numAttr(node, 'handoff.attempt') ?? 0) + 1;
  let n = 0;
  for (const c of node.children) if (c.kind === 'llm') n++;
  return n;
}

/** Comparing two runs node by node: status, output differences, latency and tokens. */
import { type NodeState, type SpanNode, type TraceModel, attr, durationOf, spanState } from './model';
import { tokensOf } from './totals';

export interface JsonChange {
  /** A JSON pointer (RFC 6901) into the output. */
  readonly path: string;
  readonly kind: 'added' | 'removed' | 'changed';
  readonly a?: unknown;
  readonly b?: unknown;
}

export interface NodeSide {
  readonly spanId: string;
  readonly state: NodeState;
  readonly durationMs: number | undefined;
  /** Tokens of the model calls under the node; undefined when none reported usage. */
  readonly tokens: number | undefined;
  readonly output: unknown;
}

export interface DiffRow {
  /** `step:name` (or `agent:name`), with `#n` for the n-th repeat after the first. */
  readonly key: string;
  readonly kind: string;
  readonly name: string;
  readonly a: NodeSide | undefined;
  readonly b: NodeSide | undefined;
  readonly stateChanged: boolean;
  readonly outputChanges: JsonChange[];
  readonly latencyDeltaMs: number | undefined;
  readonly tokensDelta: number | undefined;
}

export function escapePointer(seg: string): string {
  return seg.replace(/~/g, '~0').replace(/\//g, '~1');
}

type Frame =
  | { readonly x: unknown[]; readonly y: unknown[]; readonly path: string; i: number }
  | { readonly x: Record<string, unknown>; readonly y: Record<string, unknown>; readonly keys: string[]; readonly path: string; i: number };

/** The differences between two JSON values, at most `limit` of them, in document order. */
export function jsonDiff(a: unknown, b: unknown, limit = 200): JsonChange[] {
  const out: JsonChange[] = [];
  // Depth first with a stack of open containers, not recursion: an output can nest deeper
  // than the call stack.
  const stack: Frame[] = [];
  const visit = (x: unknown, y: unknown, path: string): void => {
    if (Object.is(x, y)) return;
    const xo = x !== null && typeof x === 'object';
    const yo = y !== null && typeof y === 'object';
    if (xo && yo && Array.isArray(x) === Array.isArray(y)) {
      if (Array.isArray(x) && Array.isArray(y)) stack.push({ x, y, path, i: 0 });
      else {
        const xr = x as Record<string, unknown>;
        const yr = y as Record<string, unknown>;
        stack.push({ x: xr, y: yr, keys: [...new Set([...Object.keys(xr), ...Object.keys(yr)])], path, i: 0 });
      }
      return;
    }
    if (x === undefined) out.push({ path, kind: 'added', b: y });
    else if (y === undefined) out.push({ path, kind: 'removed', a: x });
    else out.push({ path, kind: 'changed', a: x, b: y });
  };
  visit(a, b, '');
  while (stack.length && out.length < limit) {
    const f = stack[stack.length - 1]!;
    if (!('keys' in f)) {
      if (f.i >= Math.max(f.x.length, f.y.length)) {
        stack.pop();
        continue;
      }
      const i = f.i++;
      const p = `${f.path}/${i}`;
      if (i >= f.x.length) out.push({ path: p, kind: 'added', b: f.y[i] });
      else if (i >= f.y.length) out.push({ path: p, kind: 'removed', a: f.x[i] });
      else visit(f.x[i], f.y[i], p);
      continue;
    }
    if (f.i >= f.keys.length) {
      stack.pop();
      continue;
    }
    const k = f.keys[f.i++]!;
    const p = `${f.path}/${escapePointer(k)}`;
    // Own keys only: `k in` would find `constructor` or `toString` on every object.
    if (!Object.hasOwn(f.y, k)) out.push({ path: p, kind: 'removed', a: f.x[k] });
    else if (!Object.hasOwn(f.x, k)) out.push({ path: p, kind: 'added', b: f.y[k] });
    else visit(f.x[k], f.y[k], p);
  }
  return out;
}

/** The output recorded for a step or agent span: `handoff.output`, else its last child's. */
export function outputOf(node: SpanNode): unknown {
  // The first span with an output, depth first, later children first; a stack, not
  // recursion, for trees deeper than the call stack.
  const stack = [node];
  while (stack.length) {
    const n = stack.pop()!;
    const own = attr(n, 'handoff.output');
    if (own !== undefined) return own;
    for (const c of n.children) if (c.kind === 'agent' || c.kind === 'step') stack.push(c);
  }
  return undefined;
}

/** The comparable nodes of a run (steps, or agents when the run has no steps), by key. */
export function comparableNodes(model: TraceModel): Map<string, SpanNode> {
  const all = [...model.walk()];
  const steps = all.filter((n) => n.kind === 'step');
  const nodes = steps.length ? steps : all.filter((n) => n.kind === 'agent');
  const seen = new Map<string, number>();
  const out = new Map<string, SpanNode>();
  for (const n of nodes.sort((x, y) => x.seq - y.seq)) {
    const base = `${n.kind}:${n.name}`;
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    out.set(count === 0 ? base : `${base}#${count + 1}`, n);
  }
  return out;
}

/** What a node of the diff shows from its subtree: the tokens under it and its output. */
interface Below {
  readonly tokens: number | undefined;
  readonly output: unknown;
}

/**
 * Tokens (the model calls under a node that reported usage; undefined when none did) and
 * output (`outputOf`) of every span, in one post-order pass: asking each compared node for
 * its subtree's is quadratic on a deep tree.
 */
function belowAll(model: TraceModel): Map<SpanNode, Below> {
  const out = new Map<SpanNode, Below>();
  const stack: { n: SpanNode; done: boolean }[] = [];
  for (const r of model.roots) stack.push({ n: r, done: false });
  while (stack.length) {
    const top = stack.pop()!;
    const n = top.n;
    if (!top.done) {
      stack.push({ n, done: true });
      for (const c of n.children) stack.push({ n: c, done: false });
      continue;
    }
    const own = n.kind === 'llm' ? tokensOf(n) : undefined;
    let tokens = own && own.input + own.output;
    let output = attr(n, 'handoff.output');
    for (let i = n.children.length - 1; i >= 0; i--) {
      const c = n.children[i]!;
      const b = out.get(c)!;
      if (b.tokens !== undefined) tokens = (tokens ?? 0) + b.tokens;
      if (output === undefined && (c.kind === 'agent' || c.kind === 'step')) output = b.output;
    }
    out.set(n, { tokens, output });
  }
  return out;
}

function side(n: SpanNode | undefined, below: Map<SpanNode, Below>): NodeSide | undefined {
  if (!n) return undefined;
  const b = below.get(n)!;
  return { spanId: n.id, state: spanState(n), durationMs: durationOf(n), tokens: b.tokens, output: b.output };
}

export function diffRuns(a: TraceModel, b: TraceModel): DiffRow[] {
  const na = comparableNodes(a);
  const nb = comparableNodes(b);
  const belowA = belowAll(a);
  const belowB = belowAll(b);
  const keys = [...na.keys(), ...[...nb.keys()].filter((k) => !na.has(k))];
  return keys.map((key) => {
    const sa = side(na.get(key), belowA);
    const sb = side(nb.get(key), belowB);
    const any = (na.get(key) ?? nb.get(key))!;
    return {
      key,
      kind: any.kind,
      name: any.name,
      a: sa,
      b: sb,
      stateChanged: sa?.state !== sb?.state,
      outputChanges: sa && sb ? jsonDiff(sa.output, sb.output) : [],
      latencyDeltaMs:
        sa?.durationMs !== undefined && sb?.durationMs !== undefined ? sb.durationMs - sa.durationMs : undefined,
      tokensDelta: sa?.tokens !== undefined && sb?.tokens !== undefined ? sb.tokens - sa.tokens : undefined,
    };
  });
}

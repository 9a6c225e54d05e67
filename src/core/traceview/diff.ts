/** Comparing two runs node by node: status, output differences, latency and tokens. */
import { type NodeState, type SpanNode, type TraceModel, attr, durationOf, spanState } from './model';
import { subtreeTokens } from './totals';

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

/** The differences between two JSON values, at most `limit` of them, in document order. */
export function jsonDiff(a: unknown, b: unknown, limit = 200): JsonChange[] {
  const out: JsonChange[] = [];
  const walk = (x: unknown, y: unknown, path: string): void => {
    if (out.length >= limit) return;
    if (Object.is(x, y)) return;
    const xo = x !== null && typeof x === 'object';
    const yo = y !== null && typeof y === 'object';
    if (xo && yo && Array.isArray(x) === Array.isArray(y)) {
      if (Array.isArray(x) && Array.isArray(y)) {
        const n = Math.max(x.length, y.length);
        for (let i = 0; i < n; i++) {
          if (i >= x.length) out.push({ path: `${path}/${i}`, kind: 'added', b: y[i] });
          else if (i >= y.length) out.push({ path: `${path}/${i}`, kind: 'removed', a: x[i] });
          else walk(x[i], y[i], `${path}/${i}`);
          if (out.length >= limit) return;
        }
        return;
      }
      const xr = x as Record<string, unknown>;
      const yr = y as Record<string, unknown>;
      const keys = new Set([...Object.keys(xr), ...Object.keys(yr)]);
      for (const k of keys) {
        const p = `${path}/${escapePointer(k)}`;
        if (!(k in yr)) out.push({ path: p, kind: 'removed', a: xr[k] });
        else if (!(k in xr)) out.push({ path: p, kind: 'added', b: yr[k] });
        else walk(xr[k], yr[k], p);
        if (out.length >= limit) return;
      }
      return;
    }
    if (x === undefined) out.push({ path, kind: 'added', b: y });
    else if (y === undefined) out.push({ path, kind: 'removed', a: x });
    else out.push({ path, kind: 'changed', a: x, b: y });
  };
  walk(a, b, '');
  return out;
}

/** The output recorded for a step or agent span: `handoff.output`, else its last child's. */
export function outputOf(node: SpanNode): unknown {
  const own = attr(node, 'handoff.output');
  if (own !== undefined) return own;
  for (let i = node.children.length - 1; i >= 0; i--) {
    const c = node.children[i]!;
    if (c.kind === 'agent' || c.kind === 'step') {
      const o = outputOf(c);
      if (o !== undefined) return o;
    }
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

/** Input and output tokens of the model calls under a node; undefined when none reported usage. */
function tokenTotal(n: SpanNode): number | undefined {
  const t = subtreeTokens(n);
  return t && t.input + t.output;
}

function side(n: SpanNode | undefined): NodeSide | undefined {
  if (!n) return undefined;
  return { spanId: n.id, state: spanState(n), durationMs: durationOf(n), tokens: tokenTotal(n), output: outputOf(n) };
}

export function diffRuns(a: TraceModel, b: TraceModel): DiffRow[] {
  const na = comparableNodes(a);
  const nb = comparableNodes(b);
  const keys = [...na.keys(), ...[...nb.keys()].filter((k) => !na.has(k))];
  return keys.map((key) => {
    const sa = side(na.get(key));
    const sb = side(nb.get(key));
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

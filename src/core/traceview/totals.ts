/** Totals of a run: wall time, critical path, tokens and cost from a price table. */
import { Attr } from '../tracing/records';
import { type SpanNode, type TraceModel, attr, isCount } from './model';

/** Prices per million tokens, by model (the `handoff.prices` setting). */
export type PriceTable = Record<string, { input?: number; output?: number }>;

export interface Totals {
  readonly wallMs: number | undefined;
  readonly criticalPath: string[];
  readonly criticalMs: number | undefined;
  /** Over the model calls that reported usage; undefined when none did (the scripted provider never does). */
  readonly tokens: TokenCount | undefined;
  /** Model calls whose provider reported token usage. */
  readonly callsWithUsage: number;
  /** USD, over the calls that reported usage; undefined when none of them had a price. */
  readonly cost: number | undefined;
  /** Models that had tokens but no price. */
  readonly unpriced: string[];
  readonly llmCalls: number;
  readonly violations: number;
  readonly spans: number;
  readonly errors: number;
}

export interface TokenCount {
  readonly input: number;
  readonly output: number;
}

/**
 * A model call's tokens; undefined when its provider reported no usage (not the same as none
 * used). A value that is no count (a string, negative, not finite) is left out: summed, it
 * would make totals negative or NaN (the model lists it in `problems`).
 */
export function tokensOf(node: SpanNode): TokenCount | undefined {
  const i = attr(node, Attr.inputTokens);
  const o = attr(node, Attr.outputTokens);
  const input = isCount(i) ? i : undefined;
  const output = isCount(o) ? o : undefined;
  return input === undefined && output === undefined ? undefined : { input: input ?? 0, output: output ?? 0 };
}

/** The tokens of the model calls under a span (itself included) that reported usage; undefined when none did. */
export function subtreeTokens(node: SpanNode): TokenCount | undefined {
  let sum: { input: number; output: number } | undefined;
  const stack = [node];
  while (stack.length) {
    const n = stack.pop()!;
    const t = n.kind === 'llm' ? tokensOf(n) : undefined;
    if (t) {
      sum ??= { input: 0, output: 0 };
      sum.input += t.input;
      sum.output += t.output;
    }
    for (const c of n.children) stack.push(c);
  }
  return sum;
}

export function modelOf(node: SpanNode): string | undefined {
  const m = attr(node, Attr.requestModel);
  return typeof m === 'string' ? m : undefined;
}

export function costOf(model: string | undefined, input: number, output: number, prices: PriceTable): number | undefined {
  if (model === undefined) return undefined;
  const p = prices[model];
  if (!p) return undefined;
  return (input * (p.input ?? 0) + output * (p.output ?? 0)) / 1_000_000;
}

export function computeTotals(model: TraceModel, prices: PriceTable, now?: number): Totals {
  let inputTokens = 0;
  let outputTokens = 0;
  let callsWithUsage = 0;
  let cost: number | undefined;
  const unpriced = new Set<string>();
  let llmCalls = 0;
  let violations = 0;
  let spans = 0;
  let errors = 0;
  for (const n of model.walk()) {
    spans++;
    if (n.status === 'error') errors++;
    for (const e of n.events) if (e.name === 'contract.violation') violations++;
    if (n.kind !== 'llm') continue;
    llmCalls++;
    const t = tokensOf(n);
    if (!t) continue;
    callsWithUsage++;
    inputTokens += t.input;
    outputTokens += t.output;
    const m = modelOf(n);
    const c = costOf(m, t.input, t.output, prices);
    if (c !== undefined) cost = (cost ?? 0) + c;
    else if (m !== undefined && t.input + t.output > 0) unpriced.add(m);
  }
  const cp = criticalPath(model, now);
  const hasSpans = model.minStart !== Infinity;
  const end = model.runEnd || now === undefined ? model.maxEnd : Math.max(model.maxEnd, now);
  return {
    wallMs: hasSpans ? Math.max(0, end - model.minStart) : undefined,
    criticalPath: cp.ids,
    criticalMs: cp.ms,
    tokens: callsWithUsage ? { input: inputTokens, output: outputTokens } : undefined,
    callsWithUsage,
    cost,
    unpriced: [...unpriced].sort(),
    llmCalls,
    violations,
    spans,
    errors,
  };
}

/**
 * The critical path: from the root that ends last, descend into the child that ends last;
 * then, among its siblings, the one that ended last before it started, and so on backwards.
 * Each chosen span is followed down the same way. The ids come in time order.
 * A span still open ends at `now`, else at the trace's last time; an end before the start
 * counts as the start (a duration of 0, as everywhere in the panel).
 */
export function criticalPath(model: TraceModel, now?: number): { ids: string[]; ms: number | undefined } {
  const lastTime = model.maxEnd;
  const endOf = (n: SpanNode): number => Math.max(n.start, n.end ?? now ?? lastTime);
  const roots = model.roots;
  if (roots.length === 0) return { ids: [], ms: undefined };
  const ids: string[] = [];
  // Walk backwards from the sibling ending last (at or before `until`); siblings sorted by
  // end, latest first, so one pass finds each predecessor. Returned in time order.
  const chain = (siblings: readonly SpanNode[], until: number): SpanNode[] => {
    const sorted = [...siblings].sort((a, b) => endOf(b) - endOf(a));
    const picked: SpanNode[] = [];
    let limit = until;
    for (const s of sorted) {
      if (endOf(s) <= limit + 1e-9) {
        picked.push(s);
        limit = s.start;
      }
    }
    return picked.reverse();
  };
  const last = roots.reduce((a, b) => (endOf(b) > endOf(a) ? b : a));
  // Depth first with a stack, not recursion: a trace can be deeper than the call stack.
  const stack = [last];
  while (stack.length) {
    const p = stack.pop()!;
    ids.push(p.id);
    if (p.children.length) {
      const next = chain(p.children, endOf(p));
      for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]!);
    }
  }
  return { ids, ms: endOf(last) - last.start };
}

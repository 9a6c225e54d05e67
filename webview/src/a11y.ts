/**
 * What assistive technology is told about the trace: a span row's and a graph node's
 * accessible name and description, the run's status changes said once, and each tree row's
 * place among its siblings. Plain functions of the model (no DOM), so they are unit-tested.
 */
import type { SpanKind } from '../../src/core/tracing/records';
import { type GraphData, type NodeState, type SpanNode, durationOf, formatDuration, STATE_LABEL } from './core';

/** A span kind as said: `llm` is a model call. */
export const KIND_SPOKEN: Record<SpanKind, string> = {
  workflow: 'workflow',
  step: 'step',
  agent: 'agent',
  llm: 'model call',
  validation: 'validation',
  tool: 'tool call',
};

/** `a`, `a and b`, `a, b and c`. */
export function spokenList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * A tree row's name: `gpt-4.1-mini, model call, failed, attempt 2, 0.31 ms`. The duration
 * only once the span has ended (a running span's would change every frame and be re-read).
 */
export function spanRowName(node: SpanNode, state: NodeState, attempts: number, name: string): string {
  const parts = [name, KIND_SPOKEN[node.kind] ?? node.kind, STATE_LABEL[state]];
  if (node.kind === 'llm' && attempts > 1) parts.push(`attempt ${attempts}`);
  else if (node.kind !== 'llm' && attempts > 1) parts.push(`${attempts} attempts`);
  if (node.end !== undefined) parts.push(formatDuration(durationOf(node)));
  return parts.join(', ');
}

/** A graph node's name: its label, its role and its state (`lead (supervisor): ok`). */
export function graphNodeName(label: string, role: string | undefined, state: NodeState): string {
  return `${label}${role ? ` (${role})` : ''}: ${STATE_LABEL[state]}`;
}

/** A node's edges, by kind, each list in the order of the graph's edges. */
interface NodeEdges {
  /** The nodes it comes after (edges into it). */
  after: string[];
  /** The nodes after it (edges out of it). */
  before: string[];
  /** The workers it hands work to (its two-way edges out). */
  handsTo: string[];
  /** Who it works for (its two-way edges in). */
  worksFor: string[];
}

const NO_EDGES: NodeEdges = { after: [], before: [], handsTo: [], worksFor: [] };

/** Each graph's edges by node, built once per list of edges (a graph is never changed once built). */
const edgeIndexes = new WeakMap<object, ReadonlyMap<string, NodeEdges>>();

/** The edges of every node of a graph, in one pass over them. */
export function edgesByNode(data: GraphData): ReadonlyMap<string, NodeEdges> {
  let index = edgeIndexes.get(data.edges);
  if (index) return index;
  const byNode = new Map<string, NodeEdges>();
  const of = (id: string): NodeEdges => {
    let e = byNode.get(id);
    if (!e) byNode.set(id, (e = { after: [], before: [], handsTo: [], worksFor: [] }));
    return e;
  };
  for (const e of data.edges) {
    // An edge from a node to itself counts once, as `hands work to` or `after`.
    if (e.both) {
      of(e.from).handsTo.push(e.to);
      if (e.to !== e.from) of(e.to).worksFor.push(e.from);
    } else {
      of(e.to).after.push(e.from);
      if (e.from !== e.to) of(e.from).before.push(e.to);
    }
  }
  index = byNode;
  edgeIndexes.set(data.edges, index);
  return index;
}

/**
 * A graph node's description: how long it took, how often it ran, and its edges, as
 * `21 ms, after triage and sentiment`; a supervisor `hands work to searcher and writer`, its
 * worker `works for lead`. `labels` maps node ids to their shown labels. The graph's edges
 * are indexed by node once (`edgesByNode`), so describing every node takes linear time.
 */
export function graphNodeDescription(
  id: string,
  data: GraphData,
  labels: ReadonlyMap<string, string>,
  facts: { durationMs?: number | undefined; runs: number; pickable: boolean },
): string {
  const names = (ids: readonly string[]): string => spokenList(ids.map((n) => labels.get(n) ?? n));
  const { after, before, handsTo, worksFor } = edgesByNode(data).get(id) ?? NO_EDGES;
  const parts: string[] = [];
  if (facts.durationMs !== undefined) parts.push(formatDuration(facts.durationMs));
  if (facts.runs > 1) parts.push(`ran ${facts.runs} times`);
  if (after.length) parts.push(`after ${names(after)}`);
  if (worksFor.length) parts.push(`works for ${names(worksFor)}`);
  if (handsTo.length) parts.push(`hands work to ${names(handsTo)}`);
  if (before.length) parts.push(`then ${names(before)}`);
  if (!after.length && !worksFor.length) parts.push('a first step');
  if (!facts.pickable) parts.push('no span yet');
  return parts.join(', ');
}

/** What a run's status is said as, after `run ended: `. */
const ENDED: Record<NodeState, string> = {
  ...STATE_LABEL,
  ok: 'ok',
  repaired: 'ok after repairing a contract violation',
  fallback: 'ok with a fallback',
};

/**
 * The header's run status as a live region says it, or '' for nothing to say. Only a live
 * run is announced (a recorded trace opened is not news): `run started` once it runs, then
 * `run ended: …` once it is over. `phase` is `running` while the run goes on, `ended` after.
 */
export function runStatusAnnouncement(live: boolean, phase: 'running' | 'ended' | undefined, state: NodeState | undefined): string {
  if (!live || !phase || !state) return '';
  return phase === 'running' ? 'run started' : `run ended: ${ENDED[state]}`;
}

/**
 * Each tree row's position in its set of siblings and the set's size (aria-posinset and
 * aria-setsize), from the rows in order with their depths: a pre-order walk of the tree,
 * every child of a shown row shown.
 */
export function siblingPositions(depths: readonly number[]): { pos: Uint32Array; size: Uint32Array } {
  const n = depths.length;
  const pos = new Uint32Array(n);
  const size = new Uint32Array(n);
  // Forward: the count so far of the current sibling set at each depth (a row at depth d ends
  // the sets deeper than d).
  const count: number[] = [];
  for (let i = 0; i < n; i++) {
    const d = depths[i]!;
    count.length = d + 1;
    pos[i] = (count[d] ?? 0) + 1;
    count[d] = pos[i]!;
  }
  // Backward: the last member of a set, met first, has its size as its position.
  const last: number[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const d = depths[i]!;
    if (last.length > d + 1) last.length = d + 1;
    last[d] ??= pos[i]!;
    size[i] = last[d]!;
  }
  return { pos, size };
}

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

/**
 * A graph node's description: how long it took, how often it ran, and its edges, as
 * `21 ms, after triage and sentiment`; a supervisor `hands work to searcher and writer`, its
 * worker `works for lead`. `labels` maps node ids to their shown labels.
 */
export function graphNodeDescription(
  id: string,
  data: GraphData,
  labels: ReadonlyMap<string, string>,
  facts: { durationMs?: number | undefined; runs: number; pickable: boolean },
): string {
  const name = (n: string): string => labels.get(n) ?? n;
  const after: string[] = [];
  const before: string[] = [];
  const handsTo: string[] = [];
  const worksFor: string[] = [];
  for (const e of data.edges) {
    if (e.both) {
      if (e.from === id) handsTo.push(name(e.to));
      else if (e.to === id) worksFor.push(name(e.from));
    } else if (e.to === id) after.push(name(e.from));
    else if (e.from === id) before.push(name(e.to));
  }
  const parts: string[] = [];
  if (facts.durationMs !== undefined) parts.push(formatDuration(facts.durationMs));
  if (facts.runs > 1) parts.push(`ran ${facts.runs} times`);
  if (after.length) parts.push(`after ${spokenList(after)}`);
  if (worksFor.length) parts.push(`works for ${spokenList(worksFor)}`);
  if (handsTo.length) parts.push(`hands work to ${spokenList(handsTo)}`);
  if (before.length) parts.push(`then ${spokenList(before)}`);
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

/**
 * The workflow graph: its nodes are the workflow's steps (from a plan the host reads from
 * the definition, and from the run's `step` spans), its edges the dependencies. Each node
 * carries the live state of its latest span; steps of the plan that have not started are
 * pending. Layout is done by the webview (elkjs); this is the data.
 */
import { type NodeState, type SpanNode, type TraceModel, attr, durationOf, spanState } from './model';

export interface PlanStep {
  readonly name: string;
  readonly agent?: string;
  readonly dependsOn: readonly string[];
}

export interface GraphNode {
  readonly id: string;
  readonly label: string;
  readonly agent: string | undefined;
  readonly state: NodeState;
  readonly spanId: string | undefined;
  readonly durationMs: number | undefined;
  readonly runs: number;
}

export interface GraphData {
  readonly nodes: GraphNode[];
  readonly edges: { from: string; to: string }[];
}

function stepName(n: SpanNode): string {
  const s = attr(n, 'handoff.step');
  return typeof s === 'string' ? s : n.name;
}

function agentUnder(n: SpanNode): string | undefined {
  const a = attr(n, 'handoff.agent');
  if (typeof a === 'string') return a;
  const child = n.children.find((c) => c.kind === 'agent');
  return child?.name;
}

export function buildGraph(model: TraceModel, plan?: readonly PlanStep[]): GraphData {
  const latest = new Map<string, SpanNode>();
  const count = new Map<string, number>();
  const order: string[] = [];
  for (const n of model.steps()) {
    const name = stepName(n);
    if (!latest.has(name)) order.push(name);
    latest.set(name, n);
    count.set(name, (count.get(name) ?? 0) + 1);
  }
  const names = plan ? [...plan.map((p) => p.name), ...order.filter((o) => !plan.some((p) => p.name === o))] : order;
  const nodes: GraphNode[] = names.map((name) => {
    const span = latest.get(name);
    const p = plan?.find((s) => s.name === name);
    return {
      id: name,
      label: name,
      agent: (span && agentUnder(span)) ?? p?.agent,
      state: span ? spanState(span) : 'pending',
      spanId: span?.id,
      durationMs: span ? durationOf(span) : undefined,
      runs: count.get(name) ?? 0,
    };
  });
  const edges: { from: string; to: string }[] = [];
  const known = new Set(names);
  const add = (from: string, to: string): void => {
    if (from !== to && known.has(from) && !edges.some((e) => e.from === from && e.to === to)) edges.push({ from, to });
  };
  for (const name of names) {
    const p = plan?.find((s) => s.name === name);
    const span = latest.get(name);
    const dep = span ? attr(span, 'handoff.dependsOn') : undefined;
    if (p) {
      for (const d of p.dependsOn) add(d, name);
    } else if (Array.isArray(dep)) {
      for (const d of dep) if (typeof d === 'string') add(d, name);
    } else if (span) {
      // No plan and no recorded dependencies: the step that ended last before this one
      // started is taken as its predecessor.
      let best: SpanNode | undefined;
      for (const other of latest.values()) {
        if (other === span || other.end === undefined || other.end > span.start) continue;
        if (!best || other.end > best.end!) best = other;
      }
      if (best) add(stepName(best), name);
    }
  }
  return { nodes, edges };
}

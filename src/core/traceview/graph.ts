/**
 * The workflow graph: its nodes are the workflow's steps (from a plan the host reads from
 * the definition, and from the run's `step` spans), its edges the dependencies. Each node
 * carries the live state of its latest span; steps of the plan that have not started are
 * pending while the run goes on. A step that ran keeps the dependencies it recorded
 * (`handoff.dependsOn`), and a run that has ended shows only the steps it ran: the plan is
 * today's definition, which may have renamed, removed or rewired steps since.
 * Layout is done by the webview (elkjs); this is the data.
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

/** The dependencies a step span recorded, or undefined when it recorded none. */
function recordedDeps(n: SpanNode): string[] | undefined {
  const dep = attr(n, 'handoff.dependsOn');
  return Array.isArray(dep) ? dep.filter((d): d is string => typeof d === 'string') : undefined;
}

export function buildGraph(model: TraceModel, plan?: readonly PlanStep[]): GraphData {
  const latest = new Map<string, SpanNode>();
  const count = new Map<string, number>();
  for (const n of model.steps()) {
    const name = stepName(n);
    latest.set(name, n);
    count.set(name, (count.get(name) ?? 0) + 1);
  }
  const planned = new Map<string, PlanStep>();
  for (const p of plan ?? []) {
    // A finished run is drawn as it ran: plan steps it never started are not "pending".
    if (model.runEnd && !latest.has(p.name)) continue;
    if (!planned.has(p.name)) planned.set(p.name, p);
  }
  const names = [...planned.keys()];
  for (const name of latest.keys()) if (!planned.has(name)) names.push(name);
  const nodes: GraphNode[] = names.map((name) => {
    const span = latest.get(name);
    const p = planned.get(name);
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
  // Each step's edges are added together, so a repeat can only be among them.
  const froms = new Set<string>();
  const add = (from: string, to: string): void => {
    if (from === to || !known.has(from) || froms.has(from)) return;
    froms.add(from);
    edges.push({ from, to });
  };
  // For steps with neither: the step that ended last before each started, found by binary
  // search over the ended steps sorted by end (a scan per step is quadratic); among equal
  // ends the first step seen wins, so they sort last.
  const firstSeen = new Map([...latest.values()].map((n, i) => [n, i]));
  const ended = [...latest.values()]
    .filter((n) => n.end !== undefined)
    .sort((x, y) => x.end! - y.end! || firstSeen.get(y)! - firstSeen.get(x)!);
  const before = (span: SpanNode): SpanNode | undefined => {
    let lo = 0;
    let hi = ended.length; // first index whose end is after span.start
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ended[mid]!.end! <= span.start) lo = mid + 1;
      else hi = mid;
    }
    let i = lo - 1;
    if (i >= 0 && ended[i] === span) i--;
    return i >= 0 ? ended[i] : undefined;
  };
  for (const name of names) {
    froms.clear();
    const span = latest.get(name);
    const deps = span && recordedDeps(span);
    const p = planned.get(name);
    if (deps) for (const d of deps) add(d, name);
    else if (p) for (const d of p.dependsOn) add(d, name);
    else if (span) {
      const best = before(span);
      if (best) add(stepName(best), name);
    }
  }
  return { nodes, edges };
}

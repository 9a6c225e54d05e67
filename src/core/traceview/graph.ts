/**
 * The workflow graph: its nodes are the workflow's steps (from a plan the host reads from
 * the definition, and from the run's `step` spans), its edges the dependencies. Each node
 * carries the live state of its latest span; steps of the plan that have not started are
 * pending while the run goes on. A step that ran keeps the dependencies it recorded
 * (`handoff.dependsOn`), and a run that has ended shows only the steps it ran: the plan is
 * today's definition, which may have renamed, removed or rewired steps since.
 *
 * Supervisor and plan workflows have no dependencies between their steps; they are drawn as
 * they run. A supervisor's router is a node with an edge to and from each worker it handed
 * work to (`both`), each worker once with its number of runs. A plan workflow's planner is a
 * node followed by the steps it planned, in their order. A step that runs such a workflow has
 * an edge to its router or planner. Graph workflows are drawn as above, whatever they nest.
 * Layout is done by the webview (elkjs); this is the data.
 */
import { type NodeState, type SpanNode, type TraceModel, attr, durationOf, spanState } from './model';

/**
 * What a plan entry is: absent for a graph workflow's step. A supervisor workflow's plan is
 * its router (`supervisor`) and its workers; a plan workflow's is its planner (`planner`) and
 * the workers it may use, which the graph does not draw (the planner decides the steps) but
 * the reliability estimate counts.
 */
export type PlanRole = 'supervisor' | 'planner' | 'worker';

export interface PlanStep {
  readonly name: string;
  readonly agent?: string;
  /** A graph step's dependencies; empty for the entries with a `role`. */
  readonly dependsOn: readonly string[];
  readonly role?: PlanRole;
}

export interface GraphNode {
  readonly id: string;
  readonly label: string;
  readonly agent: string | undefined;
  readonly state: NodeState;
  readonly spanId: string | undefined;
  readonly durationMs: number | undefined;
  readonly runs: number;
  /** A supervisor's router or a plan workflow's planner (absent for steps and workers). */
  readonly role?: 'supervisor' | 'planner';
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  /** Work goes both ways: a supervisor hands it to a worker and gets its output back. */
  readonly both?: true;
}

export interface GraphData {
  readonly nodes: GraphNode[];
  readonly edges: GraphEdge[];
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

type Pattern = 'supervisor' | 'plan';

/** A run of a supervisor or plan workflow: its `workflow` span and who leads it. */
interface Led {
  readonly span: SpanNode;
  readonly pattern: Pattern;
  /** The router's or planner's node id, when it is known (it has run, or the plan names it). */
  readonly leadId: string | undefined;
  /** The router's or planner's `agent` spans: a supervisor's turns, a planner's call. */
  readonly turns: SpanNode[];
  /** Its `step` spans in start order: a supervisor's worker calls, a plan's steps. */
  readonly steps: SpanNode[];
}

/**
 * A router's or planner's node id: the workflow and agent names, joined by a `/` that no step
 * name holds (names are identifiers; a plan's steps are `1. sql`).
 */
function leadIdOf(workflow: string, agent: string): string {
  return `${workflow}/${agent}`;
}

function agentName(n: SpanNode): string {
  const a = attr(n, 'handoff.agent');
  return typeof a === 'string' ? a : n.name;
}

/** The pattern a workflow span recorded; for traces that did not, what its steps tell. */
function patternOfSpan(w: SpanNode): Pattern | undefined {
  const p = attr(w, 'handoff.pattern');
  if (p === 'supervisor' || p === 'plan') return p;
  if (p !== undefined) return undefined;
  for (const c of w.children) {
    if (c.kind !== 'step') continue;
    if (attr(c, 'handoff.turn') !== undefined) return 'supervisor';
    if (attr(c, 'handoff.worker') !== undefined) return 'plan';
  }
  return undefined;
}

/**
 * The supervisor and plan workflow spans of the run, in start order. Workflow spans are the
 * run's roots or the children of the steps that run them (and, in a damaged trace, the
 * parents of steps); the root's pattern, when the trace does not say, may come from the plan.
 */
function ledRuns(model: TraceModel, steps: readonly SpanNode[], root: SpanNode | undefined, planPattern: Pattern | undefined, planLead: string | undefined): Map<SpanNode, Led> {
  const candidates = new Set<SpanNode>();
  for (const r of model.roots) if (r.kind === 'workflow') candidates.add(r);
  for (const s of steps) {
    for (const c of s.children) if (c.kind === 'workflow') candidates.add(c);
    const parent = s.parentId === undefined ? undefined : model.spans.get(s.parentId);
    if (parent?.kind === 'workflow') candidates.add(parent);
  }
  const out = new Map<SpanNode, Led>();
  for (const w of [...candidates].sort((a, b) => a.seq - b.seq)) {
    const pattern = patternOfSpan(w) ?? (w === root && attr(w, 'handoff.pattern') === undefined ? planPattern : undefined);
    if (!pattern) continue;
    const turns: SpanNode[] = [];
    const own: SpanNode[] = [];
    for (const c of w.children) {
      if (c.kind === 'agent') turns.push(c);
      else if (c.kind === 'step') own.push(c);
    }
    const lead = turns.length ? agentName(turns[0]!) : w === root && planPattern === pattern ? planLead : undefined;
    out.set(w, { span: w, pattern, leadId: lead === undefined ? undefined : leadIdOf(w.name, lead), turns, steps: own });
  }
  return out;
}

export function buildGraph(model: TraceModel, plan?: readonly PlanStep[]): GraphData {
  const allSteps = model.steps();
  const planLead = plan?.find((p) => p.role === 'supervisor' || p.role === 'planner');
  const planPattern: Pattern | undefined = planLead ? (planLead.role === 'supervisor' ? 'supervisor' : 'plan') : undefined;
  const root = model.roots.find((r) => r.kind === 'workflow');
  const led = ledRuns(model, allSteps, root, planPattern, planLead?.name);

  // Every node's spans: steps by name, routers and planners by their id.
  const latest = new Map<string, SpanNode>();
  const count = new Map<string, number>();
  const firstSeq = new Map<string, number>();
  const see = (key: string, n: SpanNode): void => {
    latest.set(key, n);
    count.set(key, (count.get(key) ?? 0) + 1);
    if (!firstSeq.has(key)) firstSeq.set(key, n.seq);
  };
  /** Each step name's latest span outside supervisor and plan workflows (its edges are dependencies). */
  const plain = new Map<string, SpanNode>();
  const ledStep = new Set<SpanNode>();
  for (const l of led.values()) for (const s of l.steps) ledStep.add(s);
  for (const n of allSteps) {
    const name = stepName(n);
    see(name, n);
    if (!ledStep.has(n)) plain.set(name, n);
  }
  /** Routers' and planners' nodes: their role and label (the agent's name). */
  const roles = new Map<string, { role: 'supervisor' | 'planner'; label: string }>();
  const ledRunOfTurn = new Map<SpanNode, Led>();
  const turns: { id: string; span: SpanNode }[] = [];
  for (const l of led.values()) {
    if (l.leadId === undefined) continue;
    const label = l.turns.length ? agentName(l.turns[0]!) : planLead!.name;
    if (!roles.has(l.leadId)) roles.set(l.leadId, { role: l.pattern === 'supervisor' ? 'supervisor' : 'planner', label });
    for (const t of l.turns) {
      ledRunOfTurn.set(t, l);
      turns.push({ id: l.leadId, span: t });
    }
  }
  // In start order, so that a router's latest span is its last turn across nested runs.
  turns.sort((a, b) => a.span.seq - b.span.seq);
  for (const t of turns) see(t.id, t.span);

  // The plan: a graph's steps, or a supervisor's router and workers, or a planner.
  const rootName = root?.name ?? model.run?.workflow ?? '';
  const rootLed = root ? led.get(root) : undefined;
  const planned = new Map<string, PlanStep>();
  const plannedWorker = new Set<string>();
  for (const p of plan ?? []) {
    let key = p.name;
    if (p.role === 'supervisor' || p.role === 'planner') {
      key = leadIdOf(rootName, p.name);
      if (!roles.has(key)) roles.set(key, { role: p.role, label: p.name });
      // A run that started its steps without its planner took the plan from a checkpoint.
      if (p.role === 'planner' && !latest.has(key) && rootLed?.steps.length) continue;
    } else if (p.role === 'worker') {
      if (planPattern !== 'supervisor') continue; // a planner's workers: the steps are its to decide
      plannedWorker.add(p.name);
    }
    // A finished run is drawn as it ran: plan steps it never started are not "pending".
    if (model.runEnd && !latest.has(key)) continue;
    if (!planned.has(key)) planned.set(key, p);
  }
  const names = [...planned.keys()];
  const seen = [...latest.keys()].filter((k) => !planned.has(k));
  // Routers and planners were seen after the steps: put every node where it first started.
  if (roles.size) seen.sort((a, b) => firstSeq.get(a)! - firstSeq.get(b)!);
  names.push(...seen);
  const nodes: GraphNode[] = names.map((name) => {
    const span = latest.get(name);
    const p = planned.get(name);
    const role = roles.get(name);
    let state: NodeState = span ? spanState(span) : 'pending';
    // A router that never said FINISH within max_turns failed, though each turn answered.
    const run = span && ledRunOfTurn.get(span);
    if (run && run.span.status === 'error' && run.span.error?.kind === 'max_turns') state = 'failed';
    return {
      id: name,
      label: role?.label ?? name,
      agent: role ? role.label : ((span && agentUnder(span)) ?? p?.agent),
      state,
      spanId: span?.id,
      durationMs: span ? durationOf(span) : undefined,
      runs: count.get(name) ?? 0,
      ...(role ? { role: role.role } : {}),
    };
  });

  // Edges into each node from supervisor and plan workflows (and the plan's workers).
  const into = new Map<string, GraphEdge[]>();
  const link = (from: string | undefined, to: string, both?: boolean): void => {
    if (from === undefined) return;
    let list = into.get(to);
    if (!list) into.set(to, (list = []));
    list.push(both ? { from, to, both: true } : { from, to });
  };
  // The plan's workers answer to the router the run recorded, else to the plan's.
  const rootLeadId = rootLed?.leadId ?? (planLead ? leadIdOf(rootName, planLead.name) : undefined);
  for (const w of plannedWorker) link(rootLeadId, w, true);
  for (const l of led.values()) {
    const parent = l.span.parentId === undefined ? undefined : model.spans.get(l.span.parentId);
    const from = parent?.kind === 'step' ? stepName(parent) : undefined;
    if (l.leadId !== undefined) link(from, l.leadId);
    if (l.pattern === 'supervisor') {
      for (const s of l.steps) link(l.leadId, stepName(s), true);
    } else {
      let prev = l.leadId ?? from;
      for (const s of l.steps) {
        const name = stepName(s);
        link(prev, name);
        prev = name;
      }
    }
  }

  const edges: GraphEdge[] = [];
  const known = new Set(names);
  // Each step's edges are added together, so a repeat can only be among them.
  const froms = new Set<string>();
  const add = (from: string, to: string, both?: true): void => {
    if (from === to || !known.has(from) || froms.has(from)) return;
    froms.add(from);
    edges.push(both ? { from, to, both } : { from, to });
  };
  // For steps with neither: the step that ended last before each started, found by binary
  // search over the ended steps sorted by end (a scan per step is quadratic); among equal
  // ends the first step seen wins, so they sort last.
  const firstSeen = new Map([...plain.values()].map((n, i) => [n, i]));
  const ended = [...plain.values()]
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
    for (const e of into.get(name) ?? []) add(e.from, e.to, e.both);
    const span = plain.get(name);
    const deps = span && recordedDeps(span);
    const p = planned.get(name);
    if (deps) for (const d of deps) add(d, name);
    else if (p && p.role === undefined) for (const d of p.dependsOn) add(d, name);
    else if (span && !into.has(name)) {
      const best = before(span);
      if (best) add(stepName(best), name);
    }
  }
  return { nodes, edges };
}


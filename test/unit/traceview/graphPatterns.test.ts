// The graph of supervisor and plan workflows, from traces the engine writes: a supervisor's
// router is a node with an edge to and from each worker (not a chain of workers in turn
// order), a planner is a node followed by its steps in order, and the definition's plan shows
// them pending before they run.
import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ScriptedProvider } from '../../../src/core/providers/scripted';
import { TraceModel, buildGraph, planOf, type GraphData, type PlanStep } from '../../../src/core/traceview';
import type { TraceRecord } from '../../../src/core/tracing/records';
import { parseToWebview } from '../../../src/shared/protocol';
import { BASE, program, record, spans } from '../../support/engine';

const DEFS = `${BASE}
agents:
  a: { input: Msg, output: Msg, retries: 1 }
  b: { input: Msg, output: Msg }
  lead: { input: Msg, retries: 1 }
  planner: { input: Msg, retries: 1 }
workflows:
  sup:
    pattern: supervisor
    input: Msg
    output: Msg
    supervisor: lead
    workers: [a, b, team]
    max_turns: 4
  team:
    input: Msg
    output: Msg
    steps:
      first: { agent: a, input: $input }
      second: { agent: b, input: { text: $steps.first.output.text } }
    result: $steps.second.output
  plan:
    pattern: plan
    input: Msg
    output: Msg
    planner: planner
    workers: [a, b]
  outer:
    input: Msg
    output: Msg
    steps:
      prep: { agent: b, input: $input }
      delegate: { workflow: sup, input: { text: $steps.prep.output.text } }
    result: $steps.delegate.output
`;
const P = program(DEFS);
const IN = { text: 'in' };

const turn = (next: string, text?: string) => (next === 'FINISH' ? { next, input: null, result: { text: text ?? 'done' } } : { next, input: { text: text ?? next }, result: null });
const shape = (g: GraphData) => ({
  nodes: g.nodes.map((n) => [n.id, n.label, n.state, n.runs, n.role ?? '-']),
  edges: g.edges.map((e) => `${e.from} ${e.both ? '<->' : '->'} ${e.to}`),
});

test('a supervisor run: the router, an edge to and from each worker it called, each worker once with its runs', async () => {
  const p = new ScriptedProvider({
    replies: {
      lead: [turn('a'), { $text: 'not json' }, turn('b'), turn('a'), turn('FINISH')],
      a: [{ text: 'A1' }, { text: 'A2' }],
      b: [{ text: 'B' }],
    },
  });
  const { records } = await record(P, p, { workflow: 'sup', input: IN });
  const plan = planOf(DEFS, 'sup');
  for (const g of [buildGraph(TraceModel.from(records)), buildGraph(TraceModel.from(records), plan)]) {
    assert.deepEqual(shape(g), {
      // The router's latest turn answered first time; `team`, never called, is not drawn once the run is over.
      nodes: [['sup/lead', 'lead', 'ok', 4, 'supervisor'], ['a', 'a', 'ok', 2, '-'], ['b', 'b', 'ok', 1, '-']],
      edges: ['sup/lead <-> a', 'sup/lead <-> b'],
    });
  }
  const lead = buildGraph(TraceModel.from(records)).nodes[0]!;
  assert.equal(lead.agent, 'lead');
  assert.equal(lead.spanId, spans(records, 'agent').filter((s) => s.name === 'lead').at(-1)!.spanId, 'the router node selects its latest turn');
});

test('a supervisor that runs out of max_turns: its router is failed', async () => {
  const p = new ScriptedProvider({ replies: { lead: [turn('a')], a: [{ text: 'A' }] } });
  const { records } = await record(P, p, { workflow: 'sup', input: IN });
  const g = buildGraph(TraceModel.from(records));
  assert.deepEqual(shape(g).nodes, [['sup/lead', 'lead', 'failed', 4, 'supervisor'], ['a', 'a', 'ok', 3, '-']]);
});

test('a live supervisor run shows the router and every worker from the definition as pending, then fills them in', async () => {
  const p = new ScriptedProvider({ replies: { lead: [turn('a'), turn('FINISH')], a: [{ text: 'A' }] } });
  const { records } = await record(P, p, { workflow: 'sup', input: IN });
  const plan = planOf(DEFS, 'sup')!;
  assert.deepEqual(plan, [
    { name: 'lead', agent: 'lead', dependsOn: [], role: 'supervisor' },
    { name: 'a', agent: 'a', dependsOn: [], role: 'worker' },
    { name: 'b', agent: 'b', dependsOn: [], role: 'worker' },
    { name: 'team', dependsOn: [], role: 'worker' },
  ], 'team is a workflow of the file: no agent');
  const allPending = {
    nodes: [['sup/lead', 'lead', 'pending', 0, 'supervisor'], ['a', 'a', 'pending', 0, '-'], ['b', 'b', 'pending', 0, '-'], ['team', 'team', 'pending', 0, '-']],
    edges: ['sup/lead <-> a', 'sup/lead <-> b', 'sup/lead <-> team'],
  };
  // Only the run line so far, then the workflow span too.
  assert.deepEqual(shape(buildGraph(TraceModel.from(records.slice(0, 1)), plan)), allPending);
  assert.deepEqual(shape(buildGraph(TraceModel.from(records.slice(0, 2)), plan)), allPending);
  // While worker a runs.
  const aStarts = records.findIndex((r) => r.type === 'span' && r.phase === 'start' && r.kind === 'agent' && r.name === 'a');
  assert.deepEqual(shape(buildGraph(TraceModel.from(records.slice(0, aStarts + 1)), plan)), {
    nodes: [['sup/lead', 'lead', 'ok', 1, 'supervisor'], ['a', 'a', 'running', 1, '-'], ['b', 'b', 'pending', 0, '-'], ['team', 'team', 'pending', 0, '-']],
    edges: allPending.edges,
  });
});

test('a supervisor nested in a graph workflow: the graph steps keep their edges, the step that runs it leads to its router', async () => {
  const p = new ScriptedProvider({
    replies: { b: [{ text: 'B' }], lead: [turn('team'), turn('FINISH')], a: [{ text: 'A' }] },
  });
  const { records } = await record(P, p, { workflow: 'outer', input: IN });
  assert.deepEqual(shape(buildGraph(TraceModel.from(records), planOf(DEFS, 'outer'))), {
    nodes: [
      ['prep', 'prep', 'ok', 1, '-'],
      ['delegate', 'delegate', 'ok', 1, '-'],
      ['sup/lead', 'lead', 'ok', 2, 'supervisor'],
      ['team', 'team', 'ok', 1, '-'],
      ['first', 'first', 'ok', 1, '-'],
      ['second', 'second', 'ok', 1, '-'],
    ],
    edges: ['prep -> delegate', 'delegate -> sup/lead', 'sup/lead <-> team', 'first -> second'],
  });
});

const PLANNED = { steps: [{ worker: 'a', input: { text: '1' } }, { worker: 'b', input: { text: '2' } }, { worker: 'a', input: { text: '3' } }] };

test('a plan run: the planner with its state, then the planned steps in their order', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'handoff-graph-plan-'));
  const p = new ScriptedProvider({ replies: { planner: [{ $text: 'not json' }, PLANNED], a: [{ text: 'A' }], b: [{ text: 'B' }] } });
  const { records } = await record(P, p, { workflow: 'plan', input: IN, cwd });
  const plan = planOf(DEFS, 'plan');
  assert.deepEqual(plan, [
    { name: 'planner', agent: 'planner', dependsOn: [], role: 'planner' },
    { name: 'a', agent: 'a', dependsOn: [], role: 'worker' },
    { name: 'b', agent: 'b', dependsOn: [], role: 'worker' },
  ]);
  for (const g of [buildGraph(TraceModel.from(records)), buildGraph(TraceModel.from(records), plan)]) {
    assert.deepEqual(shape(g), {
      nodes: [['plan/planner', 'planner', 'repaired', 1, 'planner'], ['1. a', '1. a', 'ok', 1, '-'], ['2. b', '2. b', 'ok', 1, '-'], ['3. a', '3. a', 'ok', 1, '-']],
      edges: ['plan/planner -> 1. a', '1. a -> 2. b', '2. b -> 3. a'],
    });
  }
  // Before the planner answers, only it is known: its workers are not steps yet.
  const g = buildGraph(TraceModel.from(records.slice(0, 1)), plan);
  assert.deepEqual(shape(g), { nodes: [['plan/planner', 'planner', 'pending', 0, 'planner']], edges: [] });
});

test('a resumed plan run took its plan from the checkpoint: its planner is not drawn, not even as pending', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'handoff-graph-plan-'));
  const failing = new ScriptedProvider({ replies: { planner: [PLANNED], a: [{ text: 'A1' }], b: [{ $error: { status: 400 } }] } });
  const first = await record(P, failing, { workflow: 'plan', input: IN, cwd, runId: 'run-1' });
  const fresh = new ScriptedProvider({ replies: { a: [{ text: 'A3' }], b: [{ text: 'B2' }] } });
  const { records } = await record(P, fresh, { resume: 'run-1', input: undefined, cwd });
  const plan = planOf(DEFS, 'plan');
  const untilFirstStep = (recs: readonly TraceRecord[]) => recs.slice(0, recs.findIndex((r) => r.type === 'span' && r.phase === 'start' && r.kind === 'step') + 1);
  // The first run, when its first step starts: the planner that made the plan leads to it.
  assert.deepEqual(shape(buildGraph(TraceModel.from(untilFirstStep(first.records)), plan)), {
    nodes: [['plan/planner', 'planner', 'ok', 1, 'planner'], ['1. a', '1. a', 'running', 1, '-']],
    edges: ['plan/planner -> 1. a'],
  });
  // The resumed run at the same point: its first step comes from the checkpoint.
  assert.deepEqual(shape(buildGraph(TraceModel.from(untilFirstStep(records)), plan)), { nodes: [['1. a', '1. a', 'running', 1, '-']], edges: [] });
  assert.deepEqual(shape(buildGraph(TraceModel.from(records), plan)).edges, ['1. a -> 2. b', '2. b -> 3. a']);
});

test('a trace that does not record the pattern: the steps and the plan tell', () => {
  const run: TraceRecord = { type: 'run', runId: 'r', workflow: 'w', file: 'f', startedAt: '2026-01-01T00:00:00Z', input: {}, handoffVersion: '0' };
  const span = (spanId: string, parentId: string | undefined, kind: 'workflow' | 'step' | 'agent', name: string, start: number, attributes: Record<string, unknown> = {}): TraceRecord[] => [
    { type: 'span', phase: 'start', spanId, ...(parentId ? { parentId } : {}), kind, name, start, attributes },
    { type: 'span', phase: 'end', spanId, end: start + 1, status: 'ok', attributes: {} },
  ];
  const turns = TraceModel.from([run, ...span('w', undefined, 'workflow', 'w', 0), ...span('t1', 'w', 'agent', 'boss', 1), ...span('s1', 'w', 'step', 'x', 3, { 'handoff.turn': 1 }), ...span('t2', 'w', 'agent', 'boss', 5), ...span('s2', 'w', 'step', 'y', 7, { 'handoff.turn': 2 })]);
  assert.deepEqual(shape(buildGraph(turns)).edges, ['w/boss <-> x', 'w/boss <-> y'], 'not x -> y');
  // Only the router ran (it said FINISH at once), and nothing in the trace says supervisor.
  const plan: PlanStep[] = [{ name: 'boss', agent: 'boss', dependsOn: [], role: 'supervisor' }, { name: 'x', agent: 'x', dependsOn: [], role: 'worker' }];
  const finished = TraceModel.from([run, ...span('w', undefined, 'workflow', 'w', 0), ...span('t1', 'w', 'agent', 'boss', 1), { type: 'run.end', status: 'ok', output: {} }]);
  assert.deepEqual(shape(buildGraph(finished, plan)), { nodes: [['w/boss', 'boss', 'ok', 1, 'supervisor']], edges: [] });
});

test('the reset message keeps a plan entry\'s role', () => {
  const parsed = parseToWebview({ type: 'reset', title: 't', live: true, plan: [{ name: 'lead', agent: 'lead', dependsOn: [], role: 'supervisor' }] });
  assert.ok(parsed.ok && parsed.msg.type === 'reset');
  assert.equal(parsed.msg.plan?.[0]?.role, 'supervisor');
});

// What a recorded run says wins over what is known today: the graph of a finished run is the
// one it ran (not today's definition), and reliability without data is unknown, not 100 %.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { TraceModel, agentReliability, buildGraph, compoundEstimate, detectAnomalies, formatReliability, planOf, runMetrics } from '../../../src/core/traceview';
import type { SpanStatus, TraceRecord } from '../../../src/core/tracing/records';

const run = (runId = 'r'): TraceRecord => ({ type: 'run', runId, workflow: 'w', file: 'f', startedAt: '2026-01-01T00:00:00Z', input: {}, handoffVersion: '0' });
const step = (id: string, name: string, start: number, end: number, dependsOn: string[]): TraceRecord[] => [
  { type: 'span', phase: 'start', spanId: id, parentId: 'w', kind: 'step', name, start, attributes: { 'handoff.step': name, 'handoff.dependsOn': dependsOn } },
  { type: 'span', phase: 'end', spanId: id, end, status: 'ok', attributes: {} },
];

/** A run of a -> b -> c, b and c each waiting for the step before. */
const recorded = (ended: boolean): TraceRecord[] => [
  run(),
  { type: 'span', phase: 'start', spanId: 'w', kind: 'workflow', name: 'w', start: 0, attributes: {} },
  ...step('1', 'a', 1, 2, []),
  ...step('2', 'b', 3, 4, ['a']),
  ...(ended ? [...step('3', 'c', 5, 6, ['b']), { type: 'span', phase: 'end', spanId: 'w', end: 7, status: 'ok', attributes: {} } as TraceRecord, { type: 'run.end', status: 'ok' } as TraceRecord] : []),
];

// The definition edited since: b renamed b2, c now waits for a only, d added.
const today = planOf('workflows:\n  w:\n    steps:\n      a: { agent: x }\n      b2: { agent: y, after: [a] }\n      c: { agent: z, after: [a] }\n      d: { agent: z, after: [c] }\n', 'w')!;

test('a finished run is drawn as it ran: its recorded edges, and no steps it never started', () => {
  const g = buildGraph(TraceModel.from(recorded(true)), today);
  assert.deepEqual(g.nodes.map((n) => [n.id, n.state]), [['a', 'ok'], ['c', 'ok'], ['b', 'ok']]);
  assert.deepEqual(g.edges, [{ from: 'b', to: 'c' }, { from: 'a', to: 'b' }]);
  assert.equal(g.nodes.find((n) => n.id === 'c')!.agent, 'z', 'a step that ran still takes its agent from the plan when the trace lacks it');
});

test('a run still going shows the steps of the plan it has not reached as pending', () => {
  const g = buildGraph(TraceModel.from(recorded(false)), today);
  assert.deepEqual(g.nodes.map((n) => [n.id, n.state]), [['a', 'ok'], ['b2', 'pending'], ['c', 'pending'], ['d', 'pending'], ['b', 'ok']]);
  assert.deepEqual(g.edges, [{ from: 'a', to: 'b2' }, { from: 'a', to: 'c' }, { from: 'c', to: 'd' }, { from: 'a', to: 'b' }]);
});

const agentRun = (status: SpanStatus): TraceModel => TraceModel.from([
  run(),
  { type: 'span', phase: 'start', spanId: 'a', kind: 'agent', name: 'triager', start: 0, attributes: {} },
  { type: 'span', phase: 'end', spanId: 'a', end: 1, status, attributes: {} },
]);

test('a step whose agent never ran is unknown in the estimate, not 100 %', () => {
  const rel = agentReliability([agentRun('ok'), agentRun('error')]);
  const est = compoundEstimate(rel, [{ name: 'triage', agent: 'triager' }, { name: 'new_step', agent: 'never_ran' }]);
  assert.deepEqual(est.factors.map((f) => f.name), ['triage']);
  assert.deepEqual(est.unknown, ['new_step']);
  assert.equal(est.withFallback, 0.5);
  const f = formatReliability(est, 2);
  assert.equal(f.title, 'reliability ≤ 50 % over 2 runs');
  assert.match(f.tooltip, /No recorded outcome for new_step/);
  const none = compoundEstimate(agentReliability([]), [{ name: 'triage', agent: 'triager' }]);
  assert.equal(formatReliability(none, 0).title, 'reliability unknown over 0 runs', 'not "100 % over 0 runs"');
  assert.equal(compoundEstimate(rel).unknown, undefined, 'every agent seen has data');
});

test('runs without spans have no latency: they are neither judged on it nor in its baseline', () => {
  const empty = (id: string): TraceModel => TraceModel.from([run(id)]);
  const normal = (id: string): TraceModel => TraceModel.from([
    run(id),
    { type: 'span', phase: 'start', spanId: 'w', kind: 'workflow', name: 'w', start: 0, attributes: {} },
    { type: 'span', phase: 'end', spanId: 'w', end: 1000, status: 'ok', attributes: {} },
    { type: 'run.end', status: 'ok' },
  ]);
  assert.equal(runMetrics(empty('e')).noLatency, true);
  const baseline = [empty('a'), empty('b'), empty('c'), normal('d'), normal('e'), normal('f'), normal('g'), normal('h')].map(runMetrics);
  const lat = detectAnomalies(runMetrics(normal('x')), baseline).find((f) => f.metric === 'latencyMs')!;
  assert.equal(lat.median, 1000, 'the baseline is the five runs with spans, not a median pulled to 0');
  assert.equal(lat.anomalous, false);
  assert.equal(detectAnomalies(runMetrics(normal('x')), baseline.slice(0, 7)).find((f) => f.metric === 'latencyMs'), undefined, 'four runs with spans are too few');
  assert.equal(detectAnomalies(runMetrics(empty('x')), baseline).find((f) => f.metric === 'latencyMs'), undefined);
});

// Large traces stay linear (or n log n). Budgets are far above what the linear code takes
// (a few hundred ms at most here) and far below what the quadratic code took (seconds to
// minutes, noted per test), so a slow machine does not fail them and a regression does.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { TraceModel, buildGraph, diffRuns, spanState, visibleRows } from '../../../src/core/traceview';
import type { Attributes, TraceRecord } from '../../../src/core/tracing/records';

const BUDGET_MS = 3000;

function timed<T>(fn: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t0 };
}

const start = (spanId: string, parentId: string | undefined, t: number, kind: 'workflow' | 'step' | 'agent', attributes: Attributes = {}): TraceRecord =>
  ({ type: 'span', phase: 'start', spanId, ...(parentId !== undefined ? { parentId } : {}), kind, name: spanId, start: t, attributes });
const end = (spanId: string, t: number, attributes: Attributes = {}): TraceRecord => ({ type: 'span', phase: 'end', spanId, end: t, status: 'ok', attributes });

test('100,000 children recorded before their parent are moved under it in linear time', () => {
  // Was an indexOf and a splice of the roots per child: 20 s.
  const n = 100_000;
  const recs: TraceRecord[] = [];
  for (let i = 0; i < n; i++) recs.push(start(`s${i}`, 'root', i + 1, 'agent'), end(`s${i}`, i + 1.5));
  recs.push(start('root', undefined, 0, 'workflow'), end('root', n + 2));
  const { value: m, ms } = timed(() => TraceModel.from(recs));
  assert.deepEqual(m.roots.map((r) => r.id), ['root']);
  assert.equal(m.roots[0]!.children.length, n);
  assert.equal(m.roots[0]!.children[n - 1]!.id, `s${n - 1}`, 'children keep their start order');
  assert.ok(ms < BUDGET_MS, `${ms} ms`);
});

test('the graph of 50,000 steps with no plan and no recorded dependencies is built in n log n', () => {
  // Was a scan of every step for each step's predecessor: 15 s (100,000 steps: over 200 s).
  const n = 50_000;
  const recs: TraceRecord[] = [start('w', undefined, 0, 'workflow')];
  for (let i = 0; i < n; i++) recs.push(start(`s${i}`, 'w', i, 'step'), end(`s${i}`, i + 0.5));
  const m = TraceModel.from(recs);
  const { value: g, ms } = timed(() => buildGraph(m));
  assert.equal(g.nodes.length, n);
  assert.equal(g.edges.length, n - 1);
  assert.deepEqual(g.edges[n - 2], { from: `s${n - 2}`, to: `s${n - 1}` });
  assert.ok(ms < BUDGET_MS, `${ms} ms`);
});

/** A chain of `depth` spans, steps and agents in turn under a workflow, each the only child of the one before. */
function chain(depth: number, attributes: () => Attributes = () => ({})): TraceModel {
  const recs: TraceRecord[] = [start('d0', undefined, 0, 'workflow')];
  for (let i = 1; i < depth; i++) recs.push(start(`d${i}`, `d${i - 1}`, i, i % 2 ? 'step' : 'agent', attributes()));
  for (let i = depth - 1; i >= 0; i--) recs.push(end(`d${i}`, 2 * depth - i, i === depth - 1 ? { 'handoff.fallback': true } : attributes()));
  return TraceModel.from(recs);
}

test('the state of every span of a deep chain reads each span a bounded number of times', () => {
  // Each span's state walked its whole subtree: 3.5 s for 10,000 deep, 31 s for 30,000 deep.
  let reads = 0;
  const counting = (): Attributes => new Proxy({}, { has: (t, k) => (reads++, k in t), get: (t, k) => (reads++, Reflect.get(t, k)) });
  const depth = 4000;
  const m = chain(depth, counting);
  const states = visibleRows(m, new Set()).map((r) => spanState(r.node));
  assert.equal(states[0], 'fallback', 'the fallback at the bottom shows at the top');
  assert.ok(states.every((s) => s === 'fallback'));
  // The walk over each subtree made about depth² / 2 × 10 reads (80 million).
  assert.ok(reads < 50 * depth, `${reads} attribute reads`);
});

test('the graph of a 15,000-step chain and its diff are built in linear time', () => {
  // Was 70 s for the graph (each step's state walked its subtree); the diff added each
  // node's subtree tokens and output the same way.
  const m = chain(30_000);
  const { value: g, ms } = timed(() => buildGraph(m));
  assert.equal(g.nodes.length, 15_000);
  assert.ok(g.nodes.every((n) => n.state === 'fallback'));
  assert.ok(ms < BUDGET_MS, `graph: ${ms} ms`);
  const d = timed(() => diffRuns(m, m));
  assert.equal(d.value.length, 15_000);
  assert.ok(d.ms < BUDGET_MS, `diff: ${d.ms} ms`);
});

// The Graph tab of a large run: every node's description is said from an index of the edges
// built once per graph (linear, not a scan of every edge per node), and the graph is laid out
// again only when its nodes or edges changed, one layout at a time, the latest graph winning.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { TraceModel, buildGraph, type GraphData } from '../../../src/core/traceview';
import type { TraceRecord } from '../../../src/core/tracing/records';
import { graphNodeDescription } from '../../../webview/src/a11y';
import { type Clock, Relayout, sameLayout } from '../../../webview/src/relayout';

const BUDGET_MS = 3000;

/** A chain of `n` steps, each after the one before; a supervisor with a worker every tenth step. */
function graphOf(n: number): GraphData {
  const nodes: GraphData['nodes'] = [];
  const edges: { from: string; to: string; both?: true }[] = [];
  nodes.push({ id: 'lead', label: 'lead', agent: undefined, state: 'ok', spanId: 'lead', durationMs: 1, runs: 1, role: 'supervisor' });
  for (let i = 0; i < n; i++) {
    nodes.push({ id: `s${i}`, label: `step ${i}`, agent: undefined, state: 'ok', spanId: `s${i}`, durationMs: 1, runs: 1 });
    if (i > 0) edges.push({ from: `s${i - 1}`, to: `s${i}` });
    if (i % 10 === 0) edges.push({ from: 'lead', to: `s${i}`, both: true });
  }
  return { nodes, edges };
}

/** The time (best of three) to describe every node of the graph of `n` steps, and the descriptions. */
function describeAll(n: number): { ms: number; descriptions: string[] } {
  let best = Infinity;
  let descriptions: string[] = [];
  for (let round = 0; round < 3; round++) {
    const g = graphOf(n); // a new graph each time: its edge index is built within the time
    const labels = new Map(g.nodes.map((x) => [x.id, x.label]));
    const t0 = performance.now();
    descriptions = g.nodes.map((x) => graphNodeDescription(x.id, g, labels, { durationMs: x.durationMs, runs: x.runs, pickable: true }));
    best = Math.min(best, performance.now() - t0);
  }
  return { ms: best, descriptions };
}

test('describing every node of a 40,000-step graph takes linear time', () => {
  // Each node's description scanned every edge: 52/193/631 ms at 3,200/6,400/12,700 nodes,
  // about 6 s at 40,000 and 25 s at 80,000.
  const n = 40_000;
  const half = describeAll(n / 2);
  const full = describeAll(n);
  assert.equal(full.descriptions[1], '1 ms, works for lead, then step 1');
  assert.equal(full.descriptions[2], '1 ms, after step 0, then step 2');
  assert.equal(full.descriptions[n], `1 ms, after step ${n - 2}`);
  assert.match(full.descriptions[0]!, /^1 ms, hands work to step 0, step 10, .* and step 39990, a first step$/);
  assert.ok(full.ms < BUDGET_MS, `${full.ms} ms`);
  // Twice the nodes, about twice the time (a scan per node: four times).
  assert.ok(full.ms < 3 * half.ms + 100, `${half.ms.toFixed(1)} ms for ${n / 2} nodes, ${full.ms.toFixed(1)} ms for ${n}`);
});

test('a graph whose states changed has the same layout; one with a step more, or other edges or roles, has not', () => {
  const start = (spanId: string, parentId: string | undefined, t: number, kind: 'workflow' | 'step'): TraceRecord =>
    ({ type: 'span', phase: 'start', spanId, ...(parentId !== undefined ? { parentId } : {}), kind, name: spanId, start: t, attributes: {} });
  const end = (spanId: string, t: number): TraceRecord => ({ type: 'span', phase: 'end', spanId, end: t, status: 'ok', attributes: {} });
  const m = TraceModel.from([start('w', undefined, 0, 'workflow'), start('a', 'w', 1, 'step'), start('b', 'w', 2, 'step')]);
  const running = buildGraph(m);
  m.apply([end('b', 3)]);
  const ended = buildGraph(m);
  assert.notDeepEqual(running.nodes.map((x) => x.state), ended.nodes.map((x) => x.state));
  assert.ok(sameLayout(running, ended), 'only the states changed');
  m.apply([start('c', 'w', 4, 'step')]);
  assert.ok(!sameLayout(ended, buildGraph(m)), 'a step more');
  const g = graphOf(3);
  assert.ok(!sameLayout(g, { nodes: g.nodes, edges: g.edges.map((e) => (e.both ? { from: e.from, to: e.to } : e)) }), 'an edge one way instead of both');
  assert.ok(!sameLayout(g, { nodes: g.nodes.map((x) => ({ ...x, role: undefined })), edges: g.edges }), 'a router no longer');
});

/** A clock whose time and timers the test moves. */
function fakeClock(): Clock & { advance(ms: number): void } {
  let now = 0;
  let timers: { at: number; fn: () => void }[] = [];
  return {
    now: () => now,
    later: (fn, ms) => void timers.push({ at: now + ms, fn }),
    advance(ms) {
      now += ms;
      const due = timers.filter((t) => t.at <= now);
      timers = timers.filter((t) => t.at > now);
      for (const t of due) t.fn();
    },
  };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

test('a live run\'s new steps are laid out together: one layout at a time, then a wait, the latest graph winning', async () => {
  const clock = fakeClock();
  const started: number[] = [];
  const finish: (() => void)[] = [];
  const done: number[] = [];
  let shown = true;
  let latest = 1;
  const graph = (n: number): GraphData => graphOf(n);
  let current = graph(latest);
  // The view: `again` draws it again, which asks for the layout of its latest graph, only while its tab is shown.
  const relayout: Relayout<GraphData, number> = new Relayout<GraphData, number>(
    {
      layout: (data) => {
        started.push(data.nodes.length);
        return new Promise<number>((resolve) => finish.push(() => resolve(data.nodes.length)));
      },
      done: (laid) => done.push(laid),
      failed: (err) => assert.fail(String(err)),
      again: () => {
        if (shown) relayout.want(current);
      },
    },
    sameLayout,
    3,
    clock,
  );
  const step = (): void => {
    current = graph(++latest);
    if (shown) relayout.want(current);
  };

  relayout.want(current);
  assert.deepEqual(started, [2], 'the first layout starts at once');
  step();
  step();
  step();
  assert.deepEqual(started, [2], 'at most one layout at a time: the steps added meanwhile wait');
  clock.advance(100); // the layout took 100 ms
  finish.shift()!();
  await tick();
  assert.deepEqual(done, [2]);
  assert.deepEqual(started, [2], 'the next waits three times as long as the last took');
  step();
  clock.advance(299);
  assert.deepEqual(started, [2]);
  clock.advance(1);
  assert.deepEqual(started, [2, 6], 'then the latest graph is laid out, the ones between never');

  // States change (the same nodes and edges): nothing is laid out again.
  clock.advance(50);
  finish.shift()!();
  await tick();
  clock.advance(10_000);
  current = { nodes: current.nodes.map((x) => ({ ...x, state: 'failed' as const })), edges: [...current.edges] };
  relayout.want(current);
  assert.deepEqual(started, [2, 6]);

  // While the tab is hidden nothing is laid out; shown again, its latest graph is.
  shown = false;
  step();
  step();
  clock.advance(10_000);
  assert.deepEqual(started, [2, 6]);
  shown = true;
  relayout.want(current);
  assert.deepEqual(started, [2, 6, 8]);
  assert.deepEqual(done, [2, 6]);
});

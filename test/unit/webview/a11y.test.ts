// What the trace panel tells a screen reader: a span row's name carries its kind, state,
// attempt and duration; a graph node's name its state and its description its edges; a live
// run's status is said when it starts and ends, a recorded trace's never; tree rows know their
// place among their siblings; the graph's arrow keys go to the nearest node that way.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { TraceModel, buildGraph, visibleRows } from '../../../src/core/traceview';
import type { Attributes, SpanKind, TraceRecord } from '../../../src/core/tracing/records';
import { graphNodeDescription, graphNodeName, runStatusAnnouncement, siblingPositions, spanRowName, spokenList } from '../../../webview/src/a11y';
import { nearestInDirection } from '../../../webview/src/spatial';

const start = (spanId: string, parentId: string | undefined, t: number, kind: SpanKind, name = spanId, attributes: Attributes = {}): TraceRecord =>
  ({ type: 'span', phase: 'start', spanId, ...(parentId !== undefined ? { parentId } : {}), kind, name, start: t, attributes });
const end = (spanId: string, t: number, status: 'ok' | 'error' = 'ok', attributes: Attributes = {}): TraceRecord =>
  ({ type: 'span', phase: 'end', spanId, end: t, status, attributes });

test('a span row is named by its name, kind, state, attempt and duration', () => {
  const m = TraceModel.from([
    start('w', undefined, 0, 'workflow', 'support'),
    start('a', 'w', 1, 'agent', 'triager'),
    start('l1', 'a', 1, 'llm', 'gpt-4.1-mini'),
    end('l1', 2),
    start('l2', 'a', 2, 'llm', 'gpt-4.1-mini', { 'handoff.attempt': 1 }),
    end('l2', 2.31, 'error'),
  ]);
  const l2 = m.spans.get('l2')!;
  assert.equal(spanRowName(l2, 'failed', 2, 'gpt-4.1-mini'), 'gpt-4.1-mini, model call, failed, attempt 2, 0.31 ms');
  assert.equal(spanRowName(m.spans.get('a')!, 'running', 2, 'triager'), 'triager, agent, running, 2 attempts', 'no duration while it runs');
  assert.equal(spanRowName(m.spans.get('l1')!, 'ok', 1, 'gpt-4.1-mini'), 'gpt-4.1-mini, model call, ok, 1 ms');
});

test('a graph node is named by its state; its description says its edges', () => {
  const graph = { nodes: [], edges: [{ from: 'triage', to: 'answer' }, { from: 'sentiment', to: 'answer' }, { from: 'triage', to: 'billing' }] };
  const labels = new Map([['triage', 'triage'], ['sentiment', 'sentiment'], ['answer', 'answer'], ['billing', 'billing']]);
  assert.equal(graphNodeName('answer', undefined, 'ok'), 'answer: ok');
  assert.equal(graphNodeName('lead', 'supervisor', 'repaired'), 'lead (supervisor): violated and repaired');
  assert.equal(graphNodeDescription('answer', graph, labels, { durationMs: 21, runs: 1, pickable: true }), '21 ms, after triage and sentiment');
  assert.equal(graphNodeDescription('triage', graph, labels, { durationMs: undefined, runs: 2, pickable: true }), 'ran 2 times, then answer and billing, a first step');
  assert.equal(graphNodeDescription('billing', graph, labels, { runs: 0, pickable: false }), 'after triage, no span yet');
});

test('a supervisor hands work to its workers, each works for it', () => {
  const graph = { nodes: [], edges: [{ from: 'lead', to: 'searcher', both: true as const }, { from: 'lead', to: 'writer', both: true as const }] };
  const labels = new Map([['lead', 'lead']]);
  assert.equal(graphNodeDescription('lead', graph, labels, { runs: 1, pickable: true }), 'hands work to searcher and writer, a first step');
  assert.equal(graphNodeDescription('writer', graph, labels, { runs: 1, pickable: true }), 'works for lead');
});

test('the descriptions of a real graph name every dependency', () => {
  const m = TraceModel.from([
    start('w', undefined, 0, 'workflow', 'support'),
    start('s1', 'w', 0, 'step', 'triage'), end('s1', 1),
    start('s2', 'w', 0, 'step', 'sentiment'), end('s2', 1),
    start('s3', 'w', 1, 'step', 'answer', { 'handoff.dependsOn': ['triage', 'sentiment'] }), end('s3', 2),
    end('w', 2),
  ]);
  const data = buildGraph(m);
  const labels = new Map(data.nodes.map((n) => [n.id, n.label]));
  assert.match(graphNodeDescription('answer', data, labels, { runs: 1, pickable: true }), /after (triage and sentiment|sentiment and triage)/);
});

test('a live run is announced when it starts and when it ends; a recorded trace is not', () => {
  assert.equal(runStatusAnnouncement(true, 'running', 'running'), 'run started');
  assert.equal(runStatusAnnouncement(true, 'ended', 'fallback'), 'run ended: ok with a fallback');
  assert.equal(runStatusAnnouncement(true, 'ended', 'failed'), 'run ended: failed');
  assert.equal(runStatusAnnouncement(false, 'ended', 'ok'), '');
  assert.equal(runStatusAnnouncement(true, undefined, undefined), '');
});

test('tree rows know their position among their siblings and how many there are', () => {
  //  r1 (a (x y z) b) r2 (c)
  const m = TraceModel.from([
    start('r1', undefined, 0, 'workflow'), start('a', 'r1', 1, 'step'), start('x', 'a', 1, 'agent'), start('y', 'a', 2, 'agent'), start('z', 'a', 3, 'agent'),
    start('b', 'r1', 4, 'step'), start('r2', undefined, 5, 'workflow'), start('c', 'r2', 6, 'step'),
  ]);
  const rows = visibleRows(m, new Set());
  const { pos, size } = siblingPositions(rows.map((r) => r.depth));
  const got = rows.map((r, i) => `${r.node.id}:${pos[i]}/${size[i]}`);
  assert.deepEqual(got, ['r1:1/2', 'a:1/2', 'x:1/3', 'y:2/3', 'z:3/3', 'b:2/2', 'r2:2/2', 'c:1/1']);
  const folded = visibleRows(m, new Set(['a']));
  const f = siblingPositions(folded.map((r) => r.depth));
  assert.deepEqual(folded.map((r, i) => `${r.node.id}:${f.pos[i]}/${f.size[i]}`), ['r1:1/2', 'a:1/2', 'b:2/2', 'r2:2/2', 'c:1/1']);
});

test('lists are said with "and"', () => {
  assert.equal(spokenList([]), '');
  assert.equal(spokenList(['a']), 'a');
  assert.equal(spokenList(['a', 'b', 'c']), 'a, b and c');
});

test('the graph\'s arrow keys go to the nearest node that way, in line first', () => {
  //   a(0,0)  b(200,0)   d(400,0)
  //           c(200,80)
  const pts = [{ id: 'a', x: 0, y: 0 }, { id: 'b', x: 200, y: 0 }, { id: 'c', x: 200, y: 80 }, { id: 'd', x: 400, y: 0 }, { id: 'e', x: 30, y: 300 }];
  assert.equal(nearestInDirection(pts, 'a', 'ArrowRight'), 'b');
  assert.equal(nearestInDirection(pts, 'b', 'ArrowRight'), 'd');
  assert.equal(nearestInDirection(pts, 'b', 'ArrowDown'), 'c');
  assert.equal(nearestInDirection(pts, 'c', 'ArrowUp'), 'b');
  assert.equal(nearestInDirection(pts, 'c', 'ArrowLeft'), 'a');
  assert.equal(nearestInDirection(pts, 'a', 'ArrowLeft'), undefined, 'nothing that way: no move');
  assert.equal(nearestInDirection(pts, 'd', 'ArrowDown'), 'c', 'outside the 45° cone only when nothing is inside it');
});

// Deep traces and outputs: every walk over spans or JSON is iterative, since a tree (a
// recursive workflow, a damaged file) or a model's output can nest deeper than the call stack.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { TraceModel, computeTotals, criticalPath, diffRuns, jsonDiff, outputOf } from '../../../src/core/traceview';
import type { TraceRecord } from '../../../src/core/tracing/records';

const DEPTH = 50_000;

/** A chain of `depth` spans, each the only child of the one before; the deepest holds the output. */
function chain(depth: number, output: unknown): TraceModel {
  const recs: TraceRecord[] = [];
  for (let i = 0; i < depth; i++) {
    recs.push({ type: 'span', phase: 'start', spanId: `d${i}`, ...(i ? { parentId: `d${i - 1}` } : {}), kind: i ? (i % 2 ? 'step' : 'agent') : 'workflow', name: `n${i}`, start: i, attributes: {} });
  }
  for (let i = depth - 1; i >= 0; i--) {
    recs.push({ type: 'span', phase: 'end', spanId: `d${i}`, end: 2 * depth - i, status: 'ok', attributes: i === depth - 1 ? { 'handoff.output': output } : {} });
  }
  return TraceModel.from(recs);
}

test('the critical path of a very deep tree is found, not a stack overflow', () => {
  const m = chain(DEPTH, 1);
  const cp = criticalPath(m);
  assert.equal(cp.ids.length, DEPTH);
  assert.equal(cp.ids[DEPTH - 1], `d${DEPTH - 1}`);
  assert.equal(cp.ms, 2 * DEPTH);
  assert.deepEqual(computeTotals(m, {}).criticalPath, cp.ids);
});

test('the output of a step is found under a very deep tree', () => {
  const m = chain(DEPTH, { answer: 42 });
  assert.deepEqual(outputOf(m.spans.get('d1')!), { answer: 42 });
  assert.equal(diffRuns(m, chain(DEPTH, { answer: 43 }))[0]!.outputChanges[0]!.path, '/answer');
});

test('outputs nested very deep are compared, not a stack overflow', () => {
  let a: unknown = 1;
  let b: unknown = 2;
  for (let i = 0; i < DEPTH; i++) {
    a = i % 2 ? [a] : { k: a };
    b = i % 2 ? [b] : { k: b };
  }
  const changes = jsonDiff(a, b);
  assert.equal(changes.length, 1);
  assert.equal(changes[0]!.kind, 'changed');
  assert.equal(changes[0]!.path, '/0/k'.repeat(DEPTH / 2));
});

test('a diff keeps document order and its limit with nested containers', () => {
  const a = { x: [1, { y: 1, z: [1] }], w: 1, v: 1 };
  const b = { x: [2, { y: 2, z: [1, 2] }, 3], v: 1, u: 1 };
  assert.deepEqual(jsonDiff(a, b), [
    { path: '/x/0', kind: 'changed', a: 1, b: 2 },
    { path: '/x/1/y', kind: 'changed', a: 1, b: 2 },
    { path: '/x/1/z/1', kind: 'added', b: 2 },
    { path: '/x/2', kind: 'added', b: 3 },
    { path: '/w', kind: 'removed', a: 1 },
    { path: '/u', kind: 'added', b: 1 },
  ]);
  assert.deepEqual(jsonDiff(a, b, 2).map((c) => c.path), ['/x/0', '/x/1/y']);
});

test('keys that every object inherits are compared as own keys only', () => {
  assert.deepEqual(jsonDiff({ constructor: 'x' }, {}), [{ path: '/constructor', kind: 'removed', a: 'x' }]);
  assert.deepEqual(jsonDiff({}, { toString: 'y' }), [{ path: '/toString', kind: 'added', b: 'y' }]);
  assert.deepEqual(jsonDiff(JSON.parse('{"__proto__": 1}'), JSON.parse('{"__proto__": 2}')), [{ path: '/__proto__', kind: 'changed', a: 1, b: 2 }]);
});

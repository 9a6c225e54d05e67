import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { TraceModel, diffRuns, jsonDiff } from '../../../src/core/traceview';
import { loadFixture } from './load';

test('jsonDiff names added, removed and changed paths as JSON pointers', () => {
  const d = jsonDiff({ a: 1, b: [1, 2], 'x/y': true, gone: 0 }, { a: 2, b: [1, 2, 3], 'x/y': true, c: null });
  assert.deepEqual(d, [
    { path: '/a', kind: 'changed', a: 1, b: 2 },
    { path: '/b/2', kind: 'added', b: 3 },
    { path: '/gone', kind: 'removed', a: 0 },
    { path: '/c', kind: 'added', b: null },
  ]);
  assert.deepEqual(jsonDiff({ k: { l: 1 } }, { k: { l: 1 } }), []);
  assert.deepEqual(jsonDiff(1, '1'), [{ path: '', kind: 'changed', a: 1, b: '1' }]);
});

test('jsonDiff stops at its limit', () => {
  const a = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, i]));
  assert.equal(jsonDiff(a, {}, 10).length, 10);
});

test('two runs compare step by step', () => {
  const rows = diffRuns(loadFixture('sample.trace.jsonl'), loadFixture('failed.trace.jsonl'));
  assert.deepEqual(rows.map((r) => r.key), ['step:classify', 'step:research', 'step:summarize', 'step:notify']);
  const classify = rows[0]!;
  assert.equal(classify.stateChanged, false);
  assert.deepEqual(classify.outputChanges, []);
  assert.ok(Math.abs(classify.latencyDeltaMs! - (403 * 1.3 - 1 - 402)) < 1e-3);
  const summarize = rows[2]!;
  assert.equal(summarize.a!.state, 'fallback');
  assert.equal(summarize.b!.state, 'failed');
  assert.equal(summarize.stateChanged, true);
  assert.deepEqual(summarize.outputChanges, [{ path: '', kind: 'removed', a: { summary: 'Fallback: see ticket.' } }]);
  const notify = rows[3]!;
  assert.equal(notify.b, undefined);
  assert.equal(notify.stateChanged, true);
});

test('tokens compare only where both runs reported usage', () => {
  const run = (usage: Record<string, number>): TraceModel =>
    TraceModel.from([
      { type: 'span', phase: 'start', spanId: 's', kind: 'step', name: 'classify', start: 0, attributes: {} },
      { type: 'span', phase: 'start', spanId: 'l', parentId: 's', kind: 'llm', name: 'm', start: 0, attributes: {} },
      { type: 'span', phase: 'end', spanId: 'l', end: 1, status: 'ok', attributes: usage },
      { type: 'span', phase: 'end', spanId: 's', end: 1, status: 'ok', attributes: {} },
    ]);
  const reported = run({ 'gen_ai.usage.input_tokens': 30, 'gen_ai.usage.output_tokens': 12 });
  const [row] = diffRuns(reported, run({}));
  assert.equal(row!.a!.tokens, 42);
  assert.equal(row!.b!.tokens, undefined);
  assert.equal(row!.tokensDelta, undefined, 'no delta against a run whose provider reported no usage');
  assert.equal(diffRuns(run({ 'gen_ai.usage.input_tokens': 5 }), reported)[0]!.tokensDelta, 37);
});

import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { TraceModel, computeTotals, criticalPath } from '../../../src/core/traceview';
import type { TraceRecord } from '../../../src/core/tracing/records';
import { loadFixture } from './load';

const prices = { 'gpt-4.1-mini': { input: 0.4, output: 1.6 }, 'gpt-4.1': { input: 2, output: 8 } };

test('totals add tokens and price them per model', () => {
  const t = computeTotals(loadFixture('sample.trace.jsonl'), prices);
  assert.equal(t.inputTokens, 120 + 120 + 300);
  assert.equal(t.outputTokens, 40 + 40 + 80);
  const expected = (240 * 0.4 + 80 * 1.6 + 300 * 2 + 80 * 8) / 1e6;
  assert.ok(Math.abs(t.cost! - expected) < 1e-12);
  assert.equal(t.llmCalls, 4);
  assert.equal(t.violations, 2);
  assert.equal(t.wallMs, 2504);
});

test('a model without a price is named, and no price at all gives no cost', () => {
  const t = computeTotals(loadFixture('sample.trace.jsonl'), { 'gpt-4.1': { input: 1, output: 1 } });
  assert.deepEqual(t.unpriced, ['gpt-4.1-mini']);
  assert.equal(computeTotals(loadFixture('sample.trace.jsonl'), {}).cost, undefined);
});

function span(id: string, parentId: string | undefined, start: number, end: number): TraceRecord[] {
  return [
    { type: 'span', phase: 'start', spanId: id, ...(parentId ? { parentId } : {}), kind: 'step', name: id, start, attributes: {} },
    { type: 'span', phase: 'end', spanId: id, end, status: 'ok', attributes: {} },
  ];
}

test('the critical path follows the chain that ends last, not the parallel branch', () => {
  // root 0..100; a 0..30 then c 35..100; b 0..60 runs in parallel with a but ends before c starts? no: b ends at 60 > 35.
  const m = TraceModel.from([
    ...span('root', undefined, 0, 100),
    ...span('a', 'root', 0, 30),
    ...span('b', 'root', 0, 20),
    ...span('c', 'root', 35, 100),
    ...span('c1', 'c', 36, 50),
    ...span('c2', 'c', 50, 99),
  ]);
  const cp = criticalPath(m);
  assert.deepEqual(cp.ids, ['root', 'a', 'c', 'c1', 'c2']);
  assert.equal(cp.ms, 100);
});

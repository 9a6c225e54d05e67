import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { TraceModel, computeTotals, criticalPath, subtreeTokens, tokensOf } from '../../../src/core/traceview';
import type { TraceRecord } from '../../../src/core/tracing/records';
import { loadFixture } from './load';

const prices = { 'gpt-4.1-mini': { input: 0.4, output: 1.6 }, 'gpt-4.1': { input: 2, output: 8 } };

test('totals add tokens and price them per model', () => {
  const t = computeTotals(loadFixture('sample.trace.jsonl'), prices);
  assert.deepEqual(t.tokens, { input: 120 + 120 + 300, output: 40 + 40 + 80 });
  assert.equal(t.callsWithUsage, 3, "the failed call reported no usage");
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

/** An agent span with one model call per entry: its usage, or none when the provider reported none. */
function calls(usage: ({ in: number; out: number } | undefined)[]): TraceRecord[] {
  const recs: TraceRecord[] = [{ type: 'span', phase: 'start', spanId: 'a', kind: 'agent', name: 'a', start: 0, attributes: {} }];
  usage.forEach((u, i) => {
    const id = `l${i}`;
    recs.push({ type: 'span', phase: 'start', spanId: id, parentId: 'a', kind: 'llm', name: 'gpt-4.1', start: i, attributes: { 'gen_ai.request.model': 'gpt-4.1' } });
    recs.push({ type: 'span', phase: 'end', spanId: id, end: i + 1, status: 'ok', attributes: u ? { 'gen_ai.usage.input_tokens': u.in, 'gen_ai.usage.output_tokens': u.out } : {} });
  });
  recs.push({ type: 'span', phase: 'end', spanId: 'a', end: usage.length, status: 'ok', attributes: {} });
  return recs;
}

test('calls that report no usage count as not reported, not as zero tokens, and cost nothing', () => {
  const none = TraceModel.from(calls([undefined, undefined]));
  const t = computeTotals(none, prices);
  assert.equal(t.tokens, undefined);
  assert.equal(t.callsWithUsage, 0);
  assert.equal(t.llmCalls, 2);
  assert.equal(t.cost, undefined, 'a priced model with no reported usage has no cost, not $0');
  assert.equal(subtreeTokens(none.spans.get('a')!), undefined);

  const some = TraceModel.from(calls([{ in: 100, out: 10 }, undefined, { in: 0, out: 0 }]));
  const s = computeTotals(some, prices);
  assert.deepEqual(s.tokens, { input: 100, output: 10 });
  assert.equal(s.callsWithUsage, 2, 'a call that reported zero tokens did report');
  assert.ok(Math.abs(s.cost! - (100 * 2 + 10 * 8) / 1e6) < 1e-12);
  assert.deepEqual(subtreeTokens(some.spans.get('a')!), { input: 100, output: 10 });
  assert.equal(tokensOf(some.spans.get('l1')!), undefined);
  assert.deepEqual(tokensOf(some.spans.get('l2')!), { input: 0, output: 0 });
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

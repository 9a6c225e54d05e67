import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { agentReliability, buildGraph, compoundEstimate, detectAnomalies, runMetrics } from '../../../src/core/traceview';
import { loadFixture } from './load';

test('per-agent outcomes over runs', () => {
  const runs = [loadFixture('sample.trace.jsonl'), loadFixture('failed.trace.jsonl')];
  const rel = agentReliability(runs);
  const by = new Map(rel.map((r) => [r.agent, r]));
  assert.deepEqual({ ...by.get('classifier')! }, { agent: 'classifier', firstTry: 2, repaired: 0, fallback: 0, failed: 0, total: 2, successRate: 1, firstTryRate: 1 });
  assert.equal(by.get('researcher')!.repaired, 2);
  assert.equal(by.get('researcher')!.firstTryRate, 0);
  const s = by.get('summarizer')!;
  assert.deepEqual([s.fallback, s.failed, s.successRate], [1, 1, 0.5]);
});

test('the compounded estimate is the product over steps, at three levels', () => {
  const rel = agentReliability([loadFixture('sample.trace.jsonl'), loadFixture('failed.trace.jsonl')]);
  const est = compoundEstimate(rel, [
    { name: 'classify', agent: 'classifier' },
    { name: 'research', agent: 'researcher' },
    { name: 'summarize', agent: 'summarizer' },
  ]);
  assert.equal(est.firstTry, 0, 'the researcher never succeeded on its first try');
  assert.equal(est.withRetries, 0, 'the summarizer never succeeded without fallback');
  assert.equal(est.withFallback, 1 * 1 * 0.5);
  const partial = compoundEstimate([
    { agent: 'a', firstTry: 8, repaired: 1, fallback: 1, failed: 0, total: 10, successRate: 1, firstTryRate: 0.8 },
    { agent: 'b', firstTry: 9, repaired: 0, fallback: 0, failed: 1, total: 10, successRate: 0.9, firstTryRate: 0.9 },
  ]);
  assert.ok(Math.abs(partial.firstTry - 0.72) < 1e-12);
  assert.ok(Math.abs(partial.withRetries - 0.81) < 1e-12);
  assert.ok(Math.abs(partial.withFallback - 0.9) < 1e-12);
});

const base = (latencyMs: number, tokens = 1000, violations = 0) => ({ runId: 'r', latencyMs, tokens, violations });

test('anomalies need a baseline of five runs', () => {
  assert.deepEqual(detectAnomalies(base(99999), [base(1000), base(1000)]), []);
});

test('a run far from the baseline is flagged, a normal one is not', () => {
  const baseline = [base(1000), base(1100), base(950), base(1050), base(1000), base(1020)];
  const normal = detectAnomalies(base(1200), baseline);
  assert.equal(normal.some((f) => f.anomalous), false);
  const slow = detectAnomalies(base(5000), baseline);
  const lat = slow.find((f) => f.metric === 'latencyMs')!;
  assert.equal(lat.anomalous, true);
  assert.equal(lat.median, 1010);
  assert.equal(slow.find((f) => f.metric === 'tokens')!.anomalous, false);
  const violations = detectAnomalies(base(1000, 1000, 4), baseline);
  assert.equal(violations.find((f) => f.metric === 'violations')!.anomalous, true);
  assert.equal(detectAnomalies(base(1000, 1000, 1), baseline).find((f) => f.metric === 'violations')!.anomalous, false);
});

test('tokens no call reported are not judged, and runs without them are left out of the tokens baseline', () => {
  const unreported = (latencyMs: number) => ({ runId: 'r', latencyMs, tokens: undefined, violations: 0 });
  const baseline = [base(1000), base(1010), unreported(990), base(1020), base(1000), unreported(1005), base(990)];
  assert.deepEqual(detectAnomalies(unreported(1000), baseline).map((f) => f.metric), ['latencyMs', 'violations']);
  const tokens = detectAnomalies(base(1000, 9000), baseline).find((f) => f.metric === 'tokens')!;
  assert.equal(tokens.median, 1000, 'the baseline is the five runs that reported tokens');
  assert.equal(tokens.anomalous, true);
  assert.equal(detectAnomalies(base(1000, 9000), baseline.slice(0, 5)).find((f) => f.metric === 'tokens'), undefined, 'four runs with tokens are too few');
});

test('run metrics come from the totals', () => {
  assert.deepEqual(runMetrics(loadFixture('sample.trace.jsonl')), { runId: 'run-sample', latencyMs: 2504, tokens: 700, violations: 2 });
});

test('the graph shows steps with their states and dependencies, and plan steps not started as pending', () => {
  const g = buildGraph(loadFixture('sample.trace.jsonl'));
  assert.deepEqual(g.nodes.map((n) => [n.id, n.state, n.agent]), [
    ['classify', 'ok', 'classifier'],
    ['research', 'repaired', 'researcher'],
    ['summarize', 'fallback', 'summarizer'],
    ['notify', 'skipped', undefined],
  ]);
  assert.deepEqual(g.edges, [{ from: 'classify', to: 'research' }, { from: 'research', to: 'summarize' }, { from: 'summarize', to: 'notify' }]);
  const withPlan = buildGraph(loadFixture('torn.trace.jsonl'), [
    { name: 'classify', dependsOn: [] },
    { name: 'research', agent: 'researcher', dependsOn: ['classify'] },
    { name: 'summarize', agent: 'summarizer', dependsOn: ['research'] },
  ]);
  assert.deepEqual(withPlan.nodes.map((n) => n.state), ['ok', 'running', 'pending']);
  assert.deepEqual(withPlan.edges, [{ from: 'classify', to: 'research' }, { from: 'research', to: 'summarize' }]);
});

test('the CodeLens title gives the estimate with fallbacks, the tooltip every level', async () => {
  const { formatReliability } = await import('../../../src/core/traceview');
  const f = formatReliability({ factors: [], firstTry: 0.5, withRetries: 0.8, withFallback: 0.95 }, 7);
  assert.equal(f.title, 'reliability 95 % over 7 runs');
  assert.match(f.tooltip, /50 % on first tries, 80 % with retries, 95 % with retries and fallbacks/);
});

test("a critic's revision is no repair: only a model call after a failed attempt is", async () => {
  const { TraceModel } = await import('../../../src/core/traceview/model');
  const span = (id: string, kind: string, parent: string | undefined, attributes: object = {}) => ({ type: 'span' as const, phase: 'start' as const, spanId: id, ...(parent ? { parentId: parent } : {}), kind: kind as 'agent', name: kind === 'agent' ? 'writer' : 'm', start: 1, attributes: attributes as Record<string, unknown> });
  const end = (id: string) => ({ type: 'span' as const, phase: 'end' as const, spanId: id, end: 2, status: 'ok' as const, attributes: {} });
  // Two model calls at attempt 0: the first answer, then the answer after the critic's feedback.
  const revised = TraceModel.from([span('a', 'agent', undefined), span('l1', 'llm', 'a', { 'handoff.attempt': 0 }), end('l1'), span('l2', 'llm', 'a', { 'handoff.attempt': 0 }), end('l2'), end('a')]);
  // A second attempt: the first failed (a provider error or a violation).
  const retried = TraceModel.from([span('a', 'agent', undefined), span('l1', 'llm', 'a', { 'handoff.attempt': 0 }), end('l1'), span('l2', 'llm', 'a', { 'handoff.attempt': 1 }), end('l2'), end('a')]);
  const [r] = agentReliability([revised]);
  assert.deepEqual([r!.firstTry, r!.repaired], [1, 0]);
  const [t] = agentReliability([retried]);
  assert.deepEqual([t!.firstTry, t!.repaired], [0, 1]);
});

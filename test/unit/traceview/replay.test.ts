// Model calls answered from a recording (provider `replay`: Replay Run…, and the steps before a
// Rerun from here) are no new observation: they are marked, and left out of reliability,
// anomaly baselines and violation counts; a run whose every call was replayed counts in none.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { agentOutcomes, detectAnomalies, isReplayed, liveRuns, replayOf, runMetrics, type RunMetrics } from '../../../src/core/traceview';
import { loadFixture } from './load';

test('a replayed model call and an agent all of whose calls were replayed are marked; a mixed run is partly replayed', () => {
  const rerun = loadFixture('rerun.trace.jsonl');
  const byName = (kind: string, name: string) => [...rerun.spans.values()].filter((n) => n.kind === kind && n.name === name);
  assert.ok(byName('agent', 'triager').every(isReplayed), 'triager was answered from the recording');
  assert.ok(byName('agent', 'billing_agent').every(isReplayed));
  assert.ok(!byName('agent', 'writer').some(isReplayed), 'the writer ran live');
  assert.ok(byName('llm', 'gpt-4.1-mini').some(isReplayed));
  assert.ok(![...rerun.spans.values()].some((n) => n.kind === 'step' && isReplayed(n)), 'only agents and model calls are marked');
  assert.equal(replayOf(rerun), 'some');
  assert.equal(replayOf(loadFixture('replay.trace.jsonl')), 'all');
  assert.equal(replayOf(loadFixture('sample.trace.jsonl')), undefined);
});

test("a rerun counts only its live calls: the replayed triager's repaired violation is not counted again", () => {
  const rerun = loadFixture('rerun.trace.jsonl');
  const outcomes = agentOutcomes(rerun);
  assert.equal(outcomes.get('triager'), undefined, 'a replayed agent call is no new outcome');
  assert.equal(outcomes.get('billing_agent'), undefined);
  assert.ok(outcomes.get('writer'), 'the live writer counts');
  const m = runMetrics(rerun);
  assert.equal(m.violations, 0, 'the violation was replayed');
  assert.equal(m.replay, 'some');
});

test('a run entirely replayed has no outcome, no violation, and is neither judged nor part of a baseline', () => {
  const replay = loadFixture('replay.trace.jsonl');
  assert.equal(agentOutcomes(replay).size, 0);
  const m = runMetrics(replay);
  assert.equal(m.replay, 'all');
  assert.equal(m.violations, 0);
  const base = (latencyMs: number, extra: Partial<RunMetrics> = {}): RunMetrics => ({ runId: 'r', latencyMs, tokens: undefined, violations: 0, ...extra });
  const live = [1000, 1010, 990, 1005, 995].map((x) => base(x));
  assert.deepEqual(detectAnomalies({ ...base(99_999), replay: 'all' }, live), [], 'a replay is not judged');
  // Replays in the baseline are left out: four live runs are too few.
  const mixed = [...live.slice(0, 4), base(5, { replay: 'all' }), base(6, { replay: 'all' })];
  assert.deepEqual(detectAnomalies(base(99_999), mixed), []);
  assert.equal(detectAnomalies(base(99_999), [...mixed, live[4]!]).find((f) => f.metric === 'latencyMs')?.anomalous, true);
  assert.deepEqual(liveRuns([{ metrics: base(1) }, { metrics: base(2, { replay: 'all' }) }, { metrics: base(3, { replay: 'some' }) }]).map((r) => r.metrics.latencyMs), [1, 3]);
});

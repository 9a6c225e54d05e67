/**
 * Run-time diagnostics name their run when Problems hold more than one run's, or one run's
 * that is not the latest; those of the latest run alone are left as they are.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { laterRun, mustNameRuns, runName, withRunName, type RunRef } from '../../../src/extension/run/runNames';
import { formatStartedAt } from '../../../src/core/traceview/timeline';

const support: RunRef = { runId: 'a', startedAt: '2026-01-05T10:00:05.000Z', target: { kind: 'workflow', name: 'support' } };
const triager: RunRef = { runId: 'b', startedAt: '2026-01-05T10:07:00.000Z', target: { kind: 'agent', name: 'triager' } };

test('run names: only the latest run shown: not named; two runs, or an older one alone: named', () => {
  assert.equal(mustNameRuns([], triager), false);
  assert.equal(mustNameRuns([triager, triager], triager), false, 'one run, the latest');
  assert.equal(mustNameRuns([support], undefined), false);
  assert.equal(mustNameRuns([support, triager], triager), true, 'two runs');
  assert.equal(mustNameRuns([support], triager), true, 'a later run has reported since');
});

test('run names: the later run is the one that started later; a tie goes to the one reported last', () => {
  assert.equal(laterRun(undefined, support), support);
  assert.equal(laterRun(triager, support), triager);
  assert.equal(laterRun(support, triager), triager);
  const again = { ...support, runId: 'c' };
  assert.equal(laterRun(support, again), again);
  assert.equal(laterRun(support, { ...triager, startedAt: 'garbled' }), support);
});

test('run names: the message keeps what it said and adds the target and start time', () => {
  const message = 'Run-time violation of Triage@2 at /urgency: must be <= 5; got 7 (agent triager, step triage), 2 times — repaired by a retry';
  assert.equal(runName(support), `run of workflow support at ${formatStartedAt(support.startedAt, true)}`);
  assert.equal(withRunName(message, triager), `${message} (run of agent triager at ${formatStartedAt(triager.startedAt, true)})`);
});

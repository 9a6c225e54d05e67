import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { shortSummary, summaryText } from '../../../src/extension/views/runWords';

test('a Recent Runs row says a replay or a rerun first, then the state and violations', () => {
  assert.equal(shortSummary({ status: 'ok', durationMs: 10, violations: 1, replay: 'all' }), 'replay · ok · 1 violation');
  assert.equal(shortSummary({ status: 'error', durationMs: 10, violations: 0, replay: 'some' }), 'rerun · failed');
  assert.equal(shortSummary({ status: 'ok', durationMs: 10, violations: 0 }), 'ok');
  assert.equal(summaryText({ status: 'error', durationMs: 400, violations: 0 }), 'failed · 400 ms · no violations');
});

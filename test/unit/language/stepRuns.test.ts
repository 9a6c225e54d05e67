import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { outcomeMarkdown, stepOutcomes } from '../../../src/core/language/stepRuns';
import { readTraceLines } from '../../../src/core/runs/traceLines';
import { formatStartedAt } from '../../../src/core/traceview/timeline';

const FIXTURES = join(__dirname, '../../fixtures/traces');

test('each step of the last run has its status and duration', () => {
  const lines = readTraceLines(readFileSync(join(FIXTURES, 'sample.trace.jsonl'), 'utf8'));
  const o = stepOutcomes(lines);
  assert.ok(o.size >= 3, `steps: ${[...o.keys()].join(', ')}`);
  const classify = o.get('classify')!;
  assert.equal(classify.status, 'ok');
  assert.ok(classify.durationMs! > 0);
  assert.match(outcomeMarkdown(classify, '2026-01-01T00:00:00.000Z'), new RegExp(`^\\$\\(pass\\) Last run: ok · \\d+ ms \\(run of ${formatStartedAt('2026-01-01T00:00:00.000Z', true)}\\)`));
});

test('a failed step carries its error; a step absent from the run says so', () => {
  const o = stepOutcomes(readTraceLines(readFileSync(join(FIXTURES, 'failed.trace.jsonl'), 'utf8')));
  const failed = [...o.values()].find((x) => x.status === 'error');
  assert.ok(failed, JSON.stringify([...o]));
  assert.match(outcomeMarkdown(undefined, ''), /did not run/);
  const skipped = stepOutcomes([
    { line: 1, record: { type: 'span', phase: 'start', spanId: 'a', kind: 'step', name: 'billing', start: 1, attributes: { 'handoff.skipped': true } } },
    { line: 2, record: { type: 'span', phase: 'end', spanId: 'a', end: 2, status: 'ok', attributes: {} } },
  ]);
  assert.equal(skipped.get('billing')!.status, 'skipped');
});

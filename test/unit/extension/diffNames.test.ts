/**
 * Comparing two runs names them by when they started, in the compare message and so in the
 * diff editor's title, and the diff's documents have readable paths, not ids or trace files.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { compareLabels, diffDocPath, diffTitle, shortRunId } from '../../../src/extension/panel/diffNames';

const local = (day: number, h: number, m: number, s: number) => new Date(2026, 0, day, h, m, s).toISOString();

test('compare labels: runs of one day by their time; of different days with the date; alike ones by their short ids', () => {
  const a = { runId: 'mk1a2b3c-3f2a1b', startedAt: local(5, 10, 0, 5) };
  const b = { runId: 'mk1a9z9z-9c0d2e', startedAt: local(5, 10, 7, 12) };
  assert.deepEqual(compareLabels(a, b, '/w/.handoff/runs/support-1.trace.jsonl', '/w/.handoff/runs/support-2.trace.jsonl'), ['run of 10:00:05', 'run of 10:07:12']);
  const c = { ...b, startedAt: local(6, 9, 1, 2) };
  assert.deepEqual(compareLabels(a, c, 'x', 'y'), ['run of 2026-01-05 10:00:05', 'run of 2026-01-06 09:01:02']);
  assert.deepEqual(compareLabels(a, { ...b, startedAt: a.startedAt }, 'x', 'y'), ['run of 10:00:05 (3f2a1b)', 'run of 10:00:05 (9c0d2e)']);
  assert.deepEqual(compareLabels(undefined, b, '/w/runs/old-run.trace.jsonl', 'y'), ['old-run', 'run of 2026-01-05 10:07:12'], 'no run record: its file, without the suffix');
});

test('short run ids: the random part of an engine id; other ids as they are, cut when long', () => {
  assert.equal(shortRunId('mk1a2b3c-3f2a1b'), '3f2a1b');
  assert.equal(shortRunId('run-sample'), 'run-sample');
  assert.equal(shortRunId('a-very-long-run-identifier'), 'a-very-long…');
});

test('diff title and paths: the title says it shows outputs; a path is one readable segment', () => {
  assert.equal(diffTitle('summarize: run of 10:00:05 ↔ run of 10:07:12'), 'Output of summarize: run of 10:00:05 ↔ run of 10:07:12');
  assert.equal(diffTitle('Outputs of summarize: A ↔ B'), 'Outputs of summarize: A ↔ B');
  assert.equal(diffDocPath('summarize-run of 10:00:05'), 'summarize-run of 10:00:05.json');
  assert.equal(diffDocPath('a/b\\c?d#e%f\ng'), 'a b c d e f g.json');
  assert.equal(diffDocPath('  '), 'output.json');
});

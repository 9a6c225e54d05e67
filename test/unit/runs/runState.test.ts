import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readTraceLines } from '../../../src/core/runs/traceLines';
import { formatSummary, runState, summarizeRun } from '../../../src/core/runs/summary';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/traces/${name}`, import.meta.url), 'utf8');
/** A trace cut off before its run.end (a window reloaded mid-run). */
const cutOff = () => summarizeRun(readTraceLines(fixture('sample.trace.jsonl').split('\n').slice(0, 6).join('\n')))!;

test('a trace without run.end is running only while its run is live; otherwise it was interrupted', () => {
  const s = cutOff();
  assert.equal(s.status, 'running', 'the trace alone cannot tell');
  assert.equal(runState(s, (id) => id === s.runId), 'running');
  assert.equal(runState(s, () => false), 'interrupted');
  assert.equal(formatSummary({ ...s, status: runState(s, () => false) }), 'interrupted · no violations');
});

test('a finished run keeps its status whatever is live', () => {
  const s = summarizeRun(readTraceLines(fixture('failed.trace.jsonl')))!;
  assert.equal(runState(s, () => false), 'error');
  assert.equal(runState(s, () => true), 'error');
});

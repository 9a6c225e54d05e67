import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readTraceLines } from '../../../src/core/runs/traceLines';
import { formatDuration, formatSummary, summarizeRun, summarizeRunWithoutRunLine } from '../../../src/core/runs/summary';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/traces/${name}`, import.meta.url), 'utf8');

test('a failed run: status, duration from the spans, the violation counted once', () => {
  const s = summarizeRun(readTraceLines(fixture('failed.trace.jsonl')));
  assert.ok(s);
  assert.equal(s.runId, 'run-failed');
  assert.deepEqual(s.target, { kind: 'workflow', name: 'triage' });
  assert.equal(s.status, 'error');
  assert.equal(s.error?.kind, 'step');
  assert.ok(Math.abs((s.durationMs ?? 0) - 3253.9) < 0.01);
  assert.equal(s.violations, 1);
  assert.equal(formatSummary(s), 'failed · 3.3 s · 1 violation', 'the panel\'s word');
});

test('a torn trace without run.end is still running and has no duration', () => {
  const text = fixture('sample.trace.jsonl').split('\n').slice(0, 6).join('\n') + '\n{"type":"span","pha';
  const s = summarizeRun(readTraceLines(text));
  assert.equal(s?.status, 'running');
  assert.equal(s?.durationMs, undefined);
  assert.equal(formatSummary(s!), 'running');
});

test('an agent run is summarised under its agent', () => {
  const text = [
    '{"type":"run","runId":"r1","agent":"triager","file":"a.agents.yaml","startedAt":"2026-01-01T00:00:00.000Z","input":{},"handoffVersion":"0.1.0"}',
    '{"type":"span","phase":"start","spanId":"a","kind":"agent","name":"triager","start":1000,"attributes":{}}',
    '{"type":"span","phase":"end","spanId":"a","end":3300,"status":"ok","attributes":{}}',
    '{"type":"run.end","status":"ok","output":{"x":1}}',
  ].join('\n');
  const s = summarizeRun(readTraceLines(text));
  assert.deepEqual(s?.target, { kind: 'agent', name: 'triager' });
  assert.deepEqual(s?.output, { x: 1 });
  assert.equal(formatSummary(s!), 'ok · 2.3 s · no violations');
});

test('a file that does not start with a run record has no summary', () => {
  assert.equal(summarizeRun(readTraceLines('{"type":"run.end","status":"ok"}\n')), undefined);
  assert.equal(summarizeRun(readTraceLines('not json')), undefined);
});

test('durations read naturally', () => {
  assert.equal(formatDuration(340.4), '340 ms');
  assert.equal(formatDuration(2300), '2.3 s');
  assert.equal(formatDuration(125_000), '2 min 5 s');
  assert.equal(formatSummary({ status: 'ok', durationMs: 2300, violations: 2 }), 'ok · 2.3 s · 2 violations');
});

test('a damaged first line does not hide the run; of two run.end records the first counts, as the reader says', () => {
  const text = [
    '{"type":"ru',
    '{"type":"run","runId":"r2","workflow":"w","file":"a.agents.yaml","startedAt":"2026-01-01T00:00:00.000Z","input":{},"handoffVersion":"0.1.0"}',
    '{"type":"span","phase":"start","spanId":"a","kind":"workflow","name":"w","start":1000,"attributes":{}}',
    '{"type":"span","phase":"end","spanId":"a","end":2000,"status":"error","attributes":{},"error":{"message":"m","kind":"k"}}',
    '{"type":"run.end","status":"error","error":{"message":"m","kind":"k"}}',
    '{"type":"run.end","status":"ok","output":{}}',
  ].join('\n');
  const s = summarizeRun(readTraceLines(text));
  assert.equal(s?.runId, 'r2');
  assert.equal(s?.status, 'error');
});

test('a run that ended ok on a fallback says so wherever its summary is shown', () => {
  const text = [
    '{"type":"run","runId":"r3","workflow":"w","file":"a.agents.yaml","startedAt":"2026-01-01T00:00:00.000Z","input":{},"handoffVersion":"0.1.0"}',
    '{"type":"span","phase":"start","spanId":"a","kind":"agent","name":"x","start":1000,"attributes":{}}',
    '{"type":"span","phase":"end","spanId":"a","end":1025,"status":"ok","attributes":{"handoff.fallback":true,"handoff.output":{}}}',
    '{"type":"run.end","status":"ok","output":{}}',
  ].join('\n');
  const s = summarizeRun(readTraceLines(text));
  assert.equal(s?.fallbacks, 1);
  assert.equal(formatSummary(s!), 'ok with a fallback · 25 ms · no violations');
  assert.equal(formatSummary({ status: 'ok', violations: 0, fallbacks: 2 }), 'ok with 2 fallbacks · no violations');
});

test('a trace whose run line was lost is summarised from its root span, marked as such', () => {
  const text = [
    '{"type":"ru', // the run line, damaged
    '{"type":"span","phase":"start","spanId":"w","kind":"workflow","name":"support","start":1767225600000,"attributes":{"handoff.input":{"id":7}}}',
    '{"type":"span","phase":"start","spanId":"a","parentId":"w","kind":"agent","name":"triager","start":1767225600100,"attributes":{"handoff.input":{"id":7}}}',
    '{"type":"span","phase":"end","spanId":"a","end":1767225601000,"status":"ok","attributes":{}}',
    '{"type":"span","phase":"end","spanId":"w","end":1767225602500,"status":"ok","attributes":{}}',
    '{"type":"run.end","status":"ok","output":{"done":true}}',
  ].join('\n');
  const lines = readTraceLines(text);
  assert.equal(summarizeRun(lines), undefined, 'no run record');
  const s = summarizeRunWithoutRunLine(lines);
  assert.ok(s);
  assert.equal(s.noRunLine, true);
  assert.deepEqual(s.target, { kind: 'workflow', name: 'support' });
  assert.equal(s.runId, '');
  assert.equal(s.file, '');
  assert.equal(s.startedAt, '2026-01-01T00:00:00.000Z');
  assert.deepEqual(s.input, { id: 7 });
  assert.equal(s.status, 'ok');
  assert.deepEqual(s.output, { done: true });
  assert.deepEqual(s.agentInputs, { triager: [{ id: 7 }] });
  assert.equal(formatSummary(s), 'ok · 2.5 s · no violations · damaged: no run line');
  // An agent run; and a cut-off one without run.end.
  const agent = summarizeRunWithoutRunLine(readTraceLines('{"type":"span","phase":"start","spanId":"a","kind":"agent","name":"triager","start":5,"attributes":{}}\n'));
  assert.deepEqual(agent?.target, { kind: 'agent', name: 'triager' });
  assert.equal(agent?.status, 'running');
  // Nothing to show: no span at all.
  assert.equal(summarizeRunWithoutRunLine(readTraceLines('{"type":"run.end","status":"ok"}\nnot json\n')), undefined);
});

test('a run answered from a recording says so: all its model calls (a replay) or some (a rerun from a step)', () => {
  const replay = summarizeRun(readTraceLines(fixture('replay.trace.jsonl')));
  assert.equal(replay?.replay, 'all');
  assert.match(formatSummary(replay!), / · replay$/);
  const rerun = summarizeRun(readTraceLines(fixture('rerun.trace.jsonl')));
  assert.equal(rerun?.replay, 'some');
  assert.match(formatSummary(rerun!), / · partly replayed$/);
  const live = summarizeRun(readTraceLines(fixture('sample.trace.jsonl')));
  assert.equal(live?.replay, undefined);
});

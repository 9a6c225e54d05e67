import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readTraceLines } from '../../../src/core/runs/traceLines';
import { collectViolations, preview, relocate, violationDiagnostics } from '../../../src/core/runs/violations';
import { outlineDefinition } from '../../../src/core/runs/outline';
import type { SourceRange } from '../../../src/core/model/diagnostic';

const failed = readFileSync(new URL('../../fixtures/traces/failed.trace.jsonl', import.meta.url), 'utf8');
const range = (file: string, line: number): SourceRange => ({ file, start: { line, column: 3 }, end: { line, column: 8 } });

test('a violation recorded on the validation span and on its agent span counts once, with its agent, step and line', () => {
  const vs = collectViolations(readTraceLines(failed));
  assert.equal(vs.length, 1);
  const v = vs[0]!;
  assert.equal(v.contract, 'Facts');
  assert.equal(v.version, 1);
  assert.equal(v.path, '/facts');
  assert.equal(v.agent, 'researcher');
  assert.equal(v.step, 'research');
  assert.equal(v.line, 14);
  assert.equal(v.outcome, 'repaired', 'the agent span ended ok after a retry');
});

test('an unrepaired violation is an error on both the contract and the agent, linked to the trace line', () => {
  const lines = readTraceLines(failed.replace('"spanId":"s6","end":1767225601952.6,"status":"ok"', '"spanId":"s6","end":1767225601952.6,"status":"error"'));
  const [v] = collectViolations(lines);
  assert.equal(v?.outcome, 'failed');
  const diags = violationDiagnostics([v!], { contract: () => range('/w/c.agents.yaml', 4), agent: () => range('/w/a.agents.yaml', 9) }, '/w/.handoff/runs/x.trace.jsonl');
  assert.equal(diags.length, 2);
  assert.deepEqual(diags.map((d) => d.range.file), ['/w/c.agents.yaml', '/w/a.agents.yaml']);
  for (const d of diags) {
    assert.equal(d.severity, 'error');
    assert.match(d.message, /Facts@1 at \/facts: must be array; got \{"facts":"not an array"\}/);
    assert.match(d.message, /agent researcher, step research/);
    assert.deepEqual(d.trace, { file: '/w/.handoff/runs/x.trace.jsonl', line: 14 });
    assert.equal(d.related.length, 1);
  }
});

test('a repaired violation is a warning; a place that cannot be found gives no diagnostic there', () => {
  const vs = collectViolations(readTraceLines(failed));
  const diags = violationDiagnostics(vs, { contract: () => undefined, agent: () => range('/w/a.agents.yaml', 9) }, 't');
  assert.equal(diags.length, 1);
  assert.equal(diags[0]!.severity, 'warning');
  assert.match(diags[0]!.message, /repaired by a retry/);
  assert.deepEqual(diags[0]!.related, []);
});

test('a malformed violation event is ignored, and previews are cut', () => {
  const text = failed.replace('"path":"/facts","message":"must be array"', '"message":"must be array"');
  assert.equal(collectViolations(readTraceLines(text)).length, 1, 'only the well-formed copy on the agent span remains');
  assert.equal(preview('x'.repeat(200), 10), `"${'x'.repeat(8)}…`);
  assert.equal(preview(undefined), 'undefined');
});

test('a violation after which the fallback was used is an error that says so', () => {
  const lines = readTraceLines(failed.replace('"status":"ok","attributes":{"handoff.repaired":true,', '"status":"ok","attributes":{"handoff.fallback":true,'));
  const [v] = collectViolations(lines);
  assert.equal(v?.outcome, 'fallback');
  const [d] = violationDiagnostics([v!], { contract: () => range('/w/c.agents.yaml', 4), agent: () => undefined }, 't');
  assert.equal(d?.severity, 'error');
  assert.match(d!.message, /fallback was used/);
});

test('after an edit, run-time diagnostics move with their contract or agent, and go when it is gone', () => {
  const [v] = collectViolations(readTraceLines(failed));
  const diags = violationDiagnostics([v!], { contract: () => range('/w/a.agents.yaml', 3), agent: () => range('/w/a.agents.yaml', 6) }, 't');
  const other = { ...diags[0]!, range: range('/w/other.agents.yaml', 1) };
  const edited = 'handoff: 1\n# a new comment\ncontracts:\n  Facts: { version: 1, schema: {} }\nagents:\n  renamed: {}\n';
  const moved = relocate([...diags, other], '/w/a.agents.yaml', outlineDefinition(edited));
  assert.equal(moved.length, 2, 'the agent diagnostic goes with the agent name');
  assert.deepEqual(moved[0]!.range, { file: '/w/a.agents.yaml', start: { line: 4, column: 3 }, end: { line: 4, column: 8 } });
  assert.equal(moved[1], other, 'another file is untouched');
});

test('every attempt that broke the contract counts, as the panel counts; one diagnostic says how many times', async () => {
  const { BASE, program, record } = await import('../../support/engine');
  const { ScriptedProvider } = await import('../../../src/core/providers/scripted');
  const { numberRecords } = await import('../../../src/core/runs/traceLines');
  const { summarizeRun } = await import('../../../src/core/runs/summary');
  const { TraceModel } = await import('../../../src/core/traceview/model');
  const { computeTotals } = await import('../../../src/core/traceview/totals');
  const P = program(`${BASE}\nagents:\n  a: { input: Msg, output: Msg, retries: 2, fallback: { text: f } }\n`);
  const bad = { text: 'x', n: 'not a number' };
  const { records } = await record(P, new ScriptedProvider({ replies: { a: [bad, bad, bad] } }), { agent: 'a', input: { text: 'q' } });
  const lines = numberRecords(records);
  const vs = collectViolations(lines);
  assert.equal(vs.length, 3);
  assert.equal(summarizeRun(lines)?.violations, 3);
  assert.equal(computeTotals(TraceModel.from(records), {}).violations, 3, 'the panel counts the same');
  const diags = violationDiagnostics(vs, { contract: () => range('/w/c.agents.yaml', 4), agent: () => range('/w/a.agents.yaml', 9) }, 't');
  assert.equal(diags.length, 2, 'one on the contract, one on the agent');
  assert.match(diags[0]!.message, /, 3 times — the agent’s fallback was used$/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readTraceLines } from '../../../src/core/runs/traceLines';

const run = '{"type":"run","runId":"r1","workflow":"w","file":"a.agents.yaml","startedAt":"2026-01-01T00:00:00Z","input":{},"handoffVersion":"0.1.0"}';
const start = '{"type":"span","phase":"start","spanId":"s1","kind":"workflow","name":"w","start":1,"attributes":{}}';

test('records keep the line they were read from, past blank and damaged lines', () => {
  const lines = readTraceLines([run, '', 'not json', start, '{"type":"span","phase":"end","spanId":"s1","end":2,"sta'].join('\n'));
  assert.deepEqual(lines.map((l) => [l.line, l.record.type]), [[1, 'run'], [4, 'span']]);
});

test('a byte-order mark before the first line does not lose the run record', () => {
  const lines = readTraceLines(`\ufeff${run}\r\n${start}\r\n`);
  assert.deepEqual(lines.map((l) => [l.line, l.record.type]), [[1, 'run'], [2, 'span']]);
});

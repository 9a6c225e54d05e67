import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { spanState } from '../../../src/core/traceview';
import { loadFixture } from './load';

// layout.trace.jsonl (the trace panel's layout e2e test): a run starting at no round time,
// a failed call with violations whose value is recorded at the path (and one without a
// value), and an agent that fell back.
test('the layout fixture reads without problems and has the states its test looks for', () => {
  const m = loadFixture('layout.trace.jsonl');
  assert.deepEqual(m.problems, []);
  const byName = (n: string) => [...m.spans.values()].find((s) => s.name === n)!;
  assert.equal(spanState(byName('writer')), 'fallback');
  const failed = [...m.spans.values()].find((s) => s.kind === 'llm' && s.events.length > 0)!;
  assert.deepEqual(failed.events.map((e) => e.attributes['path']), ['/urgency', '/summary', '/category']);
  assert.equal(failed.events[2]!.attributes['value'], undefined);
  assert.ok(m.minStart % 1 !== 0, 'the run starts between two milliseconds');
  assert.ok(byName('triager').startAttributes['handoff.input'] !== undefined);
});

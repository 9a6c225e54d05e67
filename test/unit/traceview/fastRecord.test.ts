import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { checkRecord } from '../../../src/core/traceview';
import { TraceRecord } from '../../../src/core/tracing/records';
import { parseToWebview } from '../../../src/shared/protocol';
import { FIXTURES } from './load';

function viaZod(x: unknown): unknown {
  const r = TraceRecord.safeParse(x);
  return r.success ? r.data : undefined;
}

test('the fast check agrees with the zod schema on every fixture record', () => {
  for (const f of ['sample.trace.jsonl', 'failed.trace.jsonl', 'hostile.trace.jsonl']) {
    for (const line of readFileSync(join(FIXTURES, f), 'utf8').split('\n').filter(Boolean)) {
      const x: unknown = JSON.parse(line);
      assert.deepEqual(checkRecord(x), viaZod(x));
      assert.notEqual(checkRecord(x), undefined);
    }
  }
});

// `__proto__` keys are left out here: zod turns one into the object's prototype, the fast
// check drops it (tested on its own below).
const key = fc.string().filter((k) => k !== '__proto__');
const anyValue = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.dictionary(key, fc.integer()), fc.array(fc.string()));
const pick = <T>(xs: T[]) => fc.constantFrom(...xs);
const recordish = fc.record(
  {
    type: pick(['run', 'span', 'event', 'run.end', 'other']),
    phase: pick(['start', 'end', 'middle']),
    runId: fc.oneof(fc.string(), anyValue),
    workflow: fc.oneof(fc.string(), anyValue),
    agent: fc.oneof(fc.string(), anyValue),
    file: fc.oneof(fc.string(), anyValue),
    startedAt: fc.string(),
    input: anyValue,
    handoffVersion: fc.oneof(fc.string(), anyValue),
    spanId: fc.oneof(fc.string(), anyValue),
    parentId: fc.oneof(fc.string(), anyValue),
    kind: fc.oneof(pick(['workflow', 'step', 'agent', 'llm', 'validation', 'tool', 'nope']), anyValue),
    name: fc.oneof(fc.string(), anyValue),
    start: fc.oneof(fc.double(), anyValue),
    end: fc.oneof(fc.double(), anyValue),
    time: fc.oneof(fc.double(), anyValue),
    status: fc.oneof(pick(['ok', 'error', 'cancelled', 'meh']), anyValue),
    attributes: fc.oneof(fc.dictionary(key, anyValue), anyValue),
    error: fc.oneof(fc.record({ message: fc.string(), kind: fc.string() }), fc.record({ message: anyValue, kind: anyValue }), anyValue),
    output: anyValue,
    extra: anyValue,
  },
  { requiredKeys: ['type'] },
);

test('the fast check accepts and normalises exactly what the zod schema does', () => {
  fc.assert(
    fc.property(recordish, (x) => {
      const json: unknown = JSON.parse(JSON.stringify(x));
      assert.deepEqual(checkRecord(json), viaZod(json));
    }),
    { numRuns: 5000 },
  );
});

test('a "__proto__" attribute is dropped and does not become a prototype', () => {
  const x: unknown = JSON.parse('{"type":"event","spanId":"s","name":"n","time":1,"attributes":{"__proto__":{"polluted":1},"k":2}}');
  const r = checkRecord(x);
  assert.ok(r && r.type === 'event');
  assert.deepEqual(Object.keys(r.attributes), ['k']);
  assert.equal(Object.getPrototypeOf(r.attributes), Object.prototype);
  assert.equal((r.attributes as Record<string, unknown>)['polluted'], undefined);
});

test('a records message with an invalid record is rejected as a whole', () => {
  const good = { type: 'event', spanId: 's', name: 'n', time: 1, attributes: {} };
  assert.equal(parseToWebview({ type: 'records', records: [good] }).ok, true);
  const bad = parseToWebview({ type: 'records', records: [good, { type: 'event', spanId: 's', name: 'n', time: 'soon' }] });
  assert.equal(bad.ok, false);
  assert.equal(parseToWebview({ type: 'records', records: [{ ...good, attributes: undefined }] }).ok, true);
  const parsed = parseToWebview({ type: 'records', records: [{ type: 'event', spanId: 's', name: 'n', time: 1 }] });
  assert.deepEqual(parsed.ok && parsed.msg.type === 'records' && parsed.msg.records[0], good, 'attributes default to {}');
});

test('a history message keeps the steps with no recorded outcome: the webview says the estimate is a bound', async () => {
  const { compoundEstimate } = await import('../../../src/core/traceview/reliability');
  const estimate = compoundEstimate([{ agent: 'a', total: 2, firstTry: 1, repaired: 0, fallback: 0, failed: 1, successRate: 0.5, firstTryRate: 0.5 }], [{ name: 's1', agent: 'a' }, { name: 's2', agent: 'never' }]);
  assert.deepEqual(estimate.unknown, ['s2']);
  const parsed = parseToWebview({ type: 'history', workflow: 'w', runs: [], agents: [], estimate });
  assert.equal(parsed.ok, true);
  assert.deepEqual(parsed.ok && parsed.msg.type === 'history' ? parsed.msg.estimate.unknown : undefined, ['s2']);
});

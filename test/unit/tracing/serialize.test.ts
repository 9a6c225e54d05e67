// The writer's serialiser against JSON.stringify: every record, random or from a real run,
// parses to the same value (times to the microsecond), including the values JSON leaves out
// or turns to null, shared objects, and odd strings.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { runWorkflow } from '../../../src/core/engine';
import { ScriptedProvider } from '../../../src/core/providers/scripted';
import { MemoryTraceProcessor } from '../../../src/core/tracing/processor';
import type { TraceRecord } from '../../../src/core/tracing/records';
import { serializeRecord, timeJson } from '../../../src/core/tracing/serialize';
import { BASE, FILE, program } from '../../support/engine';

/** Parses both and compares, with `start`/`end`/`time` equal to the microsecond. */
function assertSame(rec: TraceRecord): void {
  const line = serializeRecord(rec);
  assert.ok(!line.includes('\n'), 'one line');
  const got = JSON.parse(line) as Record<string, unknown>;
  const want = JSON.parse(JSON.stringify(rec)) as Record<string, unknown>;
  for (const k of ['start', 'end', 'time']) {
    if (typeof want[k] === 'number') {
      assert.equal(typeof got[k], 'number', k);
      assert.ok(Math.abs((got[k] as number) - (want[k] as number)) <= 0.0005 + Math.abs(want[k] as number) * 1e-15, `${k}: ${got[k]} vs ${want[k]}`);
      got[k] = want[k];
    }
  }
  if (want['attributes'] === undefined) want['attributes'] = {}; // readers default it
  if (got['attributes'] === undefined) got['attributes'] = {};
  assert.deepEqual(got, want);
}

const str = fc.oneof(fc.string(), fc.constantFrom('', 'line\nbreak', 'quote " \\ back', '\u2028\u2029', 'ü 中文 😀', '\ud800 lone', '__proto__'));
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    str,
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.constant(Number.NaN),
    fc.constant(-Infinity),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(str, tie('v'), { maxKeys: 4 }),
  ),
})).v;
const attributes = fc.dictionary(fc.oneof(str, fc.constantFrom('handoff.output', 'handoff.prompt', 'gen_ai.usage.input_tokens')), value, { maxKeys: 6 });
const time = fc.oneof(fc.double({ min: 0, max: 2e12, noNaN: true }), fc.double(), fc.constantFrom(0, 1.9999999, 1795500985839.4006, 1e15, -1.5, Number.NaN));
const kind = fc.constantFrom('workflow', 'step', 'agent', 'llm', 'validation', 'tool') as fc.Arbitrary<'llm'>;
const status = fc.constantFrom('ok', 'error', 'cancelled') as fc.Arbitrary<'ok'>;

const record: fc.Arbitrary<TraceRecord> = fc.oneof(
  fc.record({ type: fc.constant('span' as const), phase: fc.constant('start' as const), spanId: str, parentId: fc.option(str, { nil: undefined }), kind, name: str, start: time, attributes }),
  fc.record({ type: fc.constant('span' as const), phase: fc.constant('end' as const), spanId: str, end: time, status, attributes, error: fc.option(fc.record({ message: str, kind: str }), { nil: undefined }) }),
  fc.record({ type: fc.constant('event' as const), spanId: str, name: str, time, attributes }),
  fc.record({ type: fc.constant('run.end' as const), status, output: value }),
);

describe('record serialisation', () => {
  it('parses to what JSON.stringify gives, for 5,000 random records', () => {
    fc.assert(fc.property(record, (r) => assertSame(r)), { numRuns: 5000 });
  });

  it('writes an object shared by several records the same each time', () => {
    const out = { text: 'x', n: 1 };
    const a: TraceRecord = { type: 'span', phase: 'end', spanId: '3', end: 10.25, status: 'ok', attributes: { 'handoff.output': out } };
    const b: TraceRecord = { type: 'span', phase: 'end', spanId: '2', end: 10.5, status: 'ok', attributes: { 'handoff.output': out } };
    assertSame(a);
    assertSame(b);
    assert.equal(serializeRecord(a), serializeRecord(a));
  });

  it('writes times as epoch milliseconds with microsecond digits', () => {
    assert.equal(timeJson(1795500985839.4006), '1795500985839.401');
    assert.equal(timeJson(1795500985839 + 0.0004), '1795500985839');
    assert.equal(timeJson(1.9999996), '2');
    assert.equal(timeJson(12.05), '12.050');
    assert.equal(timeJson(-1.5), '-1.5');
    assert.equal(timeJson(Number.NaN), 'null');
  });

  it('fails on a value JSON cannot write, as JSON.stringify does (the writer leaves that record out)', () => {
    const rec = { type: 'span', phase: 'end', spanId: '1', end: 1, status: 'ok', attributes: { n: 1n } } as unknown as TraceRecord;
    assert.throws(() => serializeRecord(rec), TypeError);
  });

  it('writes every record of a real run as JSON.stringify would', async () => {
    const P = program(`${BASE}
agents:
  a: { input: Msg, output: Msg, retries: 1 }
workflows:
  one:
    input: Msg
    output: Msg
    steps:
      s: { agent: a }
`);
    const mem = new MemoryTraceProcessor();
    const provider = new ScriptedProvider({ replies: { a: [{ $text: 'not json' }, { text: 'ok' }] } });
    const r = await runWorkflow({ program: P, file: FILE, workflow: 'one', input: { text: 'hi' }, provider, processors: [mem] });
    assert.equal(r.status, 'ok');
    assert.ok(mem.records.some((x) => x.type === 'event' && x.name === 'contract.violation'), 'the run has a violation event');
    for (const rec of mem.records) assertSame(rec);
  });
});

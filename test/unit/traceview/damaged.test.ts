// Damaged traces (records moved, repeated, missing or out of range): the panel's model reads
// them as the file reader does (the first run, run.end, start and end win; early ends and
// events are joined; lost parents and loops make roots) and lists what it worked around.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { TraceModel, computeTotals, criticalPath, durationOf, parseTraceText, spanState, visibleRows } from '../../../src/core/traceview';
import type { Attributes, SpanKind, TraceRecord } from '../../../src/core/tracing/records';

const run = (runId: string): TraceRecord => ({ type: 'run', runId, workflow: 'w', file: 'f', startedAt: '2026-01-01T00:00:00Z', input: {}, handoffVersion: '0' });
const start = (spanId: string, parentId: string | undefined, t: number, kind: SpanKind = 'step', attributes: Attributes = {}): TraceRecord =>
  ({ type: 'span', phase: 'start', spanId, ...(parentId !== undefined ? { parentId } : {}), kind, name: spanId, start: t, attributes });
const end = (spanId: string, t: number, attributes: Attributes = {}, status: 'ok' | 'error' = 'ok'): TraceRecord =>
  ({ type: 'span', phase: 'end', spanId, end: t, status, attributes });

/** The text of a trace file, one record a line. */
const jsonl = (recs: readonly TraceRecord[]): string => recs.map((r) => JSON.stringify(r)).join('\n') + '\n';

/** A model read from a file's text, with line numbers, as the panel reads a trace file. */
function fromFile(recs: readonly TraceRecord[]): TraceModel {
  const parsed = parseTraceText(jsonl(recs));
  return TraceModel.from(parsed.records, parsed.lines);
}

test('an end recorded before its start is joined when the start comes, and reported', () => {
  const m = fromFile([
    run('r'),
    start('w', undefined, 0, 'workflow'),
    end('l', 3, { 'gen_ai.usage.input_tokens': 100, 'gen_ai.usage.output_tokens': 50 }),
    start('l', 'w', 2, 'llm'),
    end('w', 5),
  ]);
  const l = m.spans.get('l')!;
  assert.equal(l.end, 3, 'the early end is not lost');
  assert.equal(spanState(l), 'ok', 'not running forever');
  assert.deepEqual(computeTotals(m, {}).tokens, { input: 100, output: 50 });
  assert.deepEqual(m.problems, [{ spanId: 'l', message: 'end of span l comes before its start; joined all the same', line: 3 }]);
});

test('an end or event of a span that never starts is reported, not joined', () => {
  const m = TraceModel.from([run('r'), end('ghost', 3), { type: 'event', spanId: 'ghost', name: 'retry', time: 2, attributes: {} }]);
  assert.equal(m.spans.size, 0);
  assert.deepEqual(m.problems.map((p) => p.message), [
    'end of span ghost, a span that never started; it is left out',
    'event retry of span ghost, a span that never started; it is left out',
  ]);
});

test('two runs in one file: the first run and run.end win, the rest is reported', () => {
  const m = fromFile([
    run('first'),
    start('a', undefined, 0),
    end('a', 1),
    { type: 'run.end', status: 'ok' },
    run('second'),
    start('a', undefined, 10),
    end('a', 20, {}, 'error'),
    { type: 'run.end', status: 'error' },
  ]);
  assert.equal(m.run?.runId, 'first', 'the reader takes the first run too');
  assert.equal(m.runEnd?.status, 'ok');
  const a = m.spans.get('a')!;
  assert.deepEqual([a.start, a.end, a.status], [0, 1, 'ok'], 'the first start and the first end win');
  assert.deepEqual(m.problems, [
    { message: 'a second run record (run second) is ignored; the first (run first) wins', line: 5 },
    { spanId: 'a', message: 'span a started again; this start is ignored', line: 6 },
    { spanId: 'a', message: 'span a ended again; this end is ignored', line: 7 },
    { message: 'a second run.end record (error) is ignored; the first (ok) wins', line: 8 },
  ]);
});

test('a duplicated end is reported, also when both came before the start', () => {
  const m = TraceModel.from([end('a', 5), end('a', 9), start('a', undefined, 0), end('a', 7)]);
  assert.equal(m.spans.get('a')!.end, 5, 'the first end wins');
  assert.deepEqual(m.problems.map((p) => p.message), [
    'span a ended again; this end is ignored',
    'end of span a comes before its start; joined all the same',
    'span a ended again; this end is ignored',
  ]);
});

test('a span that is its own parent is shown as a root and reported', () => {
  const m = TraceModel.from([start('a', 'a', 0, 'workflow'), start('b', 'a', 1), end('b', 2), end('a', 3)]);
  assert.deepEqual(m.roots.map((n) => n.id), ['a']);
  assert.deepEqual(visibleRows(m, new Set()).map((r) => [r.node.id, r.depth]), [['a', 0], ['b', 1]]);
  assert.equal(m.spans.get('a')!.parentId, undefined, 'walking up the parents (the webview does) ends');
  assert.deepEqual(m.problems, [{ spanId: 'a', message: 'span a is its own parent; shown as a root' }]);
});

test('spans whose parents form a loop are shown, one of them as a root, and reported', () => {
  // a's parent is c, c's is b, b's is a: all three would hang under each other, unreachable.
  const m = fromFile([start('root', undefined, 0, 'workflow'), start('a', 'c', 1), start('b', 'a', 2), start('c', 'b', 3)]);
  assert.deepEqual(visibleRows(m, new Set()).map((r) => [r.node.id, r.depth]), [['root', 0], ['a', 0], ['b', 1], ['c', 2]]);
  assert.equal(m.spans.get('a')!.parentId, undefined);
  assert.deepEqual(m.problems, [{ spanId: 'a', message: "span a's parent c is also its descendant (a loop); shown as a root", line: 2 }]);
  const two = TraceModel.from([start('a', 'b', 1), start('b', 'a', 2)]);
  assert.deepEqual(visibleRows(two, new Set()).map((r) => r.node.id), ['a', 'b']);
  assert.equal(two.problems.length, 1);
});

test('a span whose parent is not in the trace is a root, and reported until the parent comes', () => {
  const m = new TraceModel();
  m.apply([start('root', undefined, 0, 'workflow'), start('c', 'lost', 1)], [1, 2]);
  assert.deepEqual(m.roots.map((n) => n.id), ['root', 'c']);
  assert.deepEqual(m.problems, [{ spanId: 'c', message: "span c's parent lost is not in the trace; shown as a root", line: 2 }]);
  m.apply([start('lost', 'root', 0.5)]);
  assert.deepEqual(m.roots.map((n) => n.id), ['root']);
  assert.deepEqual(m.problems, [], 'a child that arrived first is no problem once its parent comes');
});

test('an end before its start counts as a duration of 0 everywhere, and is reported', () => {
  const m = fromFile([run('r'), start('w', undefined, 1000, 'workflow'), end('w', 10), { type: 'run.end', status: 'ok' }]);
  const w = m.spans.get('w')!;
  assert.equal(durationOf(w), 0);
  assert.equal(criticalPath(m).ms, 0, 'not -990 ms');
  assert.deepEqual(m.problems, [{ spanId: 'w', message: 'span w ends at 10, before its start at 1000; its duration counts as 0', line: 3 }]);
  const huge = TraceModel.from([start('w', undefined, 1e308, 'workflow'), end('w', -1e308)]);
  assert.equal(criticalPath(huge).ms, 0, 'not -Infinity');
});

test('token counts that are not finite non-negative numbers are left out of totals and reported', () => {
  const m = fromFile([
    start('a', undefined, 0, 'agent'),
    start('l1', 'a', 1, 'llm', { 'gen_ai.request.model': 'm' }),
    end('l1', 2, { 'gen_ai.usage.input_tokens': '100', 'gen_ai.usage.output_tokens': -50 }),
    start('l2', 'a', 3, 'llm', { 'gen_ai.request.model': 'm' }),
    end('l2', 4, { 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.output_tokens': 5 }),
    end('a', 5),
  ]);
  const t = computeTotals(m, { m: { input: 1, output: 1 } });
  assert.deepEqual(t.tokens, { input: 10, output: 5 });
  assert.equal(t.callsWithUsage, 1, 'a call whose counts are all bad reported no usage');
  assert.equal(t.cost, 15 / 1e6, 'no negative cost');
  assert.deepEqual(m.problems, [
    { spanId: 'l1', message: 'span l1: gen_ai.usage.input_tokens is "100", not a token count; left out of totals', line: 3 },
    { spanId: 'l1', message: 'span l1: gen_ai.usage.output_tokens is -50, not a token count; left out of totals', line: 3 },
  ]);
});

test('the critical path of an unfinished run ends open spans at the last time in the trace', () => {
  const m = TraceModel.from([start('w', undefined, 0, 'workflow'), start('s1', 'w', 1), end('s1', 4), start('s2', 'w', 5), { type: 'event', spanId: 's2', name: 'x', time: 9, attributes: {} }]);
  const cp = criticalPath(m);
  assert.deepEqual(cp.ids, ['w', 's1', 's2']);
  assert.equal(cp.ms, 9);
  assert.equal(criticalPath(m, 20).ms, 20, 'a given now still wins');
});

test('a trace read in chunks numbers its lines from where the chunk starts', () => {
  const first = parseTraceText(jsonl([start('w', undefined, 0, 'workflow'), start('c', 'lost', 1)]));
  assert.deepEqual(first.lines, [1, 2]);
  const second = parseTraceText(jsonl([end('c', 0)]), first.nextLine);
  assert.deepEqual(second.lines, [3]);
  const m = new TraceModel();
  m.apply(first.records, first.lines);
  m.apply(second.records, second.lines);
  assert.deepEqual(m.problems.map((p) => p.line), [2, 3]);
  assert.deepEqual(new TraceModel().problems, []);
});

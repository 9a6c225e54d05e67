import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { TraceModel, attemptsOf, parseTraceText, spanState, visibleRows } from '../../../src/core/traceview';
import type { TraceRecord } from '../../../src/core/tracing/records';
import { FIXTURES, loadFixture } from './load';

test('parsing skips a torn last line and counts it', () => {
  const parsed = parseTraceText(readFileSync(join(FIXTURES, 'torn.trace.jsonl'), 'utf8'));
  assert.equal(parsed.records.length, 12);
  assert.equal(parsed.badCount, 1);
  assert.deepEqual(parsed.badLines, [13]);
});

test('parsing drops lines that are JSON but not records', () => {
  const parsed = parseTraceText('{"type":"run"}\n{"type":"span","phase":"end","spanId":"a","end":1,"status":"ok"}\n[1]\n');
  assert.equal(parsed.records.length, 1);
  assert.equal(parsed.badCount, 2);
});

test('the span tree nests spans under their parents in start order', () => {
  const m = loadFixture('sample.trace.jsonl');
  assert.equal(m.roots.length, 1);
  const wf = m.roots[0]!;
  assert.equal(wf.kind, 'workflow');
  assert.deepEqual(wf.children.map((c) => c.name), ['classify', 'research', 'summarize', 'notify']);
  assert.equal(m.run?.workflow, 'triage');
  assert.equal(m.runEnd?.status, 'ok');
});

test('node states: ok, violated and repaired, fallback, skipped, failed, running', () => {
  const m = loadFixture('sample.trace.jsonl');
  const byName = new Map([...m.walk()].map((n) => [n.name, n]));
  assert.equal(spanState(byName.get('classifier')!), 'ok');
  assert.equal(spanState(byName.get('researcher')!), 'repaired');
  assert.equal(spanState(byName.get('research')!), 'repaired', 'a step shows what happened to its agent');
  assert.equal(spanState(byName.get('summarizer')!), 'fallback');
  assert.equal(spanState(byName.get('notify')!), 'skipped');
  assert.equal(spanState(byName.get('triage')!), 'fallback', 'fallback outranks repaired');
  const failed = loadFixture('failed.trace.jsonl');
  const summarize = [...failed.walk()].find((n) => n.name === 'summarize')!;
  assert.equal(spanState(summarize), 'failed');
  const live = TraceModel.from(parseTraceText(readFileSync(join(FIXTURES, 'torn.trace.jsonl'), 'utf8')).records);
  assert.equal(spanState(live.roots[0]!), 'running');
});

test('an agent with a violation event and no repaired attribute still shows repaired', () => {
  const recs: TraceRecord[] = [
    { type: 'span', phase: 'start', spanId: 'a', kind: 'agent', name: 'x', start: 0, attributes: {} },
    { type: 'event', spanId: 'a', name: 'contract.violation', time: 1, attributes: {} },
    { type: 'span', phase: 'end', spanId: 'a', end: 2, status: 'ok', attributes: {} },
  ];
  assert.equal(spanState(TraceModel.from(recs).roots[0]!), 'repaired');
});

test('a child that arrives before its parent is moved under it', () => {
  const m = new TraceModel();
  m.apply([{ type: 'span', phase: 'start', spanId: 'c', parentId: 'p', kind: 'llm', name: 'c', start: 5, attributes: {} }]);
  assert.equal(m.roots.length, 1);
  m.apply([{ type: 'span', phase: 'start', spanId: 'p', kind: 'agent', name: 'p', start: 1, attributes: {} }]);
  assert.equal(m.roots.length, 1);
  assert.equal(m.roots[0]!.id, 'p');
  assert.equal(m.roots[0]!.children[0]!.id, 'c');
});

test('visible rows hide the descendants of collapsed spans', () => {
  const m = loadFixture('sample.trace.jsonl');
  const all = visibleRows(m, new Set());
  assert.equal(all.length, m.spans.size);
  assert.deepEqual(all.slice(0, 4).map((r) => [r.node.name, r.depth]), [['triage', 0], ['classify', 1], ['classifier', 2], ['chat', 3]]);
  const research = all.find((r) => r.node.name === 'research')!.node;
  const folded = visibleRows(m, new Set([research.id]));
  assert.equal(folded.length, all.length - 4);
});

test('attempts count the llm calls of an agent', () => {
  const m = loadFixture('sample.trace.jsonl');
  const researcher = [...m.walk()].find((n) => n.name === 'researcher')!;
  assert.equal(attemptsOf(researcher), 2);
});

test('versions are unique across models, so a cache keyed by version never mixes two runs up', () => {
  const records: TraceRecord[] = [
    { type: 'span', phase: 'start', spanId: 'w', kind: 'workflow', name: 'w', start: 0, attributes: {} },
    { type: 'span', phase: 'end', spanId: 'w', end: 24, status: 'ok', attributes: {} },
  ];
  // Two runs fed the same way, as the panel gets a run and then its replay.
  const first = new TraceModel();
  const second = new TraceModel();
  assert.notEqual(first.version, second.version);
  for (const r of records) first.apply([r]);
  for (const r of records) second.apply([r]);
  assert.notEqual(first.version, second.version);
  const before = second.version;
  second.apply([]);
  assert.notEqual(second.version, before, 'every apply is a new version');
});

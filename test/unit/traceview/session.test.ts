import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseTraceText } from '../../../src/core/traceview';
import { TraceSession } from '../../../src/extension/panel/session';
import { type ToWebview, parseToWebview, splitLines } from '../../../src/shared/protocol';
import { FIXTURES } from './load';
import { recorder } from '../../support/panel';

const INIT: ToWebview = { type: 'init', mode: 'live', prices: {}, rerun: { enabled: false, reason: 'not yet' } };

const sample = () => parseTraceText(readFileSync(join(FIXTURES, 'sample.trace.jsonl'), 'utf8')).records;

test('nothing is sent before the webview is ready; on ready it gets init, reset and the trace', () => {
  const s = new TraceSession(() => INIT);
  const ch = recorder();
  s.attach(ch);
  s.begin({ title: 'triage' }, true);
  s.push(sample());
  assert.equal(ch.sent.length, 0);
  s.onReady();
  assert.deepEqual(ch.sent.map((m) => m.type), ['init', 'reset', 'records']);
  const rec = ch.sent[2] as Extract<ToWebview, { type: 'records' }>;
  assert.equal(rec.records.length, sample().length);
  assert.equal(s.runRecord?.runId, 'run-sample');
  s.dispose();
});

test('a reloaded webview (hidden, then shown) gets the whole trace again', () => {
  const s = new TraceSession(() => INIT);
  const first = recorder();
  s.attach(first);
  s.onReady();
  s.begin({ title: 'triage' }, false);
  s.push(sample());
  s.end();
  const second = recorder();
  s.attach(second);
  s.onReady();
  assert.deepEqual(second.sent.map((m) => m.type), ['init', 'reset', 'records']);
  assert.equal((second.sent[2] as Extract<ToWebview, { type: 'records' }>).records.length, sample().length);
  assert.equal((second.sent[2] as Extract<ToWebview, { type: 'records' }>).done, true);
  s.dispose();
});

test('live records are coalesced: many pushes, one message once the run ends', () => {
  const s = new TraceSession(() => INIT);
  const ch = recorder();
  s.attach(ch);
  s.onReady();
  s.begin({ title: 'triage' }, true);
  for (const r of sample()) s.push([r]);
  assert.deepEqual(ch.sent.map((m) => m.type), ['init', 'reset'], 'nothing until the coalescer flushes');
  s.end();
  assert.deepEqual(ch.sent.map((m) => m.type), ['init', 'reset', 'records']);
  assert.equal((ch.sent[2] as Extract<ToWebview, { type: 'records' }>).records.length, sample().length);
  s.dispose();
});

test('a trace file goes as text, cut at line ends, with its run record read from the first line', () => {
  const text = readFileSync(join(FIXTURES, 'sample.trace.jsonl'), 'utf8');
  const chunks = splitLines(text, 500);
  assert.ok(chunks.length > 3);
  assert.equal(chunks.join(''), text);
  assert.ok(chunks.slice(0, -1).every((c) => c.endsWith('\n')));
  const s = new TraceSession(() => INIT);
  const ch = recorder();
  s.attach(ch);
  s.onReady();
  s.loadText({ title: 'triage', source: 'file:///x.trace.jsonl' }, text);
  assert.equal(s.runRecord?.workflow, 'triage');
  const texts = ch.sent.filter((m): m is Extract<ToWebview, { type: 'recordsText' }> => m.type === 'recordsText');
  assert.equal(texts.map((t) => t.text).join(''), text);
  assert.equal(texts.at(-1)?.done, true);
  s.dispose();
});

test('messages from the webview are validated: unknown types and bad fields are rejected', async () => {
  const { parseFromWebview } = await import('../../../src/shared/protocol');
  assert.equal(parseFromWebview({ type: 'ready' }).ok, true);
  assert.equal(parseFromWebview({ type: 'reveal', kind: 'agent', name: 'a' }).ok, true);
  assert.equal(parseFromWebview({ type: 'reveal', kind: 'script', name: 'a' }).ok, false);
  assert.equal(parseFromWebview({ type: 'rerunFrom', step: 'x' }).ok, false, 'a request needs its messageId');
  assert.equal(parseFromWebview({ type: 'exec', command: 'rm -rf /' }).ok, false);
  assert.equal(parseFromWebview('ready').ok, false);
  assert.equal(parseToWebview({ type: 'reset', title: 1, live: true }).ok, false);
});

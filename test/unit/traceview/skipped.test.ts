// A damaged trace file in the panel: every line that is no trace record is counted (the torn
// last line too) and listed in the model's problems with its number and why, in the words of
// `handoff trace`; the editor tab's "cut short" flag (the file goes on with a torn line it did
// not send) is said the same way, and forgotten once the line is complete.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { TraceModel, parseTraceText } from '../../../src/core/traceview';
import { parseTrace } from '../../../src/core/tracing/reader';
import { TraceSession } from '../../../src/extension/panel/session';
import { type ToWebview, parseToWebview } from '../../../src/shared/protocol';
import { recorder } from '../../support/panel';
import { FIXTURES } from './load';

const text = (): string => readFileSync(join(FIXTURES, 'skipped.trace.jsonl'), 'utf8');

/** What the webview does with a trace file's text: its bad lines and its torn tail go to the model. */
function load(t: string, cutShort = false): TraceModel {
  const m = new TraceModel();
  const parsed = parseTraceText(t);
  for (const b of parsed.bad) m.skipLine(b.line, b.reason);
  m.apply(parsed.records, parsed.lines);
  m.cutShortLine = parsed.cutShortLine ?? (cutShort ? parsed.nextLine : undefined);
  return m;
}

test('every damaged line is counted, the last line cut short included, each with its reason', () => {
  const parsed = parseTraceText(text());
  assert.equal(parsed.badCount, 3);
  assert.deepEqual(parsed.bad, [
    { line: 21, reason: 'not JSON' },
    { line: 30, reason: 'not a trace record: span end: status: Invalid option: expected one of "ok"|"error"|"cancelled"' },
  ]);
  assert.equal(parsed.cutShortLine, 44);
});

test("the model's problems list the damaged lines, line by line, as `handoff trace` says them", () => {
  const m = load(text());
  assert.equal(m.skippedLines, 3);
  const lines = m.problems.map((p) => `${p.line !== undefined ? `line ${p.line}: ` : ''}${p.message}`);
  assert.ok(lines.includes('line 21: not JSON'), lines.join('\n'));
  assert.ok(lines.some((l) => l.startsWith('line 30: not a trace record: span end: status')), lines.join('\n'));
  assert.ok(lines.some((l) => /^line 44: the last line is cut short/.test(l)), lines.join('\n'));
  // In line order, with the problems of the records (an end of a span that never started).
  const nums = m.problems.map((p) => p.line ?? Infinity);
  assert.deepEqual(nums, [...nums].sort((a, b) => a - b));
  // The CLI's reader finds the same lines.
  const cli = parseTrace(text());
  assert.ok(cli.tornTail);
  for (const d of cli.damaged.filter((x) => !x.unjoined)) assert.ok(lines.includes(`line ${d.line}: ${d.reason}`), `${d.line}: ${d.reason}`);
});

test('a trace with no damaged line has no skipped lines nor such problems', () => {
  const m = load(readFileSync(join(FIXTURES, 'sample.trace.jsonl'), 'utf8'));
  assert.equal(m.skippedLines, 0);
  assert.equal(m.problems.length, 0);
});

test('a torn line the editor held back (cutShort) is listed after the last line sent, and forgotten once complete', () => {
  const whole = text().split('\n').slice(0, 43).join('\n') + '\n';
  const m = load(whole, true);
  assert.equal(m.cutShortLine, 44);
  assert.equal(m.skippedLines, 3);
  m.cutShortLine = undefined;
  assert.equal(m.skippedLines, 2);
});

test('a file tab whose file ends with a torn line says so to the webview, on first load and on reload', () => {
  const s = new TraceSession((): ToWebview => ({ type: 'init', mode: 'file', prices: {}, rerun: { enabled: true, reason: '' }, file: 'x.trace.jsonl' }));
  const ch = recorder();
  s.attach(ch);
  s.onReady();
  s.loadText({ title: 'support', source: 'file:///x.trace.jsonl' }, '{"type":"run"}\n', true);
  const last = ch.sent.at(-1) as Extract<ToWebview, { type: 'recordsText' }>;
  assert.equal(last.type, 'recordsText');
  assert.equal(last.cutShort, true);
  assert.equal(last.done, true);
  for (const m of ch.sent) assert.ok(parseToWebview(m).ok, JSON.stringify(m));
  const again = recorder();
  s.attach(again);
  s.onReady();
  assert.equal((again.sent.at(-1) as Extract<ToWebview, { type: 'recordsText' }>).cutShort, true);
  assert.equal((again.sent[0] as Extract<ToWebview, { type: 'init' }>).file, 'x.trace.jsonl');
  s.dispose();
});

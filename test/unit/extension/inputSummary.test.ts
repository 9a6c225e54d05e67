/**
 * The input picker shows a recent input typed by hand as its fields, not as raw JSON: a
 * summary of the top-level fields as the label, the JSON on one line as the detail. A recent
 * input named by its input file, and the other choices, are shown as the core words them.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { inputChoices } from '../../../src/core/runs/inputs';
import { inputPickItem, oneLineJson, summarizeInput } from '../../../src/extension/run/inputSummary';

const typed = { text: 'My invoice is wrong and I was charged twice for March', priority: 2, tags: ['billing', 'urgent'], customer: { id: 'C-7' }, vip: false };

test('input summary: the top-level fields, strings quoted and cut at a word, containers by size', () => {
  assert.equal(summarizeInput({ text: 'My invoice', priority: 2 }), 'text: "My invoice", priority: 2');
  assert.equal(summarizeInput(typed), 'text: "My invoice is wrong and…", priority: 2, tags: [2 items], …');
  assert.equal(summarizeInput(typed, 200), 'text: "My invoice is wrong and…", priority: 2, tags: [2 items], customer: {1 field}, vip: false');
  assert.equal(summarizeInput({ 'odd key': null, n: [] , o: {} }), '"odd key": null, n: [], o: {}');
  assert.equal(summarizeInput({}), '{}');
  assert.equal(summarizeInput([1, 'two', { three: 3 }]), '3 items: 1, "two", {1 field}');
  assert.equal(summarizeInput('a line\nand another'), '"a line and another"');
  assert.equal(summarizeInput(42), '42');
  assert.equal(summarizeInput(null), 'null');
});

test('input summary: a string is cut by characters, never inside a surrogate pair', () => {
  const s = summarizeInput({ note: '😀'.repeat(40) });
  assert.equal(s, `note: "${'😀'.repeat(24)}…"`);
  assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(s), 'a lone high surrogate');
});

test('input summary: the detail is the JSON on one line, cut after a field when long', () => {
  assert.equal(oneLineJson({ a: 1, b: ['x', 'y'], c: 'multi\nline' }), '{ "a": 1, "b": [ "x", "y" ], "c": "multi\\nline" }');
  const long = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`field${i}`, i]));
  const detail = oneLineJson(long, 100);
  assert.ok(detail.length <= 100, detail);
  assert.match(detail, /, …$/, `cut after a whole field: ${detail}`);
  assert.doesNotThrow(() => JSON.parse(detail.replace(/ …$/, '').replace(/,$/, '}')), 'what is left is whole fields');
  assert.equal(oneLineJson(undefined), 'undefined');
});

test('input picker rows: a hand-typed recent input is summarised; one named by its file, files and actions are as the core words them', () => {
  const fromFile = { id: 'T-1', body: 'printer on fire' };
  const choices = inputChoices(
    [
      { input: typed, startedAt: '2026-01-05T10:00:00.000Z', status: 'ok' },
      { input: fromFile, startedAt: '2026-01-04T10:00:00.000Z', status: 'error' },
    ],
    [{ path: '/w/inputs/t1.json', relative: 'inputs/t1.json', content: { ok: true, value: fromFile } }],
  );
  const rows = choices.map(inputPickItem);
  assert.equal(rows[0]!.label, summarizeInput(typed));
  assert.ok(!rows[0]!.label.startsWith('{'), `raw JSON: ${rows[0]!.label}`);
  assert.match(rows[0]!.description ?? '', /^used .* · ok$/, 'when and how it was used, beside the summary');
  assert.equal(rows[0]!.detail, oneLineJson(typed));
  assert.deepEqual(rows.slice(1).map((r) => r.label), ['as in inputs/t1.json', 'inputs/t1.json', 'Type JSON…', 'Choose a JSON File…']);
  assert.deepEqual(rows.slice(1).map((r) => r.detail), choices.slice(1).map((c) => c.detail));
  assert.ok(rows.slice(1).every((r) => r.description === undefined));
});

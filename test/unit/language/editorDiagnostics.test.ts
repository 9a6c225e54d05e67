import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { groupByFile, toEditorDiagnostic, toLineRange } from '../../../src/core/language/editorDiagnostics';
import type { Diagnostic } from '../../../src/core/model/diagnostic';

const diag = (file: string, line: number, code: Diagnostic['code'], extra: Partial<Diagnostic> = {}): Diagnostic => ({
  range: { file, start: { line, column: 3 }, end: { line, column: 9 } },
  severity: code === 'unused-step' ? 'warning' : 'error',
  code,
  message: `${code} at ${line}`,
  ...extra,
});

test('1-based checker ranges become 0-based editor ranges; an inverted range collapses to its start', () => {
  assert.deepEqual(toLineRange({ file: 'f', start: { line: 1, column: 1 }, end: { line: 2, column: 5 } }), { start: { line: 0, character: 0 }, end: { line: 1, character: 4 } });
  assert.deepEqual(toLineRange({ file: 'f', start: { line: 3, column: 7 }, end: { line: 3, column: 2 } }).end, { line: 2, character: 6 });
});

test('a diagnostic keeps its code as the docs anchor, its related locations, and unused steps are marked unnecessary', () => {
  const d = toEditorDiagnostic(diag('/a', 4, 'handoff-mismatch', { related: [{ range: { file: '/b', start: { line: 2, column: 1 }, end: { line: 2, column: 4 } }, message: 'the input contract' }] }));
  assert.equal(d.docsAnchor, 'handoff-mismatch');
  assert.deepEqual(d.related, [{ file: '/b', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } }, message: 'the input contract' }]);
  assert.equal(d.unnecessary, false);
  assert.equal(toEditorDiagnostic(diag('/a', 1, 'unused-step')).unnecessary, true);
});

test('grouping gives every known file a list (empty ones clear stale diagnostics) and drops duplicates', () => {
  const g = groupByFile([diag('/a', 1, 'cycle'), diag('/a', 1, 'cycle'), diag('/c', 2, 'syntax')], ['/a', '/b']);
  assert.deepEqual([...g.keys()].sort(), ['/a', '/b', '/c']);
  assert.equal(g.get('/a')!.length, 1);
  assert.equal(g.get('/b')!.length, 0);
});

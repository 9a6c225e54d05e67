/**
 * What a file sees through its imports is remembered per file (completion asked for it once
 * per contract offered) and forgotten on any change, since a change to one file can change
 * what another sees; a file's definitions are found by name without searching it.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { completeAt } from '../../../src/core/language/completion';
import { contractInfo, contractInfoOf } from '../../../src/core/language/resolveData';
import { LanguageIndex } from '../../../src/core/language/workspaceIndex';

const A = '/ws/a.agents.yaml';
const B = '/ws/b.agents.yaml';
const C = '/ws/c.agents.yaml';
const visible = (ix: LanguageIndex, file: string): string[] => ix.visibleFiles(file).map((f) => f.file);

test('what a file sees follows every change: an import added, an imported file created, changed or removed', () => {
  const ix = new LanguageIndex();
  ix.setFile(A, 'handoff: 1\ncontracts:\n  X: { version: 1 }\n');
  assert.deepEqual(visible(ix, A), [A]);
  ix.setFile(A, 'handoff: 1\nimports: [./b.agents.yaml]\ncontracts:\n  X: { version: 1 }\n');
  assert.deepEqual(visible(ix, A), [A], 'b is not known yet');
  ix.setFile(B, 'handoff: 1\nimports: [./c.agents.yaml]\ncontracts:\n  Y: { version: 1 }\n');
  assert.deepEqual(visible(ix, A), [A, B]);
  ix.setFile(C, 'handoff: 1\ncontracts:\n  Z: { version: 1 }\n');
  assert.deepEqual(visible(ix, A), [A, B, C], 'through b, a file b imports');
  assert.equal(ix.lookup('contract', 'Z', A)?.file, C);
  ix.setFile(C, 'handoff: 1\ncontracts:\n  Z2: { version: 1 }\n');
  assert.equal(ix.lookup('contract', 'Z', A), undefined, 'the new text of c, not the one seen before');
  assert.equal(ix.lookup('contract', 'Z2', A)?.file, C);
  ix.removeFile(B);
  assert.deepEqual(visible(ix, A), [A]);
  assert.equal(ix.lookup('contract', 'Y', A), undefined);
});

test('a name defined twice in a file resolves to the first, of the kind asked for', () => {
  const ix = new LanguageIndex();
  const text = 'handoff: 1\ncontracts:\n  N: { version: 1 }\n  N: { version: 2 }\nagents:\n  N: {}\n';
  ix.setFile(A, text);
  const d = ix.lookup('contract', 'N', A);
  assert.equal(d?.key.start, text.indexOf('N:'));
  assert.equal(ix.lookup('agent', 'N', A)?.kind, 'agent');
  assert.equal(ix.lookup('workflow', 'N', A), undefined);
});

test('completion offers every contract seen, then each one\'s pinned versions, read from the definitions in hand', () => {
  const ix = new LanguageIndex();
  const contracts = Array.from({ length: 50 }, (_, i) => `  C${i}: { version: ${1 + (i % 3)}, schema: {}, previous: { 1: { schema: {} } } }`).join('\n');
  ix.setFile(B, `handoff: 1\ncontracts:\n${contracts}\n`);
  const text = 'handoff: 1\nimports: [./b.agents.yaml]\ncontracts:\n  Own: { version: 2, schema: {}, previous: { 1: { schema: {} } } }\nagents:\n  a:\n    input: \n';
  ix.setFile(A, text);
  const labels = completeAt(ix, A, text.indexOf('input: ') + 'input: '.length).map((i) => i.label);
  const names = ['Own', ...Array.from({ length: 50 }, (_, i) => `C${i}`)];
  const pinned = names.flatMap((n) => contractInfo(ix, n, A)!.versions.map((v) => `${n}@${v}`));
  assert.deepEqual(labels, [...names, ...pinned]);
  assert.deepEqual(pinned.slice(0, 3), ['Own@2', 'Own@1', 'C0@1']);
  for (const n of names) assert.deepEqual(contractInfoOf(ix, ix.lookup('contract', n, A)!), contractInfo(ix, n, A));
});

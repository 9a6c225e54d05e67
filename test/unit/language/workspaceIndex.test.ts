import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { indexFile } from '../../../src/core/language/indexFile';
import { LanguageIndex } from '../../../src/core/language/workspaceIndex';
import { COMMON, MAIN, at, commonText, mainText } from './fixtures';

function load(): LanguageIndex {
  const ix = new LanguageIndex();
  ix.setFile(COMMON, commonText);
  ix.setFile(MAIN, mainText);
  return ix;
}

test('definitions carry their key ranges, steps their workflow', () => {
  const ix = load();
  const defs = ix.get(MAIN)!.defs.map((d) => `${d.kind}:${d.workflow ? d.workflow + '/' : ''}${d.name}`);
  assert.deepEqual(defs, ['contract:Assessment', 'agent:assessor', 'agent:payer', 'workflow:claims', 'step:claims/assess', 'step:claims/pay']);
  const a = ix.get(MAIN)!.defs[0]!;
  assert.equal(mainText.slice(a.key.start, a.key.end), 'Assessment');
});

test('a pinned contract reference spans only the name, and keeps its version', () => {
  const ix = load();
  const ref = ix.refAt(MAIN, at(mainText, 'Assessment@2', 3))!;
  assert.equal(ref.kind, 'contract');
  assert.equal(ref.version, 2);
  assert.equal(mainText.slice(ref.span.start, ref.span.end), 'Assessment');
  assert.equal(mainText.slice(ref.full!.start, ref.full!.end), 'Assessment@2');
});

test('go to definition crosses files through imports, including $ref strings', () => {
  const ix = load();
  for (const offset of [at(mainText, 'input: Claim', 8), at(mainText, '#/contracts/Claim', 13)]) {
    const s = ix.symbolAt(MAIN, offset)!;
    assert.equal(s.def.file, COMMON);
    assert.equal(s.def.name, 'Claim');
  }
  assert.equal(ix.symbolAt(MAIN, at(mainText, 'model: fast', 8))!.def.kind, 'model');
});

test('step references inside $steps strings, conditions, after lists and result resolve to the step', () => {
  const ix = load();
  const assess = ix.symbolAt(MAIN, at(mainText, 'assess:', 1))!.def;
  const refs = ix.references(assess, false).map((l) => mainText.slice(l.span.start - 7, l.span.end));
  assert.equal(refs.length, 3, JSON.stringify(refs));
  assert.ok(refs.every((r) => r.endsWith('assess')));
  const pay = ix.symbolAt(MAIN, at(mainText, '$steps.pay', 8))!.def;
  assert.equal(pay.kind, 'step');
  assert.equal(pay.workflow, 'claims');
});

test('rename edits every file that names the symbol, and nothing else', () => {
  const ix = load();
  const edits = ix.renameEdits(COMMON, at(commonText, 'Claim:', 1), 'Request');
  assert.ok(!('error' in edits));
  const map = edits as Map<string, { span: { start: number; end: number }; newText: string }[]>;
  assert.equal(map.get(COMMON)!.length, 1);
  // assessor.input, payer.output, the $ref, claims.input and claims.output
  assert.equal(map.get(MAIN)!.length, 5);
  for (const e of map.get(MAIN)!) assert.equal(mainText.slice(e.span.start, e.span.end), 'Claim');
});

test('rename refuses a name the format does not allow', () => {
  const ix = load();
  const r = ix.renameEdits(MAIN, at(mainText, 'assessor:', 1), '1bad name');
  assert.ok('error' in r);
});

test('expressions are kept for hover with their workflow and step', () => {
  const ix = load();
  const exprs = ix.get(MAIN)!.exprs.map((e) => `${e.step ?? '-'} ${e.text}`);
  assert.deepEqual(exprs, ['assess $input', 'pay $steps.assess.output', 'pay $steps.assess.output.verdict', '- $steps.pay.output']);
});

test('imports are kept with their spans, for document links', () => {
  const ix = load();
  const [imp] = ix.get(MAIN)!.importSpans;
  assert.equal(imp!.path, './common.agents.yaml');
  assert.equal(mainText.slice(imp!.span.start, imp!.span.end), './common.agents.yaml');
});

test('a file nested too deep for the YAML parser is refused, not parsed', () => {
  const ix = new LanguageIndex();
  const idx = ix.setFile('/ws/deep.agents.yaml', `handoff: 1\ncontracts: ${'['.repeat(100_000)}`);
  assert.deepEqual(idx.defs, []);
  assert.deepEqual(idx.data, {});
});

test('an import the checker refuses (absolute, or no definition file) is not followed nor linked', () => {
  const f = indexFile('/ws/a.agents.yaml', 'handoff: 1\nimports: [/etc/passwd, ../x/hosts, ./shared.agents.yaml]\n');
  assert.deepEqual(f.imports, ['./shared.agents.yaml']);
  assert.deepEqual(f.importSpans.map((s) => s.path), ['./shared.agents.yaml']);
});

test('a name not visible from a file resolves to its one definition elsewhere in the workspace, not to one of several', () => {
  const ix = new LanguageIndex();
  ix.setFile('/w/a.agents.yaml', 'handoff: 1\nagents:\n  solo: { input: X, output: X }\n  twice: { input: X, output: X }\n');
  ix.setFile('/w/b.agents.yaml', 'handoff: 1\nagents:\n  twice: { input: X, output: X }\n');
  ix.setFile('/w/c.agents.yaml', 'handoff: 1\nworkflows:\n  w: { input: X, output: X, steps: { s: { agent: solo }, t: { agent: twice } } }\n');
  assert.equal(ix.lookup('agent', 'solo', '/w/c.agents.yaml')?.file, '/w/a.agents.yaml');
  assert.equal(ix.lookup('agent', 'twice', '/w/c.agents.yaml'), undefined, 'two files define it: neither is the one');
  assert.equal(ix.lookup('agent', 'nobody', '/w/c.agents.yaml'), undefined);
  assert.equal(ix.lookup('workflow', 'solo', '/w/c.agents.yaml'), undefined, 'by kind');
});

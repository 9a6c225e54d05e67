import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { foldingRanges, outline } from '../../../src/core/language/outline';
import { addMissingFields, didYouMean, makeStrict, missingFallbackFields, pinOrUnpin } from '../../../src/core/language/quickFixes';
import { LanguageIndex, type TextEdit } from '../../../src/core/language/workspaceIndex';
import { COMMON, MAIN, at, commonText, mainText } from './fixtures';

function apply(text: string, edits: readonly TextEdit[]): string {
  return [...edits].sort((a, b) => b.span.start - a.span.start).reduce((t, e) => t.slice(0, e.span.start) + e.newText + t.slice(e.span.end), text);
}

function load(main = mainText): LanguageIndex {
  const ix = new LanguageIndex();
  ix.setFile(COMMON, commonText);
  ix.setFile(MAIN, main);
  return ix;
}

test('did-you-mean replaces only the unknown name, keeping a pin', () => {
  const text = mainText.replace('output: Assessment@2', 'output: Asessment@2');
  const ix = load(text);
  const start = at(text, 'Asessment@2');
  const fix = didYouMean(ix.get(MAIN)!, { start, end: start + 11 }, 'Assessment')!;
  assert.equal(apply(text, fix.edits), mainText);
  const step = text.replace('$steps.pay.output', '$steps.pya.output');
  const ix2 = load(step);
  const s = at(step, '$steps.pya.output');
  assert.equal(apply(step, didYouMean(ix2.get(MAIN)!, { start: s, end: s + 17 }, 'pay')!.edits), text);
});

test('missing fields are added to a block and to a flow mapping, in their style', () => {
  const block = mainText.replace('        input: $steps.assess.output\n', '        input:\n          verdict: $steps.assess.output.verdict\n');
  const ix = load(block);
  const s = at(block, 'verdict: $steps');
  const fixed = apply(block, addMissingFields(ix, MAIN, { start: s, end: s + 5 }, ['payout'])!.edits);
  assert.match(fixed, /input:\n {10}payout: 0\n {10}verdict: \$steps/);
  const flow = mainText.replace('fallback: { verdict: deny, payout: 0 }', 'fallback: { verdict: deny }');
  const ix2 = load(flow);
  const f = at(flow, '{ verdict: deny }');
  assert.match(apply(flow, addMissingFields(ix2, MAIN, { start: f, end: f + 5 }, ['payout'])!.edits), /fallback: \{ payout: 0, verdict: deny \}/);
  // A reference cannot take fields: no fix, and never an edit to the enclosing step.
  const r = at(mainText, '$steps.assess.output\n');
  assert.equal(addMissingFields(load(), MAIN, { start: r, end: r + 20 }, ['id']), undefined);
});

test('make strict adds additionalProperties: false and completes required, nested objects too', () => {
  const ix = load();
  const fix = makeStrict(ix.get(COMMON)!, 'Claim')!;
  const out = apply(commonText, fix.edits);
  assert.match(out, /schema:\n {6}additionalProperties: false\n {6}type: object\n/);
  const nested = commonText.replace('amount: { type: number }', 'amount: { type: object, properties: { value: { type: number } } }').replace('required: [id, amount]', 'required: [id]');
  const ix2 = load();
  ix2.setFile(COMMON, nested);
  const out2 = apply(nested, makeStrict(ix2.get(COMMON)!, 'Claim')!.edits);
  assert.match(out2, /required: \[id, amount\]/);
  assert.match(out2, /amount: \{ additionalProperties: false, required: \[value\], type: object/);
  // Assessment already forbids extras; only its required list lacks 'claim'.
  assert.equal(makeStrict(load().get(MAIN)!, 'Assessment')!.edits.length, 1);
});

test('pin and unpin a contract reference', () => {
  const ix = load();
  const pinned = ix.refAt(MAIN, at(mainText, 'Assessment@2', 1))!;
  assert.equal(apply(mainText, pinOrUnpin(ix, pinned)!.edits).includes('output: Assessment\n'), true);
  const plain = ix.refAt(MAIN, at(mainText, 'input: Assessment', 8))!;
  assert.match(pinOrUnpin(ix, plain)!.title, /Pin to 'Assessment@2'/);
});

test('outline holds sections, definitions with signatures, and steps; folding covers multi-line entries', () => {
  const ix = load();
  const o = outline(ix.get(MAIN)!);
  assert.deepEqual(o.map((s) => s.name), ['contracts', 'agents', 'workflows']);
  const claims = o[2]!.children[0]!;
  assert.equal(claims.detail, 'Claim → Claim');
  assert.deepEqual(claims.children.map((c) => `${c.name}:${c.detail}`), ['assess:agent assessor', 'pay:agent payer']);
  assert.equal(o[1]!.children[0]!.detail, 'Claim → Assessment@2');
  const folds = foldingRanges(ix.get(MAIN)!);
  const lines = mainText.split('\n');
  const agents = lines.indexOf('agents:');
  assert.ok(folds.some((f) => f.start === agents && f.end === lines.indexOf('workflows:') - 1), JSON.stringify(folds));
});

test('a section written twice (an error) outlines each definition under its own section, inside its range', () => {
  const text = 'handoff: 1\nagents:\n  a: { instructions: x }\nworkflows:\n  w:\n    steps:\n      s: { agent: a }\nagents:\n  b: { instructions: y }\n';
  const ix = new LanguageIndex();
  ix.setFile(MAIN, text);
  const o = outline(ix.get(MAIN)!);
  const agents = o.filter((s) => s.name === 'agents');
  for (const section of o) {
    for (const child of section.children) assert.ok(child.span.start >= section.span.start && child.span.end <= section.span.end, `${child.name} lies outside ${section.name}`);
  }
  assert.deepEqual(agents.map((s) => s.children.map((c) => c.name)), [['a'], ['b']]);
});

test('a fallback lacking required fields of the output contract gets them', () => {
  const text = mainText.replace('fallback: { verdict: deny, payout: 0 }', 'fallback: { verdict: deny }');
  const ix = load(text);
  const f = at(text, '{ verdict: deny }');
  const missing = missingFallbackFields(ix, MAIN, f);
  assert.deepEqual(missing, ['payout']);
  assert.match(apply(text, addMissingFields(ix, MAIN, { start: f, end: f + 17 }, missing)!.edits), /fallback: \{ payout: 0, verdict: deny \}/);
  // The checker may point at the key rather than the mapping.
  const k = at(text, 'fallback:');
  assert.match(apply(text, addMissingFields(ix, MAIN, { start: k, end: k + 8 }, missing)!.edits), /fallback: \{ payout: 0, verdict: deny \}/);
});

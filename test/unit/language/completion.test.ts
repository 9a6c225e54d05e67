import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { completeAt } from '../../../src/core/language/completion';
import { LanguageIndex } from '../../../src/core/language/workspaceIndex';
import { COMMON, MAIN, commonText, mainText } from './fixtures';

/** Completion labels at the `|` of a text that replaces the main file (asked for by typing `trigger`, if given). */
function labels(textWithCursor: string, trigger?: string, more: Record<string, string> = {}): string[] {
  const offset = textWithCursor.indexOf('|');
  const ix = new LanguageIndex();
  ix.setFile(COMMON, commonText);
  for (const [file, text] of Object.entries(more)) ix.setFile(file, text);
  ix.setFile(MAIN, textWithCursor.replace('|', ''));
  return completeAt(ix, MAIN, offset, trigger).map((i) => i.label);
}

test('after $steps. the step names, then output, then the output contract fields level by level', () => {
  assert.deepEqual(labels(mainText.replace('input: $steps.assess.output\n', 'input: $steps.|\n')), ['assess']);
  assert.deepEqual(labels(mainText.replace('input: $steps.assess.output\n', 'input: $steps.assess.|\n')), ['output']);
  assert.deepEqual(labels(mainText.replace('input: $steps.assess.output\n', 'input: $steps.assess.output.|\n')), ['verdict', 'payout', 'claim']);
  assert.deepEqual(labels(mainText.replace('input: $steps.assess.output\n', 'input: $steps.assess.output.claim.|\n')), ['id', 'amount']);
  assert.deepEqual(labels(mainText.replace('result: $steps.pay.output', 'result: $steps.|')), ['assess', 'pay']);
});

test('references inside a flow mapping and $input fields', () => {
  const t = mainText.replace('input: $steps.assess.output\n', 'input: { a: $input, b: $input.| }\n');
  assert.deepEqual(labels(t), ['id', 'amount']);
  assert.deepEqual(labels(mainText.replace('input: $input', 'input: $|')), ['$input', '$steps.']);
});

test('enum values after a comparison in when:', () => {
  assert.deepEqual(labels(mainText.replace('== "pay"', '== |')), ['pay', 'deny']);
  assert.deepEqual(labels(mainText.replace('== "pay"', '== "d|')), ['pay', 'deny']);
});

test('enum values in a fallback, names where a name is expected', () => {
  assert.deepEqual(labels(mainText.replace('fallback: { verdict: deny, payout: 0 }', 'fallback: { verdict: |')), ['pay', 'deny']);
  assert.deepEqual(labels(mainText.replace('agent: payer', 'agent: |')), ['assessor', 'payer']);
  assert.deepEqual(labels(mainText.replace('model: fast', 'model: |')), ['fast', 'default']);
  assert.deepEqual(labels(mainText.replace('input: Assessment\n', 'input: |\n')), ['Assessment', 'Claim', 'Assessment@2', 'Assessment@1', 'Claim@1']);
  assert.deepEqual(labels(mainText.replace('after: [assess]', 'after: [|]')), ['assess']);
});

test('format keys where they fit', () => {
  const step = labels(mainText.replace('        after: [assess]\n', '        after: [assess]\n        |\n'));
  assert.deepEqual(step, ['description', 'agent', 'workflow', 'input', 'when', 'after']);
  const agent = labels(mainText.replace('    retries: 2\n', '    retries: 2\n    |\n'));
  assert.ok(agent.includes('instructions') && agent.includes('fallback') && !agent.includes('steps'), agent.join());
  assert.ok(labels(mainText.replace('imports:', '|\nimports:')).includes('workflows'));
});

test('JSON Schema keywords inside schema:, none where property names go', () => {
  const kw = labels(mainText.replace("        payout: { type: number }\n", "        payout: { type: number, | }\n"));
  assert.ok(kw.includes('minimum') && kw.includes('enum'), kw.join());
  assert.deepEqual(labels(mainText.replace('      properties:\n        verdict', '      properties:\n        |\n        verdict')), []);
  assert.ok(labels(mainText.replace('payout: { type: number }', 'payout: { type: | }')).includes('integer'));
  assert.deepEqual(labels(mainText.replace('$ref: "#/contracts/Claim"', '$ref: "#/contracts/|"')), ['#/contracts/Assessment', '#/contracts/Claim']);
});

test('the fields a step input mapping needs, as keys', () => {
  const t = mainText.replace('        input: $steps.assess.output\n', '        input:\n          |\n');
  assert.deepEqual(labels(t), ['verdict', 'payout', 'claim']);
});

test('{{path}} in instructions offers the input contract fields, level by level', () => {
  const withInstructions = mainText.replace('    retries: 2\n', '    retries: 2\n    instructions: >\n      Assess {{|\n');
  assert.deepEqual(labels(withInstructions), ['id', 'amount']);
  const inline = mainText.replace('  payer:\n    input: Assessment\n', '  payer:\n    input: Assessment\n    instructions: "Pay {{claim.|"\n');
  assert.deepEqual(labels(inline), ['id', 'amount']);
});

test('a flow mapping written as a list item (anyOf members) completes like any other', () => {
  const t = mainText.replace('        claim: { $ref: "#/contracts/Claim" }\n', '        claim:\n          anyOf:\n            - { $ref: "#/contracts/|" }\n            - { type: "null" }\n');
  assert.deepEqual(labels(t), ['#/contracts/Assessment', '#/contracts/Claim']);
  const kw = labels(mainText.replace('        claim: { $ref: "#/contracts/Claim" }\n', '        claim:\n          anyOf:\n            - { ty| }\n'));
  assert.ok(kw.includes('type'), kw.join());
});

test('contract names of this file and of its imports rank before every pinned version; a file not imported offers none', () => {
  // Claim comes from common.agents.yaml (imported); Offer from a file main does not import.
  const other = { '/ws/other.agents.yaml': 'handoff: 1\ncontracts:\n  Offer:\n    version: 3\n    schema: { type: object }\n' };
  const got = labels(mainText.replace('input: Assessment\n', 'input: |\n'), undefined, other);
  assert.deepEqual(got, ['Assessment', 'Claim', 'Assessment@2', 'Assessment@1', 'Claim@1']);
  const out = labels(mainText.replace('output: Claim\n', 'output: |\n'), ' ', other);
  assert.deepEqual(out.slice(0, 2), ['Assessment', 'Claim']);
});

test('a typed space lists names right after `key: ` where the key takes one, and after `[`, `, ` and `- ` of a workers list', () => {
  assert.deepEqual(labels(mainText.replace('input: Assessment\n', 'input: |\n'), ' '), ['Assessment', 'Claim', 'Assessment@2', 'Assessment@1', 'Claim@1']);
  assert.deepEqual(labels(mainText.replace('agent: payer', 'agent: |'), ' '), ['assessor', 'payer']);
  assert.deepEqual(labels(mainText.replace('model: fast', 'model: |'), ' '), ['fast', 'default']);
  assert.deepEqual(labels(mainText.replace('fallback: { verdict: deny, payout: 0 }', 'fallback: { verdict: |'), ' '), ['pay', 'deny']);
  const supervised = `${mainText}  desk:\n    pattern: supervisor\n    input: Claim\n    output: Claim\n`;
  assert.deepEqual(labels(`${supervised}    supervisor: |\n`, ' '), ['assessor', 'payer']);
  assert.deepEqual(labels(`${supervised}    workers: [ |]\n`, ' '), ['assessor', 'payer', 'claims', 'desk']);
  assert.deepEqual(labels(`${supervised}    workers: [assessor, |]\n`, ' '), ['assessor', 'payer', 'claims', 'desk']);
  assert.deepEqual(labels(`${supervised}    workers:\n      - |\n`, ' '), ['assessor', 'payer', 'claims', 'desk']);
  assert.deepEqual(labels(mainText.replace('after: [assess]', 'after: [assess, |]'), ' '), ['assess']);
  assert.ok(labels(mainText.replace('payout: { type: number }', 'payout: { type: | }'), ' ').includes('integer'));
});

test('a typed space anywhere else lists nothing, so that no list opens while typing text or indentation', () => {
  const none = (t: string): void => assert.deepEqual(labels(t, ' '), [], t.slice(Math.max(0, t.indexOf('|') - 60), t.indexOf('|') + 1));
  none(mainText.replace('    retries: 2\n', '    retries: 2\n    |\n'));
  none(mainText.replace('    retries: 2\n', '    retries: 2\n      |\n'));
  none(mainText.replace('when: $steps.assess.output.verdict == "pay"', 'when: $steps.assess.output.verdict == |'));
  none(mainText.replace('when: $steps.assess.output.verdict == "pay"', 'when: $steps.assess.output.verdict == "pay" and |'));
  none(mainText.replace('fallback: { verdict: deny, payout: 0 }', 'fallback: { verdict: deny, |'));
  none(mainText.replace('fallback: { verdict: deny, payout: 0 }', 'fallback: { |'));
  none(mainText.replace('    retries: 2\n', '    retries: 2\n    instructions: >\n      Assess {{ |\n'));
  none(mainText.replace('    retries: 2\n', '    retries: 2\n    instructions: >\n      Assess the claim and |\n'));
  none(mainText.replace('    retries: 2\n', '    retries: 2\n    description: A claim |\n'));
  none(mainText.replace('    retries: 2\n', '    retries: 2\n    # input: |\n'));
  none(mainText.replace('  payer:\n    input: Assessment\n', '  payer:\n    input: |Assessment\n'));
  none(mainText.replace('  payer:\n    input: Assessment\n', '  payer:\n    input:  |\n'));
  none(mainText.replace('payout: { type: number }', 'payout: { type: number, |'));
});

test('a field, a schema property or a model profile key named like a format key gets no definition names', () => {
  assert.deepEqual(labels(mainText.replace('        payout: { type: number }\n', '        payout: { type: number }\n        model: |\n')), []);
  assert.deepEqual(labels(mainText.replace('        payout: { type: number }\n', '        payout: { type: number }\n        input: |\n'), ' '), []);
  assert.deepEqual(labels(mainText.replace('fallback: { verdict: deny, payout: 0 }', 'fallback: { agent: |'), ' '), []);
  assert.deepEqual(labels(commonText.replace('fast: { model: gpt-4.1-mini }', 'fast: { model: | }')), []);
  assert.deepEqual(labels(mainText.replace('    retries: 2\n', '    retries: 2\n    reflect: { critic: |'), ' '), ['assessor', 'payer']);
});

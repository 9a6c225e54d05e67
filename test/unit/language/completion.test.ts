import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { completeAt } from '../../../src/core/language/completion';
import { LanguageIndex } from '../../../src/core/language/workspaceIndex';
import { COMMON, MAIN, commonText, mainText } from './fixtures';

/** Completion labels at the `|` of a text that replaces the main file. */
function labels(textWithCursor: string): string[] {
  const offset = textWithCursor.indexOf('|');
  const ix = new LanguageIndex();
  ix.setFile(COMMON, commonText);
  ix.setFile(MAIN, textWithCursor.replace('|', ''));
  return completeAt(ix, MAIN, offset).map((i) => i.label);
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
  assert.deepEqual(labels(mainText.replace('input: Assessment\n', 'input: |\n')), ['Assessment', 'Assessment@2', 'Assessment@1', 'Claim', 'Claim@1']);
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

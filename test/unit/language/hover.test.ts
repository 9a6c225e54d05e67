import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { hoverAt } from '../../../src/core/language/hover';
import { typeText } from '../../../src/core/language/typeText';
import { LanguageIndex } from '../../../src/core/language/workspaceIndex';
import { COMMON, MAIN, at, commonText, mainText } from './fixtures';

function load(): LanguageIndex {
  const ix = new LanguageIndex();
  ix.setFile(COMMON, commonText);
  ix.setFile(MAIN, mainText);
  return ix;
}

test('a schema prints as a readable type', () => {
  const s = { type: 'object', required: ['verdict', 'payout'], properties: { verdict: { enum: ['pay', 'deny'] }, payout: { type: 'number' }, note: { type: ['string', 'null'] } } };
  assert.equal(typeText(s), '{ verdict: "pay" | "deny"; payout: number; note?: string | null }');
  assert.equal(typeText({ type: 'array', items: { anyOf: [{ $ref: '#/contracts/Claim' }, { type: 'null' }] } }), '(Claim | null)[]');
  assert.equal(typeText({ type: 'object', additionalProperties: { type: 'integer' } }), 'Record<string, integer>');
  const long = typeText({ type: 'object', properties: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`field_${i}`, { type: 'string' }])) });
  assert.ok(long.startsWith('{\n  field_0?: string;\n'), long);
});

test('a schema prints what it requires beyond its type: ranges, lengths, formats, patterns, item counts', () => {
  const s = {
    type: 'object',
    required: ['urgency'],
    properties: {
      urgency: { type: 'integer', minimum: 1, maximum: 5 },
      score: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
      email: { type: 'string', format: 'email', maxLength: 200 },
      id: { type: 'string', pattern: '^T-[0-9]+$', minLength: 3 },
      tags: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 10, uniqueItems: true },
      odd: { type: 'string', pattern: 'a*/' },
    },
  };
  assert.equal(
    typeText(s),
    [
      '{',
      '  urgency: integer /* 1..5 */;',
      '  score?: number /* ≤ 1, > 0 */;',
      '  email?: string /* format email, length ≤ 200 */;',
      '  id?: string /* length ≥ 3, pattern /^T-[0-9]+$/ */;',
      '  tags?: string[] /* 1..10 items, unique */;',
      '  odd?: string /* pattern /a*∕/ */;',
      '}',
    ].join('\n'),
  );
  assert.equal(typeText({ type: 'integer', minimum: 2, maximum: 2 }), 'integer /* exactly 2 */');
});

test('hover on a contract reference shows its type and version', () => {
  const h = hoverAt(load(), MAIN, at(mainText, 'output: Assessment@2', 10))!;
  assert.match(h.markdown, /contract Assessment@2 = \{ verdict: "pay" \| "deny"; payout: number; claim\?: Claim \}/);
  assert.match(h.markdown, /version 2 \(current\)/);
  assert.match(h.markdown, /other versions: 1/);
});

test('hover on an agent shows its signature, model, retries and fallback', () => {
  const h = hoverAt(load(), MAIN, at(mainText, 'agent: assessor', 8))!;
  assert.match(h.markdown, /agent assessor: Claim → Assessment@2/);
  assert.match(h.markdown, /model `fast` \(gpt-4\.1-mini\)/);
  assert.match(h.markdown, /retries 2/);
  assert.match(h.markdown, /fallback `\{"verdict":"deny","payout":0\}`/);
});

test('hover on a $ reference shows the type at the segment under the cursor', () => {
  const ix = load();
  const field = hoverAt(ix, MAIN, at(mainText, '.verdict ==', 2))!;
  assert.match(field.markdown, /\$steps\.assess\.output\.verdict: "pay" \| "deny"/);
  const whole = hoverAt(ix, MAIN, at(mainText, 'output.verdict ==', 2))!;
  assert.match(whole.markdown, /\$steps\.assess\.output: \{ verdict/);
  const input = hoverAt(ix, MAIN, at(mainText, '$input', 2))!;
  assert.match(input.markdown, /\$input: \{ id: string; amount: number \}/);
  const step = hoverAt(ix, MAIN, at(mainText, '$steps.assess.output.verdict', 9))!;
  assert.match(step.markdown, /step assess \(agent assessor\) → Assessment@2/);
});

test('hover on a pinned earlier version shows that version', () => {
  const ix = load();
  ix.setFile(MAIN, mainText.replace('output: Assessment@2', 'output: Assessment@1'));
  const h = hoverAt(ix, MAIN, at(mainText, 'output: Assessment@2', 10))!;
  assert.match(h.markdown, /contract Assessment@1 = \{ verdict\?: string \}/);
  assert.match(h.markdown, /the current one is 2/);
});

test('hover on a {{path}} in instructions shows that field of the input contract', () => {
  const ix = new LanguageIndex();
  ix.setFile(COMMON, commonText);
  const text = mainText.replace('    retries: 2\n', '    retries: 2\n    instructions: |\n      Assess claim {{ id }} for {{amount}} and {{nope}}.\n');
  ix.setFile(MAIN, text);
  assert.match(hoverAt(ix, MAIN, at(text, '{{ id }}', 4))!.markdown, /\{\{id\}\}: string/);
  assert.match(hoverAt(ix, MAIN, at(text, '{{amount}}', 3))!.markdown, /\{\{amount\}\}: number[\s\S]*Claim@1/);
  assert.match(hoverAt(ix, MAIN, at(text, '{{nope}}', 3))!.markdown, /not in the input contract/);
  // The engine's syntax: a name may hold spaces, {{.}} is the whole input.
  const spaced = text.replace('and {{nope}}.', 'and {{ first name }} of {{.}}.');
  ix.setFile(MAIN, spaced);
  assert.match(hoverAt(ix, MAIN, at(spaced, '{{ first name }}', 5))!.markdown, /\{\{first name\}\}: unknown \(not in the input contract\)/);
  assert.match(hoverAt(ix, MAIN, at(spaced, '{{.}}', 2))!.markdown, /\{\{\.\}\}: \{ id: string; amount: number[^}]*\}/);
});

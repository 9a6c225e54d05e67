import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { checkCondition, evaluateCondition, parseCondition, type ConditionNode, type TypeEnv } from '../../../src/core/expr';

function parse(text: string): ConditionNode {
  const r = parseCondition(text);
  if (!r.ok) throw new Error(`${r.error} at ${r.offset}`);
  return r.ast;
}

const scope = { input: { n: 3, tags: ['x'] }, steps: { t: { output: { category: 'billing', urgency: 4, ok: true } } } };

describe('parseCondition', () => {
  it('respects precedence: not > and > or', () => {
    const ast = parse('not $input.a == 1 or $input.b and $input.c');
    assert.equal(ast.kind, 'or');
  });
  it('reports the offset of a syntax error', () => {
    const r = parseCondition('$input.n == ');
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.offset, 12);
    const r2 = parseCondition('$input.n = 3');
    assert.equal(r2.ok, false);
    if (!r2.ok) assert.equal(r2.offset, 9);
  });
  it('rejects JavaScript that is not in the grammar', () => {
    for (const t of ['process.exit()', '$input.n + 1', 'x => x', '`a`', '$input.n ? 1 : 2', '"a" "b"', '(1', '[1,', '$steps.t']) {
      assert.equal(parseCondition(t).ok, false, t);
    }
  });
});

describe('evaluateCondition', () => {
  const cases: [string, boolean][] = [
    ['$steps.t.output.category == "billing"', true],
    ["$steps.t.output.category != 'billing'", false],
    ['$steps.t.output.urgency >= 4 and $input.n < 4', true],
    ['$steps.t.output.urgency > 4 or not $steps.t.output.ok', false],
    ['$steps.t.output.category in ["bug", "billing"]', true],
    ['$steps.t.output.category not in ["bug", "billing"]', false],
    ['"x" in $input.tags', true],
    // An absent value is null (as the checker types it): see absentIsNull.test.ts.
    ['$input.missing == null', true],
    ['$steps.t.output.ok', true],
    ['$input.n < "4"', false],
    ['($input.n == 3) and (true)', true],
  ];
  for (const [text, expected] of cases) {
    it(`${text} → ${expected}`, () => assert.equal(evaluateCondition(parse(text), scope), expected));
  }
});

describe('checkCondition', () => {
  const env: TypeEnv = {
    input: { type: 'object', properties: { n: { type: 'integer' }, tags: { type: 'array', items: { type: 'string' } } }, required: ['n', 'tags'] },
    steps: {
      t: { type: 'object', required: ['category', 'ok'], properties: { category: { enum: ['billing', 'bug'] }, ok: { type: 'boolean' } } },
      u: null,
    },
  };
  const problems = (text: string): string[] => checkCondition(parse(text), env).map((p) => p.message);
  it('accepts well-typed conditions', () => {
    for (const t of ['$steps.t.output.category == "bug"', '$input.n > 2 and $steps.t.output.ok', '"a" in $input.tags', '$steps.u.output.anything == 3']) {
      assert.deepEqual(problems(t), [], t);
    }
  });
  it('rejects comparisons of different types', () => {
    assert.match(problems('$input.n == "three"')[0] ?? '', /compares \$input\.n \(number\) with "three" \(string\)/);
  });
  it('rejects a literal the enum does not allow', () => {
    assert.match(problems('$steps.t.output.category == "biling"')[0] ?? '', /never "biling".*"billing" \| "bug"/);
  });
  it('rejects ordering of non-numbers and non-boolean operands', () => {
    assert.equal(problems('$steps.t.output.ok < 3').length, 1);
    assert.match(problems('$input.n and true')[0] ?? '', /not a boolean/);
  });
  it('reports unknown steps and fields with candidates', () => {
    const [p] = checkCondition(parse('$steps.tt.output.ok'), env);
    assert.equal(p?.kind, 'unknown-step');
    assert.deepEqual(p?.candidates, ['t', 'u']);
    const [q] = checkCondition(parse('$steps.t.output.categry == "bug"'), env);
    assert.equal(q?.kind, 'unknown-path');
    assert.equal(q?.start, 0);
  });
});

/**
 * `x in <array reference>` compares x with each item (`==`): the checker reports an `x`
 * whose type no item can have, as it does for `x in [literals]` (definition format:
 * comparing values of different types is `when-type`).
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { checkCondition, parseCondition, type ConditionNode, type TypeEnv } from '../../../src/core/expr';

function parse(text: string): ConditionNode {
  const r = parseCondition(text);
  if (!r.ok) throw new Error(`${r.error} at ${r.offset}`);
  return r.ast;
}

const env: TypeEnv = {
  input: {
    type: 'object',
    required: ['s', 'n', 'arr', 'strs', 'text', 'cats'],
    properties: {
      s: { type: 'string' },
      n: { type: 'integer' },
      arr: { type: 'array', items: { type: 'integer' } },
      strs: { type: 'array', items: { type: 'string' } },
      text: { type: 'string' },
      cats: { type: 'array', items: { enum: ['a', 'b'] } },
      any: { type: 'array' },
      pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }], items: false },
      ref: { $ref: '#/$defs/Ints' },
      opt: { type: 'string' },
    },
    $defs: { Ints: { type: 'array', items: { type: 'number' } } },
  },
  steps: { u: null },
};
const problems = (text: string): string[] => checkCondition(parse(text), env).map((p) => p.message);

describe("'in' against an array reference", () => {
  it('reports a string tested against an integer array', () => {
    const [p] = problems('$input.s in $input.arr');
    assert.match(p ?? '', /'in' compares \$input\.s \(string\) with an item of \$input\.arr \(number\)/);
    assert.equal(problems('$input.s not in $input.arr').length, 1);
    assert.equal(problems('"x" in $input.arr').length, 1);
    assert.equal(problems('$input.n in $input.ref').length, 0);
    assert.equal(problems('$input.s in $input.ref').length, 1);
    assert.equal(problems('$input.opt in $input.arr').length, 1);
  });
  it('reports a literal the items never are', () => {
    assert.match(problems('"c" in $input.cats')[0] ?? '', /never/);
  });
  it('accepts what the items can be', () => {
    for (const t of ['$input.n in $input.arr', '$input.s in $input.strs', '"a" in $input.cats', '$input.s in $input.any', '$input.n in $input.any', '$input.s in $input.pair', '$input.n in $input.pair', '$input.s in $input.text', '$input.opt in $input.strs', '$input.s in $steps.u.output']) {
      assert.deepEqual(problems(t), [], t);
    }
  });
  it('still reports a non-array, non-string right side', () => {
    assert.match(problems('$input.n in $input.n')[0] ?? '', /needs a list or an array/);
  });
});

/**
 * A reference that reads nothing (an optional field the value lacks, the output of a step
 * that was skipped) is `null` in a condition: the checker types an optional field as
 * `T | null`, so the engine must compare it the same way, in `==`, `!=`, `in` and as a
 * truth value.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { checkCondition, evaluateCondition, parseCondition, type ConditionNode, type TypeEnv } from '../../../src/core/expr';

function parse(text: string): ConditionNode {
  const r = parseCondition(text);
  if (!r.ok) throw new Error(`${r.error} at ${r.offset}`);
  return r.ast;
}

describe('an absent value is null in a condition', () => {
  const env: TypeEnv = {
    input: { type: 'object', properties: { coupon: { type: 'string' }, obj: { type: 'object' }, flag: { type: 'boolean' } } },
    steps: { x: { anyOf: [{ type: 'object', required: ['field'], properties: { field: { type: 'string' } } }, { type: 'null' }] } },
  };
  // Input `{}` and step x skipped (not in the scope).
  const scope = { input: {}, steps: {} };
  const cases: [string, boolean][] = [
    ['$input.coupon != null', false],
    ['$input.coupon == null', true],
    ['$input.obj == null', true],
    ['$input.obj != null', false],
    ['$input.coupon in [null, "x"]', true],
    ['$input.coupon not in [null]', false],
    ['null in [$input.coupon]', true],
    ['$steps.x.output == null', true],
    ['$steps.x.output.field == null', true],
    ['$steps.x.output.field != null', false],
    ['$input.flag', false],
    ['not $input.flag', true],
    ['$input.coupon == $steps.x.output.field', true],
  ];
  for (const [text, expected] of cases) {
    it(`${text} → ${expected}`, () => {
      // The checker accepts the condition (it types the absent value as null)...
      assert.deepEqual(checkCondition(parse(text), env).map((p) => p.message), [], text);
      // ...and the engine agrees on what it means.
      assert.equal(evaluateCondition(parse(text), scope), expected);
    });
  }
  it('a present value is still itself', () => {
    const present = { input: { coupon: 'SAVE', obj: {} }, steps: { x: { output: { field: 'f' } } } };
    assert.equal(evaluateCondition(parse('$input.coupon != null'), present), true);
    assert.equal(evaluateCondition(parse('$input.obj == null'), present), false);
    assert.equal(evaluateCondition(parse('$steps.x.output.field == "f"'), present), true);
  });
});

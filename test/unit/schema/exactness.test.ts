/** Defect 11: false handoff-mismatch errors on handoffs that fit, and unproven where no counterexample is known. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { isAssignable } from '../../../src/core/schema';
import type { JsonSchema } from '../../../src/core/model/program';
import { codes } from './harness';

const wrap = (v: JsonSchema): JsonSchema => ({ type: 'object', required: ['v'], properties: { v } });

// [name, source, target]: every one fits, exactly (no problem, nothing unproven).
const fits: [string, JsonSchema, JsonSchema][] = [
  ['nullable enum into an enum with null', { anyOf: [{ enum: ['a', 'b'] }, { type: 'null' }] }, { enum: ['a', 'b', null] }],
  ['null into const null', { type: 'null' }, { const: null }],
  ['boolean into enum true | false', { type: 'boolean' }, { enum: [true, false] }],
  ['number multipleOf 1 into integer', { type: 'number', multipleOf: 1 }, { type: 'integer' }],
  ['number pinned to 1 into const 1', { type: 'number', minimum: 1, maximum: 1 }, { const: 1 }],
  ['integer minimum 0.5 into integer minimum 1', { type: 'integer', minimum: 0.5 }, { type: 'integer', minimum: 1 }],
  ['integer maximum 9.5 into integer maximum 9', { type: 'integer', maximum: 9.5 }, { type: 'integer', maximum: 9 }],
  ['an integer range split across anyOf branches', { type: 'integer', minimum: 0, maximum: 10 }, { anyOf: [{ type: 'integer', maximum: 5 }, { type: 'integer', minimum: 5 }] }],
  ['one prefix item and items: false into maxItems 1', { prefixItems: [{ type: 'string' }], items: false }, { maxItems: 1 }],
];

describe('handoffs that fit are proven', () => {
  for (const [name, s, t] of fits) {
    it(name, () => {
      const r = isAssignable(wrap(s), wrap(t));
      assert.deepEqual([r.ok, r.problems, r.unproven], [true, [], []]);
      assert.deepEqual(codes(wrap(s), wrap(t)), []);
    });
  }
});

describe('what still does not fit is still an error', () => {
  it('reports real misfits', () => {
    assert.equal(isAssignable({ type: 'boolean' }, { enum: [true] }).ok, false);
    assert.equal(isAssignable({ type: 'null' }, { const: 1 }).ok, false);
    assert.equal(isAssignable({ type: 'number', multipleOf: 0.5 }, { type: 'integer' }).ok, false);
    assert.equal(isAssignable({ type: 'integer', minimum: 0.5 }, { type: 'integer', minimum: 2 }).ok, false);
    assert.equal(isAssignable({ prefixItems: [{ type: 'string' }, { type: 'string' }], items: false }, { maxItems: 1 }).ok, false);
    assert.equal(isAssignable({ type: 'integer', minimum: 0, maximum: 10 }, { anyOf: [{ type: 'integer', maximum: 4 }, { type: 'integer', minimum: 6 }] }).ok, false);
  });
  it('a number range split across branches is unproven, or an error with a counterexample', () => {
    const split = isAssignable({ type: 'number', minimum: 0, maximum: 10 }, { anyOf: [{ type: 'number', maximum: 5 }, { type: 'number', minimum: 5 }] });
    assert.deepEqual([split.ok, split.unproven.map((u) => u.keyword)], [true, ['anyOf']]);
    const gap = isAssignable({ type: 'number', minimum: 0, maximum: 10 }, { anyOf: [{ type: 'number', maximum: 4 }, { type: 'number', minimum: 6 }] });
    assert.equal(gap.ok, false);
    assert.match(gap.problems[0]?.message ?? '', /source allows 4\.5, which fits none/);
  });
});

describe('integer ranges beyond 2^53', () => {
  it('are checked without listing their values (1e20 + 1 is 1e20: a loop over them never ended)', () => {
    const r = isAssignable({ type: 'integer', minimum: 1e20, maximum: 1e20 }, { type: 'integer', minimum: 0 });
    assert.equal(r.ok, true);
    const far = isAssignable({ type: 'number', multipleOf: 1, minimum: 2 ** 53 - 2, maximum: 2 ** 53 + 8 }, { type: 'integer', maximum: 5 });
    assert.equal(far.ok, false);
  });
});

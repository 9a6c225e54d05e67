/** Defects 2 (each referenced part resolves against its own contract) and 5 (optional members of array literals). */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { typeOfMapping } from '../../../src/core/expr';
import { isAssignable } from '../../../src/core/schema';
import { compileValidator } from '../../../src/core/schema/validator';
import type { JsonSchema } from '../../../src/core/model/program';
import { codes } from '../schema/harness';

const In: JsonSchema = { type: 'object', required: ['p'], $defs: { Item: { type: 'string' } }, properties: { p: { $ref: '#/$defs/Item' }, coupon: { type: 'string' } } };
const S: JsonSchema = { type: 'object', required: ['q', 'a', 'b'], $defs: { Item: { type: 'integer' } }, properties: { q: { $ref: '#/$defs/Item' }, a: { type: 'integer' }, b: { $ref: '#/properties/a' } } };
const T: JsonSchema = { type: 'object', required: ['x', 'y'], properties: { x: { type: 'integer' }, y: { type: 'integer' } } };
const env = { input: In, steps: { one: S } };

describe('typeOfMapping: parts of different contracts', () => {
  it('resolve their references against their own contract, even with clashing $defs names', () => {
    const type = typeOfMapping({ x: '$input.p', y: '$steps.one.output.q' }, env);
    const r = isAssignable(type, T);
    assert.equal(r.ok, false);
    assert.deepEqual(r.problems.map((p) => p.path), ['x']);
    const fits = typeOfMapping({ x: '$steps.one.output.q', y: '$steps.one.output.q' }, env);
    assert.deepEqual(isAssignable(fits, T), { ok: true, problems: [], unproven: [], omitted: 0 });
    // The type means what the contracts say to a validator too.
    const v = compileValidator(type);
    assert.equal(v({ x: 'a', y: 1 }).ok, true);
    assert.equal(v({ x: 1, y: 1 }).ok, false);
  });
  it('keep pointers into their contract (#/properties/a) meaning that contract', () => {
    const type = typeOfMapping({ x: '$steps.one.output.b', y: '$steps.one.output.a' }, env);
    assert.deepEqual(isAssignable(type, T), { ok: true, problems: [], unproven: [], omitted: 0 });
    assert.equal(isAssignable(typeOfMapping({ s: '$steps.one.output.b' }, env), { type: 'object', properties: { s: { type: 'string' } } }).ok, false);
  });
  it('keep a bare whole-contract reference as the contract itself', () => {
    assert.equal(typeOfMapping('$steps.one.output', env), S);
  });
  it('are checked end to end: the clash is an error, not a run-time failure', () => {
    assert.deepEqual(codes(S, T, '{ x: $input.p, y: $steps.one.output.q }', In), ['handoff-mismatch']);
    assert.deepEqual(codes(S, T, '{ x: $steps.one.output.b, y: $steps.one.output.q }', In), []);
  });
});

describe('typeOfMapping: array literals', () => {
  it('type an optional member as possibly null (an absent value in an array is sent as null)', () => {
    const type = typeOfMapping({ list: ['$input.coupon', '$input.p'] }, env) as { properties: { list: { prefixItems: JsonSchema[] } } };
    assert.deepEqual(type.properties.list.prefixItems[0], { anyOf: [{ type: 'string' }, { type: 'null' }] });
    const target: JsonSchema = { type: 'object', required: ['list'], properties: { list: { type: 'array', items: { type: 'string' } } } };
    assert.equal(isAssignable(type, target).ok, false);
    assert.deepEqual(codes({ type: 'object' }, target, '{ list: [$input.coupon] }', In), ['handoff-mismatch']);
    assert.deepEqual(codes({ type: 'object' }, target, '{ list: [$input.p] }', In), []);
  });
});

describe('typeOfMapping: the parts a mapping reads are worked out once', () => {
  it('gives the same schema object for a part each time it is typed (a whole contract read 200 times was walked 200 times)', () => {
    const props: Record<string, unknown> = {};
    for (let i = 0; i < 50; i++) props[`p${i}`] = { type: 'string' };
    const plain = { type: 'object', properties: props, $defs: { Item: { type: 'string' } } };
    const withRefs = { type: 'object', properties: { a: { $ref: '#/$defs/Item' } }, $defs: { Item: { type: 'string' } } };
    for (const root of [plain, withRefs]) {
      const env = { input: root as JsonSchema, steps: {} };
      const one = typeOfMapping({ x: '$input' }, env) as { properties: Record<string, unknown> };
      const two = typeOfMapping({ y: '$input', z: '$input' }, env) as { properties: Record<string, unknown> };
      assert.equal(one.properties['x'], two.properties['y'], 'the same object: not made again');
      assert.equal(two.properties['y'], two.properties['z']);
    }
  });
});

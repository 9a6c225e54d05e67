/** Defect 3: objects with patternProperties, and allOf merging of patternProperties. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { isAssignable } from '../../../src/core/schema';
import { mergeAllOf } from '../../../src/core/schema/assignable/merge';
import type { JsonSchema } from '../../../src/core/model/program';
import { codes } from './harness';

const S: JsonSchema = { type: 'object', patternProperties: { '^x': { type: 'string' } } };

describe('patternProperties in handoffs', () => {
  it('a target closed with additionalProperties: false rejects an open source (a key like y)', () => {
    const r = isAssignable(S, { ...S, additionalProperties: false });
    assert.equal(r.ok, false);
    assert.match(r.problems[0]?.message ?? '', /target forbids them/);
    assert.deepEqual(codes(S, { ...S, additionalProperties: false }), ['handoff-mismatch']);
  });
  it('a target property the source does not declare is a problem', () => {
    const T = { ...S, properties: { b: { type: 'string' } } };
    const r = isAssignable(S, T);
    assert.equal(r.ok, false);
    assert.equal(r.problems[0]?.path, 'b');
    assert.deepEqual(codes(S, T), ['handoff-mismatch']);
  });
  it('the same patterns on both sides, both closed, fit', () => {
    const closed = { ...S, additionalProperties: false };
    const r = isAssignable(closed, closed);
    assert.deepEqual([r.ok, r.unproven], [true, []]);
    const other: JsonSchema = { ...closed, patternProperties: { '^x': { type: 'string', maxLength: 100 } } };
    assert.equal(isAssignable(closed, other).ok, false);
  });
  it('a source pattern key the target forbids is a problem; a source property matching a target pattern is checked against it', () => {
    const closed: JsonSchema = { ...S, additionalProperties: false };
    assert.equal(isAssignable(closed, { type: 'object', patternProperties: { '^xa': { type: 'string' } }, additionalProperties: false }).ok, false);
    const named: JsonSchema = { type: 'object', properties: { xb: { type: 'integer' } }, additionalProperties: false };
    const r = isAssignable(named, { ...S, additionalProperties: false });
    assert.equal(r.ok, false);
    assert.equal(r.problems[0]?.path, 'xb');
    assert.equal(isAssignable({ type: 'object', properties: { xb: { type: 'string' } }, required: ['xb'], additionalProperties: false }, { ...S, additionalProperties: false }).ok, true);
  });
  it('what cannot be proven or refuted is unproven, never silently accepted', () => {
    const r = isAssignable({ type: 'object', patternProperties: { '^[0-9]+$': { type: 'integer' } }, additionalProperties: false }, { type: 'object', patternProperties: { '^\\d+$': { type: 'integer' } }, additionalProperties: false });
    assert.equal(r.problems.length === 0 && r.unproven.length > 0, true, JSON.stringify(r));
    // A key both patterns match (such as "0") makes a real counterexample, though.
    const real = isAssignable({ type: 'object', patternProperties: { '^[0-9]+$': { type: 'integer' } }, additionalProperties: false }, { type: 'object', patternProperties: { '^\\d+$': { type: 'integer', minimum: 0 } } });
    assert.equal(real.ok, false);
  });
  it('allOf merging keeps the patternProperties of every conjunct', () => {
    const m = mergeAllOf({ allOf: [{ type: 'object', patternProperties: { '^a': { type: 'string' } } }, { patternProperties: { '^b': { type: 'integer' }, '^a': { maxLength: 3 } } }] }, true) as Record<string, unknown>;
    assert.deepEqual(m.patternProperties, { '^a': { allOf: [{ type: 'string' }, { maxLength: 3 }] }, '^b': { type: 'integer' } });
    const src: JsonSchema = { allOf: [{ type: 'object', additionalProperties: false, patternProperties: { '^a': { type: 'string' } } }, { patternProperties: { '^b': { type: 'integer' } } }] };
    assert.equal(isAssignable(src, { type: 'object', patternProperties: { '^b': { type: 'string' } } }).ok, false);
  });
});

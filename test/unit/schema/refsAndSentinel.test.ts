/** Defects 7 ($anchor references, unresolvable references) and 12 (the unknown-type sentinel). */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { isAssignable, strictProblems } from '../../../src/core/schema';
import { isUnknownType, unknownType, UNKNOWN_TYPE_KEY } from '../../../src/core/schema/assignable';
import { resolvePointer, schemaAtPath } from '../../../src/core/schema/navigate';
import { SchemaComposer } from '../../../src/core/schema/bundle';
import type { JsonSchema } from '../../../src/core/model/program';
import { codes } from './harness';

const anchored = (ref: string): JsonSchema => ({ type: 'object', required: ['a'], $defs: { S: { $anchor: 'str', type: 'string' } }, properties: { a: { $ref: ref } } });
const obj = (a: JsonSchema): JsonSchema => ({ type: 'object', required: ['a'], properties: { a } });

describe('$anchor references', () => {
  it('resolve to the subschema that declares the anchor', () => {
    assert.deepEqual(resolvePointer(anchored('#str'), '#str'), { $anchor: 'str', type: 'string' });
    assert.equal(resolvePointer(anchored('#str'), '#nope'), undefined);
    const at = schemaAtPath({ type: 'object', required: ['o'], properties: { o: { $ref: '#Obj' } }, $defs: { O: { $anchor: 'Obj', type: 'object', required: ['n'], properties: { n: { type: 'integer' } } } } }, ['o', 'n']);
    assert.deepEqual(at, { ok: true, schema: { type: 'integer' }, optional: false });
  });
  it('are checked on the target (a missed error before) and on the source (a false error before)', () => {
    const target = isAssignable(obj({ type: 'integer' }), anchored('#str'));
    assert.equal(target.ok, false);
    assert.match(target.problems[0]?.message ?? '', /integer, target only string/);
    const source = isAssignable(anchored('#str'), obj({ type: 'string' }));
    assert.deepEqual([source.ok, source.unproven], [true, []]);
    assert.deepEqual(codes(obj({ type: 'integer' }), anchored('#str')), ['handoff-mismatch']);
    assert.deepEqual(codes(anchored('#str'), obj({ type: 'string' })), []);
  });
  it('keep their meaning when a contract is embedded in a composed schema', () => {
    const c = new SchemaComposer();
    const composed = c.finish({ type: 'object', properties: { w: c.embed(anchored('#str'), 'W') } });
    const at = schemaAtPath(composed, ['w', 'a']);
    assert.ok(at.ok);
    assert.deepEqual(resolvePointer(composed, (at.schema as { $ref: string }).$ref), { $anchor: 'str', type: 'string' });
  });
  it('a reference that cannot be resolved is unproven on either side, not accepted or refuted', () => {
    const t = isAssignable(obj({ type: 'integer' }), obj({ $ref: '#nowhere' }));
    assert.equal(t.ok, true);
    assert.deepEqual(t.unproven, [{ path: 'a', keyword: '$ref' }]);
    const s = isAssignable(obj({ $ref: '#nowhere' }), obj({ type: 'string' }));
    assert.equal(s.ok, true);
    assert.deepEqual(s.unproven, [{ path: 'a', keyword: '$ref' }]);
    // The keywords beside an unresolvable target reference still count.
    assert.equal(isAssignable(obj({ type: 'integer' }), obj({ $ref: '#nowhere', type: 'string' })).ok, false);
  });
});

describe('the unknown-type sentinel', () => {
  it('cannot be forged by a user schema', () => {
    const forged = { type: 'integer', 'x-handoff-unknown': true };
    assert.equal(isUnknownType(forged), false);
    assert.equal(isAssignable(obj({ type: 'string' }), obj(forged)).ok, false);
    assert.equal(isAssignable(obj({ type: 'object', 'x-handoff-unknown': true }), obj({ type: 'string' })).ok, false);
    assert.ok(strictProblems({ type: 'string', 'x-handoff-unknown': true }).length > 0);
    assert.deepEqual(codes(obj({ type: 'string' }), obj(forged)), ['handoff-mismatch']);
  });
  it('still marks the internal unknown type, which fits anything and is fitted by anything', () => {
    assert.equal(typeof UNKNOWN_TYPE_KEY, 'symbol');
    assert.equal(isUnknownType(unknownType()), true);
    assert.equal(isAssignable(unknownType(), { type: 'string' }).ok, true);
    assert.equal(isAssignable({ type: 'string' }, unknownType()).ok, true);
    assert.deepEqual(strictProblems(unknownType()), []);
  });
});

/** Defect 6: a path through an object that may also be null (or another non-object) may be absent. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { schemaAtPath } from '../../../src/core/schema/navigate';
import type { JsonSchema } from '../../../src/core/model/program';
import { codes } from './harness';

const In: JsonSchema = { type: 'object', required: ['maybe', 'sure'], properties: { maybe: { type: ['object', 'null'], required: ['x'], properties: { x: { type: 'string' } } }, sure: { type: 'object', required: ['x'], properties: { x: { type: 'string' } } } } };
const T: JsonSchema = { type: 'object', required: ['x'], properties: { x: { type: 'string' } } };

describe('paths through objects whose type list allows null', () => {
  it('are optional', () => {
    assert.deepEqual(schemaAtPath(In, ['maybe', 'x']), { ok: true, schema: { type: 'string' }, optional: true });
    assert.deepEqual(schemaAtPath(In, ['sure', 'x']), { ok: true, schema: { type: 'string' }, optional: false });
    assert.equal((schemaAtPath({ allOf: [{ type: ['object', 'string'] }, { required: ['x'], properties: { x: {} } }] }, ['x']) as { optional: boolean }).optional, true);
  });
  it('do not fit a required target field', () => {
    assert.deepEqual(codes({ type: 'object' }, T, '{ x: $input.maybe.x }', In), ['handoff-mismatch']);
    assert.deepEqual(codes({ type: 'object' }, T, '{ x: $input.sure.x }', In), []);
  });
});

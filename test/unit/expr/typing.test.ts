import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { typeOfMapping, type TypeProblem } from '../../../src/core/expr';
import { isUnknownType } from '../../../src/core/schema/assignable';

const env = {
  input: { type: 'object', required: ['id'], properties: { id: { type: 'string' }, note: { type: 'string' } }, $defs: { X: { type: 'string' } } },
  steps: { triage: { type: 'object', properties: { category: { $ref: '#/$defs/Cat' } }, $defs: { Cat: { enum: ['a', 'b'] } } }, later: null },
};

describe('typeOfMapping', () => {
  it('gives $input the input schema', () => {
    assert.deepEqual(typeOfMapping('$input', env), env.input);
  });
  it('builds the object type of an object literal, optional members not required, contracts under $defs', () => {
    const t = typeOfMapping({ id: '$input.id', note: '$input.note', cat: '$steps.triage.output.category', k: 'lit' }, env) as Record<string, unknown>;
    assert.deepEqual(t.required, ['id', 'k']);
    assert.deepEqual((t.properties as Record<string, unknown>).k, { const: 'lit' });
    // The contract a referenced part comes from goes whole under $defs, its references rewritten to match.
    assert.deepEqual((t.properties as Record<string, unknown>).cat, { $ref: '#/$defs/step_triage/$defs/Cat' });
    assert.deepEqual(Object.keys(t.$defs as object), ['step_triage']);
  });
  it('reports unknown steps, unknown fields and malformed references with their paths', () => {
    const problems: TypeProblem[] = [];
    typeOfMapping({ a: '$steps.nope.output', b: ['$input.idd'], c: '$steps.x' }, env, problems);
    assert.deepEqual(problems.map((p) => [p.kind, p.path]), [
      ['unknown-step', ['a']],
      ['unknown-path', ['b', 0]],
      ['bad-reference', ['c']],
    ]);
    assert.deepEqual(problems[1]?.candidates, ['id', 'note']);
  });
  it('types steps of unknown output as unknown (fits anything, so errors do not cascade)', () => {
    assert.equal(isUnknownType(typeOfMapping('$steps.later.output.x.y', env)), true);
  });
});

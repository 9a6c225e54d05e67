import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import Ajv2020 from 'ajv/dist/2020';
import fc from 'fast-check';
import { interpretValidate } from '../../../src/core/schema/interpret';
import { compileValidator } from '../../../src/core/schema/validator';
import type { JsonSchema } from '../../../src/core/model/program';
import { ajvMisjudges, schemaArb, valueArb } from './arbitraries';

const ajv = new Ajv2020({ strict: false });

describe('interpretValidate', () => {
  it('agrees with ajv on random schemas and values', () => {
    let compared = 0;
    fc.assert(
      fc.property(schemaArb, schemaArb, fc.integer(), (s, other, seed) => {
        const validate = ajv.compile(s);
        const values = [...fc.sample(valueArb(s), { numRuns: 5, seed }), ...fc.sample(valueArb(other), { numRuns: 5, seed })];
        for (const raw of values) {
          if (raw === undefined) continue;
          const v: unknown = JSON.parse(JSON.stringify(raw));
          if (ajvMisjudges(v)) continue;
          const mine = interpretValidate(v, s);
          if (mine === undefined) continue;
          compared++;
          assert.equal(mine.length === 0, validate(v), `${JSON.stringify(v)} against ${JSON.stringify(s)}: ${JSON.stringify(mine)}`);
        }
      }),
      { numRuns: 1500 },
    );
    assert.ok(compared > 5000, `only ${compared} comparisons`);
  });
  it('judges duplicates by JSON value, also where ajv does not, and so does the compiled validator', () => {
    const objects = { type: 'array', items: { type: 'object' }, uniqueItems: true };
    const strings = { type: 'array', items: { type: 'string' }, uniqueItems: true };
    const cases: [unknown, JsonSchema, boolean][] = [
      // seed 1373: ajv throws "a.valueOf is not a function" on this one
      [[{ c: { x: 1 } }, { c: { valueOf: false } }], objects, true],
      [[{ toString: 1 }, { toString: 1 }], objects, false],
      [[{ toString: 1 }, { toString: 2 }], objects, true],
      [[{ constructor: {} }, { constructor: {} }], objects, false],
      // seed 1138: ajv answers valid
      [['__proto__', '__proto__'], strings, false],
      [['__proto__', 'constructor', 'toString'], strings, true],
    ];
    for (const [value, schema, valid] of cases) {
      assert.equal(interpretValidate(value, schema)?.length === 0, valid, JSON.stringify(value));
      // What the engine checks a model's output with: never a throw, the same answer.
      const r = compileValidator(schema)(value);
      assert.equal(r.ok, valid, `${JSON.stringify(value)}: ${JSON.stringify(r.errors)}`);
      if (!valid) assert.match(r.errors[0]?.message ?? '', /duplicate/);
    }
    assert.throws(() => ajv.compile(objects)([{ c: { x: 1 } }, { c: { valueOf: false } }]), /valueOf is not a function/);
  });

  it('reports pointers and says when it cannot decide', () => {
    const s = { type: 'object', required: ['a'], additionalProperties: false, properties: { a: { enum: ['x'] } } };
    assert.deepEqual(interpretValidate({ a: 'y', b: 1 }, s)?.map((e) => e.path), ['/a', '/b']);
    assert.equal(interpretValidate('a', { type: 'string', format: 'email' }), undefined);
    assert.equal(interpretValidate({}, { $ref: '#/$defs/X', $defs: { X: { required: ['q'] } } })?.[0]?.path, '/q');
  });
});

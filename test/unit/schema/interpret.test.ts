import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import Ajv2020 from 'ajv/dist/2020';
import fc from 'fast-check';
import { interpretValidate } from '../../../src/core/schema/interpret';
import { schemaArb, valueArb } from './arbitraries';

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
  it('reports pointers and says when it cannot decide', () => {
    const s = { type: 'object', required: ['a'], additionalProperties: false, properties: { a: { enum: ['x'] } } };
    assert.deepEqual(interpretValidate({ a: 'y', b: 1 }, s)?.map((e) => e.path), ['/a', '/b']);
    assert.equal(interpretValidate('a', { type: 'string', format: 'email' }), undefined);
    assert.equal(interpretValidate({}, { $ref: '#/$defs/X', $defs: { X: { required: ['q'] } } })?.[0]?.path, '/q');
  });
});

import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { isAssignable } from '../../../src/core/schema';
import type { JsonSchema } from '../../../src/core/model/program';

const obj = (properties: Record<string, JsonSchema>, required: string[] = Object.keys(properties), extra?: boolean): JsonSchema => ({
  type: 'object',
  properties,
  required,
  ...(extra === false ? { additionalProperties: false } : {}),
});

// [name, source, target, expected ok, message pattern of the first problem]
const table: [string, JsonSchema, JsonSchema, boolean, RegExp?][] = [
  ['integer fits number', { type: 'integer' }, { type: 'number' }, true],
  ['number does not fit integer', { type: 'number' }, { type: 'integer' }, false, /source allows number, target only integer/],
  ['type arrays split', { type: ['string', 'null'] }, { type: ['null', 'string', 'number'] }, true],
  ['wider type array fails', { type: ['string', 'null'] }, { type: 'string' }, false, /null/],
  ['enum subset', { enum: ['pay', 'deny'] }, { enum: ['pay', 'deny', 'escalate'] }, true],
  ['enum wider', obj({ verdict: { enum: ['pay', 'deny', 'escalate'] } }), obj({ verdict: { enum: ['pay', 'deny'] } }), false, /source allows "escalate", target only pay \| deny/],
  ['const fits type', { const: 3 }, { type: 'integer', minimum: 3 }, true],
  ['string does not fit enum', { type: 'string' }, { enum: ['a'] }, false, /any string, target only a/],
  ['inclusive bounds', { type: 'integer', minimum: 1, maximum: 5 }, { type: 'integer', minimum: 0, maximum: 5 }, true],
  ['bounds wider', { type: 'integer', minimum: 0 }, { type: 'integer', minimum: 1 }, false, />= 0.*>= 1/],
  ['exclusive vs inclusive on numbers', { type: 'number', minimum: 0 }, { type: 'number', exclusiveMinimum: 0 }, false],
  ['exclusive integer bound normalised', { type: 'integer', exclusiveMinimum: 0 }, { type: 'integer', minimum: 1 }, true],
  ['missing bound', { type: 'number' }, { type: 'number', maximum: 10 }, false],
  ['multipleOf', { type: 'integer', multipleOf: 4 }, { type: 'integer', multipleOf: 2 }, true],
  ['string length', { type: 'string', maxLength: 10 }, { type: 'string', maxLength: 4000 }, true],
  ['string length wider', { type: 'string' }, { type: 'string', maxLength: 10 }, false],
  ['pattern equal', { type: 'string', pattern: '^a' }, { type: 'string', pattern: '^a' }, true],
  ['pattern absent on source', { type: 'string' }, { type: 'string', pattern: '^a' }, false],
  ['format equal', { type: 'string', format: 'email' }, { type: 'string', format: 'email' }, true],
  ['format missing', { type: 'string' }, { type: 'string', format: 'email' }, false, /format email/],
  ['required missing', obj({ a: { type: 'string' } }), obj({ a: { type: 'string' }, b: { type: 'string' } }), false, /requires 'b'/],
  ['optional target field of an open source is unknown', obj({ a: { type: 'string' } }), obj({ a: { type: 'string' }, b: { type: 'string' } }, ['a']), false, /does not declare this field but allows extra fields/],
  ['optional target field of a closed source', obj({ a: { type: 'string' } }, ['a'], false), obj({ a: { type: 'string' }, b: { type: 'string' } }, ['a']), true],
  ['extra field forbidden', obj({ a: { type: 'string' }, x: { type: 'number' } }, ['a'], false), obj({ a: { type: 'string' } }, ['a'], false), false, /forbids extra/],
  ['open source into closed target', obj({ a: { type: 'string' } }), obj({ a: { type: 'string' } }, ['a'], false), false, /extra fields/],
  ['array items', { type: 'array', items: { type: 'integer' } }, { type: 'array', items: { type: 'number' } }, true],
  ['array items wider', { type: 'array', items: { type: 'number' } }, { type: 'array', items: { type: 'integer' } }, false, /target only integer/],
  ['prefixItems', { type: 'array', prefixItems: [{ const: 'a' }, { type: 'integer' }], items: false }, { type: 'array', items: { type: ['string', 'integer'] } }, true],
  ['minItems', { type: 'array', minItems: 1 }, { type: 'array', minItems: 2 }, false],
  ['uniqueItems', { type: 'array', items: { type: 'string' } }, { type: 'array', items: { type: 'string' }, uniqueItems: true }, false, /unique/],
  ['anyOf source: every branch fits', { anyOf: [{ type: 'string' }, { type: 'integer' }] }, { type: ['string', 'number'] }, true],
  ['anyOf source: one branch does not', { anyOf: [{ type: 'string' }, { type: 'boolean' }] }, { type: 'string' }, false],
  ['nullable union target', { type: 'string' }, { anyOf: [{ type: 'string' }, { type: 'null' }] }, true],
  ['oneOf target with disjoint branches', { type: 'string' }, { oneOf: [{ type: 'string' }, { type: 'integer' }] }, true],
  ['oneOf target overlapping branches', { type: 'string', maxLength: 2 }, { oneOf: [{ type: 'string' }, { type: 'string', maxLength: 3 }] }, false, /more than one oneOf/],
  ['allOf target', { type: 'integer', minimum: 2 }, { allOf: [{ type: 'number' }, { minimum: 1 }] }, true],
  ['allOf source merged', { allOf: [obj({ a: { type: 'string' } }), obj({ b: { type: 'integer' } })] }, obj({ a: { type: 'string' }, b: { type: 'number' } }), true],
  ['local $ref on both sides', { $defs: { S: { type: 'integer' } }, $ref: '#/$defs/S' }, { $defs: { T: { type: 'number' } }, $ref: '#/$defs/T' }, true],
  ['recursive $ref', { $defs: { L: { type: 'object', properties: { next: { $ref: '#/$defs/L' } } } }, $ref: '#/$defs/L' }, { $defs: { L: { type: 'object', properties: { next: { $ref: '#/$defs/L' } } } }, $ref: '#/$defs/L' }, true],
  ['anything into true', true, { }, true],
  ['false into anything', false, { type: 'string' }, true],
  ['any value into string', true, { type: 'string' }, false, /any value/],
];

describe('isAssignable', () => {
  for (const [name, s, t, ok, pattern] of table) {
    it(name, () => {
      const r = isAssignable(s, t);
      assert.equal(r.ok, ok, JSON.stringify(r.problems));
      if (pattern) assert.match(r.problems[0]?.message ?? '', pattern);
    });
  }
  it('names the JSON path', () => {
    const r = isAssignable(obj({ ticket: obj({ verdict: { enum: ['pay', 'escalate'] } }) }), obj({ ticket: obj({ verdict: { enum: ['pay', 'deny'] } }) }));
    assert.equal(r.problems[0]?.path, 'ticket.verdict');
  });
  it('says unproven, not wrong, for keywords it does not model', () => {
    const r = isAssignable({ type: 'object' }, { type: 'object', if: { required: ['a'] }, then: { required: ['b'] } });
    assert.equal(r.ok, true);
    assert.deepEqual(r.unproven.map((u) => u.keyword).sort(), ['if', 'then']);
  });
  it('can take undeclared fields of an open source as absent (for version evolution)', () => {
    const s = obj({ a: { type: 'string' } });
    const t = obj({ a: { type: 'string' }, b: { type: 'string' } }, ['a']);
    assert.equal(isAssignable(s, t, { undeclaredAbsent: true }).ok, true);
    assert.equal(isAssignable(s, t).ok, false);
  });
  it('carries the missing required fields for quick fixes', () => {
    const r = isAssignable(obj({}), obj({ a: { type: 'string' }, b: { type: 'string' } }));
    assert.deepEqual(r.problems[0]?.missing, ['a', 'b']);
  });

  it('checks a pair of shared $refs once: a contract that refers to the next twice, forty deep, is answered with every path counted', () => {
    // C0 has a and b, both C1; C1 has a and b, both C2; … C40 is a string (source) or an integer (target):
    // 2^40 leaves, each a problem. Compared path by path this would not end; pair by pair it is 41 comparisons.
    const chain = (leaf: JsonSchema): JsonSchema => {
      const defs: Record<string, JsonSchema> = { C40: leaf };
      for (let i = 0; i < 40; i++) defs[`C${i}`] = { type: 'object', required: ['a', 'b'], properties: { a: { $ref: `#/$defs/C${i + 1}` }, b: { $ref: `#/$defs/C${i + 1}` } } };
      return { $defs: defs, $ref: '#/$defs/C0' };
    };
    const r = isAssignable(chain({ type: 'string' }), chain({ type: 'integer' }));
    assert.equal(r.ok, false);
    assert.equal(r.problems.length + r.omitted, 2 ** 40);
    assert.equal(r.problems.length, 1000);
    assert.equal(r.problems[0]!.path, Array(40).fill('a').join('.'));
    assert.equal(r.problems[1]!.path, [...Array(39).fill('a'), 'b'].join('.'));
    assert.equal(r.problems[0]!.message, 'source allows string, target only integer');
    assert.equal(isAssignable(chain({ type: 'integer' }), chain({ type: 'number' })).ok, true);
  });

  it('keeps the paths of a shared pair right wherever it is met again', () => {
    const leaf = (t: string): JsonSchema => ({ type: 'object', required: ['v'], properties: { v: { type: t } } });
    const src = { $defs: { L: leaf('string') }, type: 'object', properties: { x: { $ref: '#/$defs/L' }, list: { type: 'array', items: { $ref: '#/$defs/L' } } } } as JsonSchema;
    const tgt = { $defs: { L: leaf('integer') }, type: 'object', properties: { x: { $ref: '#/$defs/L' }, list: { type: 'array', items: { $ref: '#/$defs/L' } } } } as JsonSchema;
    const r = isAssignable(src, tgt);
    assert.deepEqual(r.problems.map((p) => p.path), ['x.v', 'list[].v']);
  });
});

/** Defect 9: a contract's own $defs entry and a referenced contract of the same name both survive bundling. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { bundleSchema } from '../../../src/core/schema/bundle';
import { isAssignable } from '../../../src/core/schema';
import { resolvePointer } from '../../../src/core/schema/navigate';
import type { JsonSchema } from '../../../src/core/model/program';
import { programFrom } from '../../support/program';

const Customer: JsonSchema = { type: 'object', required: ['id'], properties: { id: { type: 'integer' }, next: { $ref: '#/contracts/Customer' } } };
const B: JsonSchema = { type: 'object', required: ['c', 'd'], $defs: { Customer: { type: 'string' } }, properties: { c: { $ref: '#/contracts/Customer' }, d: { $ref: '#/$defs/Customer' } } };
const lookup = (name: string) => (name === 'Customer' ? { key: 'Customer', schema: Customer } : undefined);

describe('bundleSchema with a $defs name that a contract also has', () => {
  it('keeps the own definition and renames the bundled contract, references included', () => {
    const cache = new Map();
    const b = bundleSchema(B, lookup, cache) as { properties: Record<string, { $ref: string }>; $defs: Record<string, unknown> };
    assert.deepEqual(b.$defs.Customer, { type: 'string' });
    assert.equal(b.properties.d?.$ref, '#/$defs/Customer');
    const c = resolvePointer(b, b.properties.c?.$ref ?? '') as { properties: { next: { $ref: string } } };
    assert.deepEqual(c.properties.next.$ref, b.properties.c?.$ref);
    assert.equal(isAssignable(b, { type: 'object', required: ['c', 'd'], properties: { c: { type: 'object', required: ['id'] }, d: { type: 'string' } } }).ok, true);
    assert.equal(isAssignable(b, { type: 'object', properties: { d: { type: 'integer' } } }).ok, false);
    // The shared cache keeps the contract's entry under its own key for other bundles.
    const plain = bundleSchema({ type: 'object', properties: { c: { $ref: '#/contracts/Customer' } } }, lookup, cache) as { $defs: Record<string, unknown> };
    assert.deepEqual(Object.keys(plain.$defs), ['Customer']);
    assert.equal((plain.$defs.Customer as { properties: { next: { $ref: string } } }).properties.next.$ref, '#/$defs/Customer');
  });
  it('end to end: both meanings of Customer are checked', () => {
    const yaml = `handoff: 1
contracts:
  In: { version: 1, schema: { type: object } }
  Customer: { version: 1, schema: { type: object, required: [id], properties: { id: { type: integer } } } }
  B: { version: 1, schema: { type: object, required: [c, d], $defs: { Customer: { type: string } }, properties: { c: { $ref: "#/contracts/Customer" }, d: { $ref: "#/$defs/Customer" } } } }
  T: { version: 1, schema: { type: object, required: [c, d], properties: { c: { type: object, required: [id], properties: { id: { type: integer } } }, d: { type: string } } } }
agents:
  a: { input: In, output: B, instructions: x }
  b: { input: T, output: In, instructions: x }
workflows:
  w:
    input: In
    output: In
    steps:
      one: { agent: a, input: $input }
      two: { agent: b, input: $steps.one.output }
    result: $steps.two.output
`;
    const errors = programFrom({ '/virtual/bundle.agents.yaml': yaml }).diagnostics.filter((d) => d.severity === 'error');
    assert.deepEqual(errors.map((d) => d.message), []);
  });
});

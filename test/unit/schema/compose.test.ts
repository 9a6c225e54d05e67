import assert from 'node:assert/strict';
import { test } from 'node:test';
import { plannerOutputSchema, supervisorOutputSchema } from '../../../src/core/model/engineContracts';
import { SchemaComposer } from '../../../src/core/schema/bundle';
import { compileValidator } from '../../../src/core/schema/validator';

const withItem = (item: object) => ({ type: 'object', required: ['item'], additionalProperties: false, properties: { item: { $ref: '#/$defs/Item' } }, $defs: { Item: item } });
const tree = { type: 'object', required: ['name'], properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#' } } } };

test('two contracts that define the same $defs name differently keep their own meaning in a router schema', () => {
  const route = compileValidator(supervisorOutputSchema([{ name: 'wa', input: withItem({ type: 'string' }) }, { name: 'wb', input: withItem({ type: 'integer' }) }], { type: 'object' }));
  assert.equal(route({ next: 'wb', input: { item: 5 }, result: null }).ok, true, 'wb takes an integer item');
  assert.equal(route({ next: 'wa', input: { item: 'x' }, result: null }).ok, true, 'wa takes a string item');
  assert.equal(route({ next: 'wa', input: { item: true }, result: null }).ok, false, 'neither takes a boolean');
  const plan = compileValidator(plannerOutputSchema([{ name: 'wa', input: withItem({ type: 'string' }) }, { name: 'wb', input: withItem({ type: 'integer' }) }]));
  assert.equal(plan({ steps: [{ worker: 'wb', input: { item: 5 } }, { worker: 'wa', input: { item: 'x' } }] }).ok, true);
});

test('a recursive contract (a $ref to its own root) is moved to $defs and still recurses into itself', () => {
  const schema = supervisorOutputSchema([{ name: 'w', input: tree }], { type: 'string' });
  const v = compileValidator(schema);
  assert.equal(v({ next: 'w', input: { name: 'a', children: [{ name: 'b', children: [] }] }, result: null }).ok, true);
  assert.equal(v({ next: 'w', input: { name: 'a', children: [{ children: [] }] }, result: null }).ok, false, 'a child without name breaks the tree, not the router');
  assert.equal(v({ next: 'FINISH', input: null, result: 'done' }).ok, true);
  assert.equal(v({ next: 'FINISH', input: null, result: 3 }).ok, false, 'the result keeps its own contract');
});

test('the composer shares a contract embedded twice, picks free names, and leaves data that looks like a $ref alone', () => {
  const c = new SchemaComposer();
  const a = c.embed(withItem({ type: 'string' }), 'a_input');
  const again = c.embed(withItem({ type: 'string' }), 'b_input');
  const other = c.embed(withItem({ type: 'integer' }), 'c_input');
  const data = c.embed({ const: { $ref: '#' }, $defs: { Item: { type: 'null' } } }, 'd_input');
  const root = c.finish({ anyOf: [a, again, other, data] });
  assert.deepEqual(again, a);
  assert.deepEqual(Object.keys((root as { $defs: object }).$defs), ['Item', 'Item_2', 'Item_3']);
  assert.deepEqual((other as { properties: { item: unknown } }).properties.item, { $ref: '#/$defs/Item_2' });
  assert.deepEqual(data, { const: { $ref: '#' } });
  const v = compileValidator(root);
  assert.equal(v({ item: 4 }).ok, true);
  assert.equal(v({ $ref: '#' }).ok, true);
});

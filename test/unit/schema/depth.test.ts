import { strict as assert } from 'node:assert';
import { it } from 'node:test';
import { nestsDeeperThan } from '../../../src/core/schema/depth';

it('counts levels of arrays and objects, without recursion', () => {
  assert.equal(nestsDeeperThan('x', 0), false);
  assert.equal(nestsDeeperThan({}, 0), true);
  assert.equal(nestsDeeperThan({ a: [1, { b: 2 }] }, 3), false);
  assert.equal(nestsDeeperThan({ a: [1, { b: {} }] }, 3), true);
  let v: unknown = 1;
  for (let i = 0; i < 100_000; i++) v = [v];
  assert.equal(nestsDeeperThan(v), true);
  assert.equal(nestsDeeperThan(v, 100_000), false);
});

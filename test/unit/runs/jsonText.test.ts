import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractJsonText, jsonInstruction, lmSelectors } from '../../../src/core/runs/jsonText';

test('JSON is taken from a bare reply, a fenced block, or the outermost braces', () => {
  assert.equal(extractJsonText(' {"a":1} '), '{"a":1}');
  assert.equal(extractJsonText('Sure!\n```json\n{"a": [1, 2]}\n```\nAnything else?'), '{"a": [1, 2]}');
  assert.equal(extractJsonText('Here: {"a": {"b": 2}} done'), '{"a": {"b": 2}}');
  assert.equal(extractJsonText('list: [1,2,3].'), '[1,2,3]');
  assert.equal(extractJsonText('no json here'), 'no json here', 'left as it is for the engine to reject');
});

test('the instruction carries the contract schema', () => {
  const text = jsonInstruction({ name: 'Triage', schema: { type: 'object', required: ['category'] } });
  assert.match(text, /contract Triage/);
  assert.match(text, /"required":\["category"\]/);
  assert.doesNotMatch(jsonInstruction(undefined), /Schema/);
});

test('model names become Language Model API selectors', () => {
  assert.deepEqual(lmSelectors('copilot/gpt-4o'), [{ vendor: 'copilot', family: 'gpt-4o' }, { vendor: 'copilot', id: 'gpt-4o' }]);
  assert.deepEqual(lmSelectors('gpt-4o'), [{ id: 'gpt-4o' }, { family: 'gpt-4o' }]);
  assert.deepEqual(lmSelectors('default'), [{}]);
});

/**
 * Finding a map's key: through an index built once per map (diagnostics and definitions look
 * keys up one by one; searching the map each time was quadratic in its size), with the answers
 * a search gave.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { isMap, parseDocument, type Document } from 'yaml';
import { nodeAtPath, rangeAtPath } from '../../../src/core/parse';

const parse = (text: string): Document => parseDocument(text, { uniqueKeys: false });

describe('keys of a map', () => {
  it('a key written twice is found where it is first written', () => {
    const text = 'a:\n  x: 1\n  y: 2\n  x: 3\n';
    const r = rangeAtPath(parse(text), ['a', 'x']);
    assert.equal(r.start, text.indexOf('1'));
  });

  it('keys are matched by their text: a number key by its digits, a collection key never', () => {
    const text = '1: one\n? [k]\n: list\nk: plain\n';
    const doc = parse(text);
    assert.equal(rangeAtPath(doc, ['1']).start, text.indexOf('one'));
    assert.equal(rangeAtPath(doc, ['k']).start, text.indexOf('plain'));
    assert.equal(nodeAtPath(doc, ['nope']).depth, 0);
  });

  it('each map keeps its own keys, in every document', () => {
    const one = parse('a: { x: 1 }\nb: { x: 2 }\n');
    const two = parse('a: { x: 3 }\n');
    assert.equal(String(nodeAtPath(one, ['a', 'x']).node), '1');
    assert.equal(String(nodeAtPath(one, ['b', 'x']).node), '2');
    assert.equal(String(nodeAtPath(two, ['a', 'x']).node), '3');
    assert.equal(String(nodeAtPath(one, ['a', 'x']).node), '1');
  });

  it('looking up every key of a map reads its items about once, not once per key', () => {
    const n = 300;
    const doc = parse(`m:\n${Array.from({ length: n }, (_, i) => `  k${i}: ${i}`).join('\n')}\n`);
    const m = nodeAtPath(doc, ['m']).node;
    assert.ok(isMap(m));
    let reads = 0;
    m.items = new Proxy(m.items, {
      get(target, prop, receiver) {
        if (typeof prop === 'string' && /^\d+$/.test(prop)) reads++;
        return Reflect.get(target, prop, receiver) as unknown;
      },
    });
    for (let i = n - 1; i >= 0; i--) assert.equal(String(nodeAtPath(doc, ['m', `k${i}`]).node), String(i));
    assert.ok(reads <= 2 * n, `${reads} reads of ${n} items`);
  });
});

import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseReference, referencesIn, resolveMapping } from '../../../src/core/expr';

describe('parseReference', () => {
  it('parses $input and deeper input paths', () => {
    assert.deepEqual(parseReference('$input'), { root: 'input', path: [] });
    assert.deepEqual(parseReference('$input.ticket.id'), { root: 'input', path: ['ticket', 'id'] });
  });
  it('parses step outputs with paths', () => {
    assert.deepEqual(parseReference('$steps.triage.output'), { root: 'steps', step: 'triage', path: [] });
    assert.deepEqual(parseReference('$steps.triage.output.items.0'), { root: 'steps', step: 'triage', path: ['items', '0'] });
  });
  it('rejects malformed references and the $$ escape', () => {
    for (const t of ['$steps.triage', '$steps.x.result', '$inputs', '$input..a', '$$input', 'input', '$', '$steps.1.output']) {
      assert.equal(parseReference(t), null, t);
    }
  });
});

describe('resolveMapping', () => {
  const scope = { input: { id: 'T1', body: 'hi' }, steps: { triage: { output: { category: 'billing', tags: ['a', 'b'] } } } };
  it('walks object and array literals and resolves references', () => {
    const v = resolveMapping({ ticket: '$input', cat: '$steps.triage.output.category', list: ['$input.id', 3, '$steps.triage.output.tags.1'] }, scope);
    assert.deepEqual(v, { ticket: { id: 'T1', body: 'hi' }, cat: 'billing', list: ['T1', 3, 'b'] });
  });
  it('unescapes $$ and leaves other strings alone', () => {
    assert.deepEqual(resolveMapping({ price: '$$5', note: 'plain' }, scope), { price: '$5', note: 'plain' });
  });
  it('yields undefined for steps that did not run and drops such members', () => {
    assert.equal(resolveMapping('$steps.other.output', scope), undefined);
    assert.deepEqual(resolveMapping({ a: '$steps.other.output.x', b: 1 }, scope), { b: 1 });
  });
  it('throws on a malformed reference', () => {
    assert.throws(() => resolveMapping('$steps.triage', scope), /not a reference/);
  });
  it('never reads inherited properties', () => {
    assert.equal(resolveMapping('$input.constructor', scope), undefined);
  });
});

describe('referencesIn', () => {
  it('lists every reference with its path inside the mapping', () => {
    const refs = referencesIn({ a: '$input', b: ['x', '$steps.s.output.y'], c: '$$lit', d: '$bad' });
    assert.deepEqual(refs.map((r) => [r.text, r.path, r.ref === null]), [
      ['$input', ['a'], false],
      ['$steps.s.output.y', ['b', 1], false],
      ['$bad', ['d'], true],
    ]);
  });
});

import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { programFrom } from '../../support/program';

const contract = (schema: string) => `handoff: 1
contracts:
  C:
    version: 1
    schema: ${schema}
`;

function warnings(schema: string) {
  return programFrom({ '/w/c.agents.yaml': contract(schema) }).diagnostics.filter((d) => d.code === 'unknown-keyword' || d.code === 'unknown-format');
}

describe('keywords and formats a validator would ignore', () => {
  it('warns on a misspelt keyword at the key, names the nearest keyword, and offers it as the fix', () => {
    const [d, ...rest] = warnings('{ type: object, requird: [id], properties: { id: { type: string } } }');
    assert.equal(rest.length, 0);
    assert.equal(d?.severity, 'warning');
    assert.equal(d?.message, "contract 'C': 'requird' is not a JSON Schema keyword, so it checks nothing; did you mean 'required'?");
    assert.deepEqual(d?.data, { suggestion: 'required' });
    assert.equal(d?.range.start.line, 5);
    assert.equal(d?.range.start.column, 29);
    assert.equal(d?.range.end.column, 36, 'the key, not its value');
  });

  it('warns on an unknown format with the nearest known one; known formats, x- annotations and data in const or enum pass', () => {
    const ds = warnings('{ type: object, x-note: hi, properties: { a: { type: string, format: emial }, b: { type: string, format: uuid }, c: { const: { requird: 1 } }, d: { enum: [{ maxLenght: 2 }] } } }');
    assert.deepEqual(ds.map((d) => d.message), ["contract 'C': format 'emial' is not one the validator knows, so it checks nothing; did you mean 'email'?"]);
  });

  it('looks inside every place a schema may be: items, $defs, anyOf, not, if/then, additionalProperties', () => {
    const ds = warnings('{ $defs: { D: { minimun: 1 } }, type: array, items: { anyOf: [{ type: string, minLenght: 1 }, { not: { tpye: number } }] }, if: { descripton: x }, then: { additionalProperties: { maxItem: 2 } } }');
    assert.deepEqual(ds.map((d) => d.message.replace(/^contract 'C': '(\w+)'.*$/, '$1')).sort(), ['descripton', 'maxItem', 'minLenght', 'minimun', 'tpye']);
  });
});

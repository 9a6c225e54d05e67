import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { bundleSchema, compileValidator, contractRefsIn, metaValidate, strictProblems, typeToString } from '../../../src/core/schema';

describe('metaValidate', () => {
  it('accepts valid draft 2020-12 schemas and rejects bad ones with a pointer', () => {
    assert.deepEqual(metaValidate({ type: 'object', properties: { a: { type: 'string' } } }), []);
    const [p] = metaValidate({ type: 'object', properties: { a: { type: 'strin' } } });
    assert.equal(p?.path, '/properties/a/type');
    assert.match(p?.message ?? '', /one of/);
    assert.equal(metaValidate([1]).length, 1);
  });
});

describe('bundleSchema', () => {
  it('copies referenced contracts under $defs, transitively, rewriting local refs', () => {
    const contracts: Record<string, unknown> = {
      A: { type: 'object', properties: { b: { $ref: '#/contracts/B@2' } } },
      'B@2': { $defs: { X: { type: 'string' } }, type: 'object', properties: { x: { $ref: '#/$defs/X' } } },
    };
    const lookup = (name: string, version?: number) => {
      const key = version === undefined ? name : `${name}@${version}`;
      return key in contracts ? { key, schema: contracts[key] as Record<string, unknown> } : undefined;
    };
    const root = { type: 'object', properties: { a: { $ref: '#/contracts/A' } } };
    const b = bundleSchema(root, lookup) as Record<string, Record<string, Record<string, unknown>>>;
    assert.equal(b.properties?.a?.$ref, '#/$defs/A');
    assert.deepEqual(Object.keys(b.$defs ?? {}), ['A', 'B@2']);
    assert.equal(JSON.stringify(b.$defs?.['B@2']).includes('#/$defs/B@2/$defs/X'), true);
    assert.equal(compileValidator(b)({ a: { b: { x: 'ok' } } }).ok, true);
    assert.equal(compileValidator(b)({ a: { b: { x: 1 } } }).ok, false);
    assert.equal(contractRefsIn(root).length, 1);
  });

  it('gives the same bundles with a shared cache, each referenced contract rewritten once', () => {
    const contracts: Record<string, Record<string, unknown>> = {};
    for (let i = 0; i < 6; i++) contracts[`C${i}`] = { type: 'object', properties: { next: { $ref: `#/contracts/C${i + 1}` }, also: { $ref: `#/contracts/C${Math.min(i + 2, 6)}` } } };
    contracts.C6 = { $defs: { S: { type: 'string' } }, $ref: '#/$defs/S' };
    let looked = 0;
    const lookup = (name: string) => (looked++, name in contracts ? { key: name, schema: contracts[name]! } : undefined);
    const cache = new Map();
    const shared = Object.keys(contracts).map((k) => bundleSchema(contracts[k]!, lookup, cache));
    const sharedLookups = looked;
    looked = 0;
    const alone = Object.keys(contracts).map((k) => bundleSchema(contracts[k]!, lookup));
    assert.deepEqual(shared, alone);
    assert.ok(sharedLookups < looked, `${sharedLookups} lookups shared, ${looked} alone`);
    assert.equal(compileValidator(shared[0]!)({ next: { next: { next: { next: { next: { next: 'end' } } } } } }).ok, true);
    assert.equal(compileValidator(shared[0]!)({ next: { next: { next: { next: { next: { next: 1 } } } } } }).ok, false);
  });
});

describe('compileValidator', () => {
  it('reports JSON pointers and readable messages', () => {
    const v = compileValidator({ type: 'object', required: ['a'], additionalProperties: false, properties: { a: { enum: ['x', 'y'] } } });
    assert.deepEqual(v({ a: 'x' }), { ok: true, errors: [] });
    const r = v({ a: 'z', b: 1 });
    assert.deepEqual(r.errors.map((e) => e.path).sort(), ['/a', '/b']);
    assert.match(v({}).errors[0]?.message ?? '', /required/);
  });
  it('compiles a schema that refers to its own root, and drops the author\'s $id (two contracts may not share one)', () => {
    const tree = { $id: 'https://example.com/tree', type: 'object', required: ['name'], properties: { name: { type: 'string' }, kids: { type: 'array', items: { $ref: '#' } } } };
    const v = compileValidator(tree);
    assert.equal(v({ name: 'a', kids: [{ name: 'b', kids: [] }] }).ok, true);
    assert.deepEqual(v({ name: 'a', kids: [{ name: 'b', kids: [{ name: 1 }] }] }).errors.map((e) => e.path), ['/kids/0/kids/0/name']);
    const other = compileValidator({ ...tree, properties: { name: { type: 'integer' } } });
    assert.equal(other({ name: 1 }).ok, true, 'the same $id in another schema is no clash');
  });
  it('is cached by schema identity', () => {
    const s = { type: 'string' };
    assert.equal(compileValidator(s), compileValidator(s));
  });
});

describe('strictProblems and typeToString', () => {
  it('accepts a strict schema and lists what is not', () => {
    assert.deepEqual(strictProblems({ type: 'object', additionalProperties: false, required: ['a'], properties: { a: { type: 'string' } } }), []);
    const msgs = strictProblems({ type: 'object', properties: { a: { type: 'string', minLength: 1 } } }).map((p) => p.message);
    assert.ok(msgs.some((m) => /additionalProperties/.test(m)));
    assert.ok(msgs.some((m) => /optional: a/.test(m)));
    assert.ok(msgs.some((m) => /minLength/.test(m)));
  });
  it('enforces nesting and enum limits', () => {
    let deep: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 12; i++) deep = { type: 'object', additionalProperties: false, required: ['x'], properties: { x: deep } };
    assert.ok(strictProblems(deep).some((p) => /deeper than 10/.test(p.message)));
    const many = { type: 'object', additionalProperties: false, required: ['e'], properties: { e: { enum: Array.from({ length: 1001 }, (_, i) => i) } } };
    assert.ok(strictProblems(many).some((p) => /1001 enum values/.test(p.message)));
  });
  it('prints types readably', () => {
    const s = { type: 'object', required: ['verdict'], additionalProperties: false, properties: { verdict: { enum: ['pay', 'deny'] }, payout: { type: 'number' }, tags: { type: 'array', items: { type: 'string' } } } };
    assert.equal(typeToString(s), '{ verdict: "pay" | "deny"; payout?: number; tags?: string[] }');
  });
});

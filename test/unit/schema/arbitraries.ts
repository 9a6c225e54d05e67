/**
 * fast-check arbitraries for the soundness property: random JSON Schemas over the keywords
 * the assignability check models, widened variants of them (so that many pairs fit), and
 * values generated from a schema.
 */
import fc from 'fast-check';
import type { JsonSchema } from '../../../src/core/model/program';

type S = Record<string, unknown>;
const KEYS = ['a', 'b', 'c'];

const leaf: fc.Arbitrary<S> = fc.oneof(
  fc.record({ type: fc.constant('string'), minLength: fc.option(fc.nat(3), { nil: undefined }), maxLength: fc.option(fc.integer({ min: 3, max: 8 }), { nil: undefined }) }),
  fc.record({ type: fc.constantFrom('integer', 'number'), minimum: fc.option(fc.integer({ min: -5, max: 5 }), { nil: undefined }), exclusiveMaximum: fc.option(fc.integer({ min: 6, max: 20 }), { nil: undefined }) }),
  fc.record({ type: fc.constantFrom('boolean', 'null') }),
  fc.record({ enum: fc.uniqueArray(fc.constantFrom('x', 'y', 'z', 1, 2, true, null), { minLength: 1, maxLength: 4 }) }),
  fc.record({ const: fc.constantFrom('x', 3, false) }),
  fc.record({ type: fc.constant(['string', 'null']) }),
);

export const schemaArb: fc.Arbitrary<S> = fc.letrec<{ s: S }>((tie) => ({
  s: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc
      .record({ props: fc.dictionary(fc.constantFrom(...KEYS), tie('s'), { maxKeys: 3 }), req: fc.subarray(KEYS), closed: fc.boolean() })
      .map(({ props, req, closed }) => ({ type: 'object', properties: props, required: req.filter((k) => k in props), ...(closed ? { additionalProperties: false } : {}) })),
    fc.record({ items: tie('s'), minItems: fc.nat(2), unique: fc.boolean() }).map(({ items, minItems, unique }) => ({ type: 'array', items, minItems, ...(unique ? { uniqueItems: true } : {}) })),
    fc.tuple(tie('s'), tie('s')).map(([x, y]) => ({ anyOf: [x, y] })),
  ),
})).s;

/** A target made from a source by loosening some constraints (often assignable, not always). */
export function widen(s: S): fc.Arbitrary<S> {
  return fc.record({ drop: fc.subarray(Object.keys(s)), deep: fc.boolean() }).map(({ drop, deep }) => {
    const out: S = { ...s };
    for (const k of drop) if (!['type', 'properties', 'items', 'anyOf', 'enum', 'const'].includes(k)) delete out[k];
    if (out.type === 'integer' && deep) out.type = 'number';
    if (Array.isArray(out.enum) && deep) out.enum = [...out.enum, 'w'];
    if (out.properties && typeof out.properties === 'object') {
      const props: S = {};
      for (const [k, v] of Object.entries(out.properties as S)) props[k] = deep ? { ...(v as S), minimum: undefined } : v;
      out.properties = JSON.parse(JSON.stringify(props));
    }
    return out;
  });
}

/** Values meant to be valid for a schema (the test filters with a real validator anyway). */
export function valueArb(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  if (schema === true) return fc.jsonValue({ maxDepth: 1 });
  if (schema === false) return fc.constant(undefined);
  const s = schema as S;
  if ('const' in s) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  if (Array.isArray(s.anyOf)) return fc.oneof(...(s.anyOf as JsonSchema[]).map((b) => valueArb(b, depth + 1)));
  const type = Array.isArray(s.type) ? fc.constantFrom(...(s.type as string[])) : fc.constant((s.type as string | undefined) ?? 'any');
  return type.chain((t): fc.Arbitrary<unknown> => {
    switch (t) {
      case 'string':
        return fc.string({ minLength: (s.minLength as number) ?? 0, maxLength: (s.maxLength as number) ?? 10 });
      case 'integer':
        return fc.integer({ min: (s.minimum as number) ?? -100, max: ((s.exclusiveMaximum as number) ?? 101) - 1 });
      case 'number':
        return fc.double({ min: (s.minimum as number) ?? -100, max: ((s.exclusiveMaximum as number) ?? 101) - 0.001, noNaN: true });
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array':
        return fc.array(valueArb((s.items as JsonSchema) ?? true, depth + 1), { minLength: (s.minItems as number) ?? 0, maxLength: 4 });
      case 'object': {
        const props = (s.properties ?? {}) as Record<string, JsonSchema>;
        const req = new Set((s.required as string[]) ?? []);
        const shape: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [k, v] of Object.entries(props)) shape[k] = valueArb(v, depth + 1);
        const known = fc.record(shape, { requiredKeys: Object.keys(props).filter((k) => req.has(k)) });
        if (s.additionalProperties === false) return known;
        // Open objects may carry any extra field: generate some, so the property tests that too.
        return fc.tuple(known, fc.dictionary(fc.constantFrom('a', 'b', 'c', 'z'), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 })).map(([k, extra]) => ({ ...extra, ...k }));
      }
      default:
        return fc.jsonValue({ maxDepth: 1 });
    }
  });
}

// ajv 8 is no reference for uniqueItems on values that use Object.prototype's names: its deep
// equality (fast-deep-equal) calls an object's own `toString`/`valueOf` (a TypeError on JSON
// data) and compares `constructor` by identity, and its count of scalar items keeps them in a
// plain `{}`, where two "__proto__" strings never collide. fast-check generates such names on
// purpose (seeds 1373 and 1138 of the interpreter's property, 418622631 of the soundness
// property, about 1 run in 200); such values are left out of properties that use ajv as the
// reference, and interpret.test checks them against the right answers instead.
const PROTO_NAMES = new Set(['__proto__', 'constructor', 'toString', 'valueOf']);
export const ajvMisjudges = (v: unknown): boolean =>
  v === '__proto__' || (Array.isArray(v) ? v.some(ajvMisjudges) : v !== null && typeof v === 'object' && Object.entries(v).some(([k, x]) => PROTO_NAMES.has(k) || ajvMisjudges(x)));

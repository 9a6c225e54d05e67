/**
 * Concrete values for the assignability check: the finite value sets of small source
 * schemas (null, booleans, a short integer range) and candidate counterexamples near the
 * bounds the schemas name. Every value used as evidence is validated exactly first, so a
 * problem found with one is real.
 */
import type { JsonSchema } from '../../model/program';
import { deref, isObject, type SchemaObject } from '../navigate';
import { interpretValidate } from '../interpret';

/** Most values a finite source may have for `finiteValues` to list them. */
const MAX_FINITE = 64;
/** Most candidate values tried when looking for a counterexample. */
const MAX_CANDIDATES = 300;

const NUMBER_KEYS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'];
const LENGTH_KEYS = ['minLength', 'maxLength', 'minItems', 'maxItems'];

function types(s: SchemaObject): string[] | undefined {
  if (s.type === undefined) return undefined;
  return (Array.isArray(s.type) ? s.type : [s.type]) as string[];
}

/** True when a number schema only allows integers (`type: integer`, or an integer `multipleOf`). */
export function integerOnly(s: SchemaObject): boolean {
  return typeof s.multipleOf === 'number' && Number.isInteger(s.multipleOf) && s.multipleOf > 0;
}

/**
 * Every value a source branch (no combinators, no const/enum) allows, when they are few and
 * the schema says so plainly: null, booleans, and numbers in a short integer range or pinned
 * to one value. A superset at worst (values are checked against the source when it can be).
 */
export function finiteValues(s: SchemaObject, root: JsonSchema): unknown[] | undefined {
  const list = types(s);
  if (list === undefined || list.length === 0) return undefined;
  const out: unknown[] = [];
  for (const t of list) {
    if (t === 'null') out.push(null);
    else if (t === 'boolean') out.push(true, false);
    else if (t === 'integer' || t === 'number') {
      const lo = Math.max(typeof s.minimum === 'number' ? s.minimum : -Infinity, typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum : -Infinity);
      const hi = Math.min(typeof s.maximum === 'number' ? s.maximum : Infinity, typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum : Infinity);
      if (!Number.isFinite(lo) || !Number.isFinite(hi)) return undefined;
      if (t === 'integer' || integerOnly(s)) {
        const from = Math.ceil(lo);
        const to = Math.floor(hi);
        // Beyond 2^53 neither the count nor `i++` is exact (1e20 + 1 is 1e20): no list.
        if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || to - from >= MAX_FINITE) return undefined;
        for (let i = from; i <= to; i++) out.push(i);
      } else if (lo === hi) out.push(lo);
      else return undefined;
    } else return undefined;
  }
  const unique = [...new Set(out)];
  // Keep the values the source allows; when that cannot be decided, keep them all (a superset).
  return unique.filter((v) => {
    const errors = interpretValidate(v, s, root);
    return errors === undefined || errors.length === 0;
  });
}

function numbersNear(schemas: SchemaObject[]): number[] {
  const out = new Set<number>([0, 1, -1, 0.5]);
  for (const s of schemas) {
    for (const k of NUMBER_KEYS) {
      const v = s[k];
      if (typeof v === 'number' && Number.isFinite(v)) for (const d of [-1, -0.5, 0, 0.5, 1]) out.add(v + d);
    }
    if (typeof s.multipleOf === 'number') out.add(s.multipleOf);
  }
  return [...out];
}

function lengthsNear(schemas: SchemaObject[]): number[] {
  const out = new Set<number>([0, 1]);
  for (const s of schemas) {
    for (const k of LENGTH_KEYS) {
      const v = s[k];
      if (typeof v === 'number' && v >= 0 && v < 256) for (const d of [-1, 0, 1]) if (v + d >= 0) out.add(v + d);
    }
  }
  return [...out];
}

/** Candidate values of a schema, using the bounds of `near` (the target's branches) too. */
function candidates(schema: JsonSchema, root: JsonSchema, near: SchemaObject[], depth: number): unknown[] {
  const s = deref(schema, root);
  if (s === false) return [];
  const o: SchemaObject = s === true ? {} : s;
  if ('const' in o) return [o.const];
  if (Array.isArray(o.enum)) return o.enum.slice(0, 16);
  const branches = [o.anyOf, o.oneOf].find(Array.isArray) as JsonSchema[] | undefined;
  if (branches !== undefined && depth < 3) return branches.flatMap((b) => candidates(b, root, near, depth + 1)).slice(0, 64);
  const list = types(o) ?? ['null', 'boolean', 'number', 'string', 'array', 'object'];
  const all = [o, ...near];
  const out: unknown[] = [];
  for (const t of list) {
    if (t === 'null') out.push(null);
    else if (t === 'boolean') out.push(true, false);
    else if (t === 'number' || t === 'integer') out.push(...numbersNear(all).filter((n) => t === 'number' || Number.isInteger(n)));
    else if (t === 'string') out.push(...lengthsNear(all).map((n) => 'a'.repeat(n)));
    else if (t === 'array' && depth < 3) {
      const item = Array.isArray(o.prefixItems) ? (o.prefixItems[0] as JsonSchema) : o.items === undefined ? true : (o.items as JsonSchema);
      const first = candidates(item, root, [], depth + 1)[0];
      out.push(...lengthsNear(all).slice(0, 6).map((n) => Array.from({ length: n }, () => first ?? null)));
    } else if (t === 'object' && depth < 3) {
      const props = isObject(o.properties) ? o.properties : {};
      const base: SchemaObject = {};
      for (const k of Array.isArray(o.required) ? (o.required as string[]) : []) {
        const sub = Object.hasOwn(props, k) ? (props[k] as JsonSchema) : true;
        base[k] = candidates(sub, root, [], depth + 1).find((v) => interpretValidate(v, sub, root)?.length === 0) ?? null;
      }
      out.push(base);
      for (const [k, sub] of Object.entries(props)) {
        const nearK = near.flatMap((n) => (isObject(n.properties) && isObject(n.properties[k]) ? [n.properties[k] as SchemaObject] : []));
        for (const v of candidates(sub as JsonSchema, root, nearK, depth + 1).slice(0, 12)) out.push({ ...base, [k]: v });
      }
    }
  }
  return out.slice(0, MAX_CANDIDATES);
}

/**
 * A value the source certainly allows (`branch` names where to look, `whole` is the source
 * schema it came from) and every one of `targets` certainly rejects, if one of the
 * candidates is such a value; undefined otherwise (which proves nothing).
 */
export function counterexample(branch: SchemaObject, whole: JsonSchema, sRoot: JsonSchema, targets: JsonSchema[], tRoot: JsonSchema): { value: unknown } | undefined {
  const near = targets.map((t) => deref(t, tRoot)).filter(isObject);
  for (const v of candidates(branch, sRoot, near, 0)) {
    if (interpretValidate(v, branch, sRoot)?.length !== 0 || interpretValidate(v, whole, sRoot)?.length !== 0) continue;
    if (targets.every((t) => (interpretValidate(v, t, tRoot)?.length ?? 0) > 0)) return { value: v };
  }
  return undefined;
}

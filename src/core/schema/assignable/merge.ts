/**
 * Flattening `allOf` on the source side. The merged schema allows a superset of what the
 * conjunction allows (every constraint it keeps comes from one of the conjuncts, or is an
 * exact intersection), so checking the merged schema against a target is sound.
 */
import type { JsonSchema } from '../../model/program';
import { deref, isObject, type SchemaObject } from '../navigate';

function intersectTypes(a: unknown, b: unknown): unknown {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const la = (Array.isArray(a) ? a : [a]) as string[];
  const lb = (Array.isArray(b) ? b : [b]) as string[];
  const out = new Set<string>();
  for (const x of la) {
    for (const y of lb) {
      if (x === y) out.add(x);
      else if ((x === 'integer' && y === 'number') || (x === 'number' && y === 'integer')) out.add('integer');
    }
  }
  return [...out];
}

function mergeTwo(a: SchemaObject, b: SchemaObject): SchemaObject {
  const out: SchemaObject = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    if (prev === undefined) out[k] = v;
    else if (k === 'type') out.type = intersectTypes(prev, v);
    else if (k === 'required') out.required = [...new Set([...(prev as string[]), ...(v as string[])])];
    else if ((k === 'properties' || k === 'patternProperties') && isObject(prev) && isObject(v)) {
      // Both conjuncts' properties (and patterns) hold; one named in both holds both schemas.
      const props: SchemaObject = { ...prev };
      for (const [p, ps] of Object.entries(v)) props[p] = Object.hasOwn(props, p) ? { allOf: [props[p], ps] } : ps;
      out[k] = props;
    } else if (k === 'enum' && Array.isArray(prev) && Array.isArray(v)) {
      out.enum = prev.filter((x) => v.some((y) => JSON.stringify(x) === JSON.stringify(y)));
    } else if (['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'].includes(k)) {
      out[k] = Math.max(prev as number, v as number);
    } else if (['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'].includes(k)) {
      out[k] = Math.min(prev as number, v as number);
    } else if (k === 'additionalProperties') {
      out[k] = prev === false || v === false ? false : prev;
    } else if (k === 'items') out.items = { allOf: [prev, v] };
    else if (k === 'uniqueItems') out.uniqueItems = prev === true || v === true;
    // Any other keyword keeps the first conjunct's value: a superset, hence sound.
  }
  return out;
}

/** The source schema with `allOf` flattened (recursively, references followed). */
export function mergeAllOf(schema: JsonSchema, root: JsonSchema, depth = 0): JsonSchema {
  const s = deref(schema, root);
  if (!isObject(s) || !Array.isArray(s.allOf) || depth > 16) return s;
  const { allOf, ...rest } = s;
  let out: SchemaObject = rest;
  for (const part of allOf as JsonSchema[]) {
    const m = mergeAllOf(part, root, depth + 1);
    if (m === false) return false;
    if (isObject(m)) out = mergeTwo(out, m);
  }
  return out;
}

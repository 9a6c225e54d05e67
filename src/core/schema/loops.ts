/**
 * Schemas no validator can run although they meta-validate: a `$ref` loop that stays on the
 * same value (`A: { $ref: B }`, `B: { $ref: A }`, or `anyOf: [..., { $ref: "#" }]`), and
 * numbers JSON does not have (YAML's `.inf` and `.nan`, or `1e400`).
 * A recursive schema whose loop passes through a property or an item (a tree) is fine.
 */
import type { JsonSchema } from '../model/program';
import { isObject, resolvePointer, type SchemaObject } from './navigate';

/** Keywords whose subschemas apply to the same value as the schema that holds them. */
const IN_PLACE_ONE = ['not', 'if', 'then', 'else'] as const;
const IN_PLACE_MANY = ['allOf', 'anyOf', 'oneOf'] as const;

/** The `$ref`s a schema applies to its own value, directly or through allOf, anyOf, not, if…. */
function inPlaceRefs(s: JsonSchema, out: string[] = []): string[] {
  if (!isObject(s)) return out;
  if (typeof s.$ref === 'string') out.push(s.$ref);
  for (const k of IN_PLACE_ONE) if (s[k] !== undefined) inPlaceRefs(s[k] as JsonSchema, out);
  for (const k of IN_PLACE_MANY) if (Array.isArray(s[k])) for (const b of s[k] as JsonSchema[]) inPlaceRefs(b, out);
  if (isObject(s.dependentSchemas)) for (const b of Object.values(s.dependentSchemas)) inPlaceRefs(b as JsonSchema, out);
  return out;
}

/**
 * The `$ref`s of a loop that applies a (self-contained, bundled) schema to the same value
 * forever, in order (`['#/$defs/B', '#/$defs/A']`), or undefined when there is none.
 */
export function refLoop(root: JsonSchema): string[] | undefined {
  const state = new Map<object, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (s: JsonSchema, via: string | undefined): string[] | undefined => {
    if (!isObject(s)) return undefined;
    const st = state.get(s);
    if (st === 'done') return undefined;
    if (via !== undefined) path.push(via);
    if (st === 'open') return [...path];
    state.set(s, 'open');
    for (const ref of inPlaceRefs(s)) {
      const target = resolvePointer(root, ref);
      if (target === undefined) continue;
      const loop = visit(target, ref);
      if (loop) return loop;
    }
    state.set(s, 'done');
    if (via !== undefined) path.pop();
    return undefined;
  };
  const starts: JsonSchema[] = [root];
  if (isObject(root) && isObject(root.$defs)) starts.push(...(Object.values(root.$defs) as JsonSchema[]));
  for (const s of starts) {
    const loop = visit(s, undefined);
    if (loop) return loop;
  }
  return undefined;
}

/** The numbers in a schema that JSON cannot hold (infinite, or not a number), with their JSON pointers. */
export function nonFiniteNumbers(schema: unknown): { pointer: string; value: number }[] {
  const out: { pointer: string; value: number }[] = [];
  const walk = (v: unknown, at: string): void => {
    if (typeof v === 'number' && !Number.isFinite(v)) out.push({ pointer: at, value: v });
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${at}/${i}`));
    else if (isObject(v)) for (const [k, x] of Object.entries(v as SchemaObject)) walk(x, `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
  };
  walk(schema, '');
  return out;
}

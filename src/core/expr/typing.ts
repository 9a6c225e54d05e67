/**
 * The static types of mappings and conditions. A reference's type comes from the contracts:
 * `$input` has the workflow's input schema, `$steps.x.output` the output schema of step x's
 * agent or workflow. An object literal of references has the object type made of its members.
 */
import type { JsonSchema } from '../model/program';
import { UNKNOWN_TYPE_KEY } from '../schema/assignable';
import { isObject, schemaAtPath, type SchemaObject } from '../schema/navigate';
import { formatReference, isReferenceText, parseReference, type Reference } from './reference';

/**
 * What references can see. `steps` maps every step name of the workflow to its output
 * schema, or to null when the step exists but its output type is unknown (an unresolved agent).
 */
export interface TypeEnv {
  readonly input: JsonSchema | null;
  readonly steps: Readonly<Record<string, JsonSchema | null>>;
}

export interface TypeProblem {
  /** The key/index path of the offending member inside the mapping. */
  readonly path: (string | number)[];
  readonly kind: 'bad-reference' | 'unknown-step' | 'unknown-path';
  readonly message: string;
  /** The names available where the lookup failed (for did-you-mean). */
  readonly candidates?: string[];
  readonly name?: string;
}

export interface RefType {
  readonly schema: JsonSchema;
  readonly optional: boolean;
  /** The root schema whose `$defs` local references in `schema` point into. */
  readonly root: JsonSchema;
}

/** The type of one reference, or a problem saying why it has none. */
export function typeOfReference(ref: Reference, env: TypeEnv): RefType | Omit<TypeProblem, 'path'> {
  let root: JsonSchema | null;
  if (ref.root === 'input') root = env.input;
  else {
    if (!Object.hasOwn(env.steps, ref.step)) {
      return { kind: 'unknown-step', message: `no step '${ref.step}' in this workflow`, candidates: Object.keys(env.steps), name: ref.step };
    }
    root = env.steps[ref.step] ?? null;
  }
  if (root === null) return { schema: { [UNKNOWN_TYPE_KEY]: true }, optional: false, root: true };
  const r = schemaAtPath(root, ref.path, root);
  if (r.ok) return { schema: r.schema, optional: r.optional, root };
  const seg = ref.path[r.segment] as string;
  const head = formatReference({ ...ref, path: ref.path.slice(0, r.segment) });
  return { kind: 'unknown-path', message: `${head} has no field '${seg}'`, candidates: r.available, name: seg };
}

function literalType(v: unknown): JsonSchema {
  if (v === null) return { type: 'null' };
  return { const: v };
}

/**
 * The JSON Schema of the values a mapping produces. Problems (malformed references, unknown
 * steps, missing paths) go to `problems`; their members are typed as `true` (anything).
 * The `$defs` of every contract the mapping reads are hoisted to the result's root.
 */
export function typeOfMapping(mapping: unknown, env: TypeEnv, problems: TypeProblem[] = []): JsonSchema {
  const defs: SchemaObject = {};
  const addDefs = (root: JsonSchema): void => {
    if (isObject(root) && isObject(root.$defs)) Object.assign(defs, root.$defs);
  };
  const walk = (v: unknown, path: (string | number)[]): { schema: JsonSchema; optional: boolean } => {
    if (typeof v === 'string' && isReferenceText(v)) {
      const ref = parseReference(v);
      if (ref === null) {
        problems.push({ path, kind: 'bad-reference', message: `'${v}' is not a reference: use $input.<path> or $steps.<step>.output.<path> (write $$ for a literal $)` });
        return { schema: true, optional: false };
      }
      const t = typeOfReference(ref, env);
      if ('kind' in t) {
        problems.push({ ...t, path });
        return { schema: true, optional: false };
      }
      addDefs(t.root);
      let schema = t.schema;
      if (isObject(schema) && '$defs' in schema && schema !== t.root) {
        const { $defs: _d, ...rest } = schema;
        schema = rest;
      }
      return { schema, optional: t.optional };
    }
    if (typeof v === 'string') return { schema: literalType(v.startsWith('$$') ? v.slice(1) : v), optional: false };
    if (Array.isArray(v)) {
      const items = v.map((x, i) => walk(x, [...path, i]).schema);
      return { schema: { type: 'array', prefixItems: items, items: false, minItems: items.length, maxItems: items.length }, optional: false };
    }
    if (isObject(v)) {
      const properties: SchemaObject = {};
      const required: string[] = [];
      for (const [k, x] of Object.entries(v)) {
        const m = walk(x, [...path, k]);
        properties[k] = m.schema;
        if (!m.optional) required.push(k);
      }
      return { schema: { type: 'object', properties, required, additionalProperties: false }, optional: false };
    }
    return { schema: literalType(v), optional: false };
  };
  const top = walk(mapping, []).schema;
  // A bare reference to a whole contract keeps the contract's own schema object (and identity).
  if (typeof mapping === 'string' && isObject(top) && isObject(top.$defs) && Object.keys(defs).every((k) => Object.hasOwn(top.$defs as SchemaObject, k))) return top;
  if (Object.keys(defs).length === 0 || typeof top === 'boolean') return top;
  return { ...top, $defs: { ...defs, ...(isObject(top.$defs) ? top.$defs : {}) } };
}

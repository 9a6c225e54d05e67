/**
 * The static types of mappings and conditions. A reference's type comes from the contracts:
 * `$input` has the workflow's input schema, `$steps.x.output` the output schema of step x's
 * agent or workflow. An object literal of references has the object type made of its members.
 */
import type { JsonSchema } from '../model/program';
import { unknownType } from '../schema/assignable';
import { anchorPointer, isObject, schemaAtPath, type SchemaObject } from '../schema/navigate';
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
  if (root === null) return { schema: unknownType(), optional: false, root: true };
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

const escapePointer = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** Keywords whose values are data, not schemas: a `$ref` key inside them is no reference. */
const DATA_KEYWORDS = new Set(['const', 'enum', 'default', 'examples']);

/** A copy of a schema with every local reference (`#…`) passed through `map`; the schema itself when it has none. */
function mapLocalRefs(schema: unknown, map: (ref: string) => string): unknown {
  if (Array.isArray(schema)) {
    const out = schema.map((x) => mapLocalRefs(x, map));
    return out.every((x, i) => x === schema[i]) ? schema : out;
  }
  if (!isObject(schema)) return schema;
  let changed = false;
  const out: SchemaObject = {};
  for (const [k, v] of Object.entries(schema)) {
    const next = k === '$ref' && typeof v === 'string' && v.startsWith('#') ? map(v) : DATA_KEYWORDS.has(k) ? v : mapLocalRefs(v, map);
    if (next !== v) changed = true;
    out[k] = next;
  }
  return changed ? out : schema;
}

/** Contracts rewritten to sit under `$defs/<key>`, by contract and key: mappings that read the same contract share one copy. */
const relocatedRoots = new WeakMap<object, Map<string, JsonSchema>>();

/**
 * What a part of a contract a reference reads needs, worked out once per part (the editor
 * types mappings on every keystroke, and the quick fixes' searches type them dozens of times
 * more): the part without its own `$defs`, whether it has local references, and its copies
 * relocated under each `$defs` key it was put under.
 */
interface PartInfo {
  readonly stripped: JsonSchema;
  readonly local: boolean;
  /** By contract (a part may sit in several) and `$defs` key. */
  readonly relocated: WeakMap<object, Map<string, JsonSchema>>;
}
const parts = new WeakMap<object, PartInfo>();

function partInfo(part: SchemaObject): PartInfo {
  let info = parts.get(part);
  if (info === undefined) {
    let stripped: JsonSchema = part;
    if ('$defs' in part) {
      // Its definitions stay reachable through the contract's home in `$defs`.
      const { $defs: _d, ...rest } = part;
      stripped = rest;
    }
    // Only a part with local references (each one mapped to '' changes it) needs its contract.
    parts.set(part, (info = { stripped, local: mapLocalRefs(stripped, () => '') !== stripped, relocated: new WeakMap() }));
  }
  return info;
}

/**
 * The JSON Schema of the values a mapping produces. Problems (malformed references, unknown
 * steps, missing paths) go to `problems`; their members are typed as `true` (anything).
 * Each contract the mapping reads a part of goes whole under the result's `$defs`, under a
 * key of its own, and the local references of the parts taken from it are rewritten to point
 * there: each part resolves against its own contract (two contracts may both define `Item`,
 * differently; `#/properties/a` means a place in the contract, not in the mapping's type).
 */
export function typeOfMapping(mapping: unknown, env: TypeEnv, problems: TypeProblem[] = []): JsonSchema {
  const defs: SchemaObject = {};
  const homes = new Map<object, string>();
  /** The `$defs` key the contract `root` goes under, putting it there the first time. */
  const home = (root: SchemaObject, hint: string): string => {
    let key = homes.get(root);
    if (key !== undefined) return key;
    key = hint;
    for (let i = 2; Object.hasOwn(defs, key); i++) key = `${hint}_${i}`;
    homes.set(root, key);
    let byKey = relocatedRoots.get(root);
    if (byKey === undefined) relocatedRoots.set(root, (byKey = new Map()));
    let moved = byKey.get(key);
    if (moved === undefined) byKey.set(key, (moved = relocate(root, root, key)));
    defs[key] = moved;
    return key;
  };
  /** A part of the contract `root`, its local references rewritten to point into `$defs/<key>`. */
  const relocate = (part: JsonSchema, root: SchemaObject, key: string): JsonSchema => {
    const base = `#/$defs/${escapePointer(key)}`;
    return mapLocalRefs(part, (ref) => {
      if (ref === '#' || ref.startsWith('#/')) return base + ref.slice(1);
      // A plain-name anchor: to the place that declares it, as a pointer (anchors of two
      // contracts may clash in one schema).
      const name = /^#([A-Za-z_][-A-Za-z0-9._]*)$/.exec(ref)?.[1];
      const ptr = name === undefined ? undefined : anchorPointer(root, name);
      return ptr === undefined ? ref : base + ptr;
    }) as JsonSchema;
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
      // A bare reference to a whole contract keeps the contract's own schema object (and identity).
      if (path.length === 0 && t.schema === t.root) return { schema: t.schema, optional: t.optional };
      if (!isObject(t.schema)) return { schema: t.schema, optional: t.optional };
      const info = partInfo(t.schema);
      let schema = info.stripped;
      if (info.local && isObject(t.root)) {
        const root = t.root;
        const key = home(root, ref.root === 'input' ? 'input' : `step_${ref.step}`);
        let byKey = info.relocated.get(root);
        if (byKey === undefined) info.relocated.set(root, (byKey = new Map()));
        let moved = byKey.get(key);
        if (moved === undefined) byKey.set(key, (moved = relocate(schema, root, key)));
        schema = moved;
      }
      return { schema, optional: t.optional };
    }
    if (typeof v === 'string') return { schema: literalType(v.startsWith('$$') ? v.slice(1) : v), optional: false };
    if (Array.isArray(v)) {
      // An absent value inside an array is sent as null.
      const items = v.map((x, i) => {
        const m = walk(x, [...path, i]);
        return m.optional ? nullable(m.schema) : m.schema;
      });
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
  if (Object.keys(defs).length === 0 || typeof top === 'boolean') return top;
  return { ...top, $defs: defs };
}

/** A schema that also allows null. */
function nullable(schema: JsonSchema): JsonSchema {
  if (schema === true) return true;
  return { anyOf: [schema, { type: 'null' }] };
}

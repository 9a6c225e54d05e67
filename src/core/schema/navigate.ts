/**
 * Walking into JSON Schemas: local `$ref` resolution against a root schema, the schema of
 * a property path (for references such as `$steps.x.output.a.b` and `{{a.b}}` templates),
 * and the set of JSON types a schema allows.
 */
import type { JsonSchema } from '../model/program';
import { compilePattern } from './pattern';

export type SchemaObject = { [key: string]: unknown };

export function isObject(v: unknown): v is SchemaObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Keywords whose values are data, not schemas: nothing inside them is a subschema. */
const DATA_KEYWORDS = new Set(['const', 'enum', 'default', 'examples']);

/**
 * The JSON pointer (without the leading `#`) of the subschema that declares `$anchor: name`,
 * searched through the whole root (draft 2020-12 plain-name fragments); undefined when no
 * subschema, or more than one, declares it. Embedded resources (a nested `$id`) are searched
 * too: bundles and composed schemas keep their parts' anchors that way.
 */
export function anchorPointer(root: JsonSchema, name: string): string | undefined {
  if (!isObject(root)) return undefined;
  let byName = anchorCache.get(root);
  if (byName === undefined) anchorCache.set(root, (byName = new Map()));
  if (byName.has(name)) return byName.get(name) ?? undefined;
  const found: string[] = [];
  const walk = (v: unknown, ptr: string, depth: number): void => {
    if (depth > 64 || found.length > 1) return;
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${ptr}/${i}`, depth + 1));
    else if (isObject(v)) {
      if (v.$anchor === name) found.push(ptr);
      for (const [k, x] of Object.entries(v)) {
        if (!DATA_KEYWORDS.has(k)) walk(x, `${ptr}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, depth + 1);
      }
    }
  };
  walk(root, '', 0);
  const ptr = found.length === 1 ? (found[0] as string) : undefined;
  byName.set(name, ptr ?? null);
  return ptr;
}

const anchorCache = new WeakMap<object, Map<string, string | null>>();

/**
 * Resolves a local reference inside a root schema: a JSON pointer (`#/$defs/Name`) or a
 * plain-name anchor (`#name`, declared by `$anchor`); undefined when it does not exist.
 */
export function resolvePointer(root: JsonSchema, ref: string): JsonSchema | undefined {
  if (ref === '#') return root;
  if (!ref.startsWith('#')) return undefined;
  if (!ref.startsWith('#/')) {
    let name: string;
    try {
      name = decodeURIComponent(ref.slice(1));
    } catch {
      return undefined;
    }
    if (!/^[A-Za-z_][-A-Za-z0-9._]*$/.test(name)) return undefined;
    const ptr = anchorPointer(root, name);
    return ptr === undefined ? undefined : ptr === '' ? root : resolvePointer(root, `#${ptr}`);
  }
  let cur: unknown = root;
  for (const raw of ref.slice(2).split('/')) {
    let seg: string;
    try {
      seg = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    } catch {
      return undefined;
    }
    if (Array.isArray(cur) && /^[0-9]+$/.test(seg)) cur = cur[Number(seg)];
    else if (isObject(cur) && Object.hasOwn(cur, seg)) cur = cur[seg];
    else return undefined;
  }
  return typeof cur === 'boolean' || isObject(cur) ? cur : undefined;
}

/** Whether a schema holds a `$ref` that `deref` left unresolved (it names nothing in the root). */
export function unresolvedRef(schema: JsonSchema): boolean {
  return isObject(schema) && typeof schema.$ref === 'string';
}

/**
 * Follows `$ref` chains to the schema they name (a ref beside other keywords becomes an
 * `allOf` of the two). A ref it cannot resolve is left in place: see `unresolvedRef`.
 */
export function deref(schema: JsonSchema, root: JsonSchema): JsonSchema {
  let cur = schema;
  for (let i = 0; i < 32 && isObject(cur) && typeof cur.$ref === 'string'; i++) {
    const target = resolvePointer(root, cur.$ref);
    if (target === undefined) return cur;
    const { $ref: _ref, $defs: _defs, ...rest } = cur;
    cur = Object.keys(rest).length === 0 ? target : { allOf: [target, rest] };
  }
  return cur;
}

export type JsonType = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array';
export const ALL_TYPES: readonly JsonType[] = ['string', 'number', 'boolean', 'null', 'object', 'array'];

export function typeOfValue(v: unknown): JsonType {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  const t = typeof v;
  return t === 'string' || t === 'number' || t === 'boolean' ? t : 'object';
}

/** The JSON types a schema allows (integer counts as number). */
export function jsonTypes(schema: JsonSchema, root: JsonSchema, depth = 0): Set<JsonType> {
  const s = deref(schema, root);
  if (s === false) return new Set();
  if (s === true || depth > 32) return new Set(ALL_TYPES);
  let out = new Set<JsonType>(ALL_TYPES);
  const meet = (other: Set<JsonType>): void => {
    out = new Set([...out].filter((t) => other.has(t)));
  };
  if (s.type !== undefined) {
    const list = Array.isArray(s.type) ? s.type : [s.type];
    meet(new Set(list.map((t) => (t === 'integer' ? 'number' : t)) as JsonType[]));
  }
  if ('const' in s) meet(new Set([typeOfValue(s.const)]));
  if (Array.isArray(s.enum)) meet(new Set(s.enum.map(typeOfValue)));
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = s[key];
    if (Array.isArray(branches)) {
      const union = new Set<JsonType>();
      for (const b of branches) for (const t of jsonTypes(b as JsonSchema, root, depth + 1)) union.add(t);
      meet(union);
    }
  }
  if (Array.isArray(s.allOf)) for (const b of s.allOf) meet(jsonTypes(b as JsonSchema, root, depth + 1));
  return out;
}

/** The literal values a schema allows, when it lists them (`const` / `enum`); undefined otherwise. */
export function enumValues(schema: JsonSchema, root: JsonSchema, depth = 0): unknown[] | undefined {
  const s = deref(schema, root);
  if (!isObject(s) || depth > 32) return undefined;
  if ('const' in s) return [s.const];
  if (Array.isArray(s.enum)) return s.enum;
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = s[key];
    if (Array.isArray(branches)) {
      const all: unknown[] = [];
      for (const b of branches) {
        const vals = enumValues(b as JsonSchema, root, depth + 1);
        if (vals === undefined) return undefined;
        all.push(...vals);
      }
      return all;
    }
  }
  return undefined;
}

export type PathResult =
  | { ok: true; schema: JsonSchema; optional: boolean }
  | { ok: false; segment: number; available: string[] };

/**
 * One step into a schema. When the schema also allows values that have no such member (a
 * type list with "null", say), the member may be absent: the result is optional.
 */
function step(schema: JsonSchema, seg: string, root: JsonSchema, depth: number): PathResult {
  const r = stepInto(schema, seg, root, depth);
  if (!r.ok || r.optional) return r;
  const types = jsonTypes(schema, root);
  if (types.size === ALL_TYPES.length) return r; // no type information: the structure is taken at its word
  const holders: JsonType[] = /^[0-9]+$/.test(seg) ? ['object', 'array'] : ['object'];
  return [...types].some((t) => !holders.includes(t)) ? { ...r, optional: true } : r;
}

function stepInto(schema: JsonSchema, seg: string, root: JsonSchema, depth: number): PathResult {
  const s = deref(schema, root);
  if (s === true) return { ok: true, schema: true, optional: true };
  if (s === false || depth > 32) return { ok: false, segment: 0, available: [] };
  const branches = [s.anyOf, s.oneOf].find(Array.isArray) as JsonSchema[] | undefined;
  if (branches !== undefined) {
    const found = branches.map((b) => step(b, seg, root, depth + 1)).filter((r) => r.ok);
    if (found.length > 0) {
      const schemas = found.map((r) => r.schema);
      return { ok: true, schema: schemas.length === 1 ? (schemas[0] as JsonSchema) : { anyOf: schemas }, optional: true };
    }
  }
  if (Array.isArray(s.allOf)) {
    for (const b of s.allOf) {
      const r = step(b as JsonSchema, seg, root, depth + 1);
      if (r.ok && r.schema !== true) return r;
    }
  }
  const props = isObject(s.properties) ? s.properties : {};
  const required = Array.isArray(s.required) ? s.required : [];
  if (Object.hasOwn(props, seg)) return { ok: true, schema: props[seg] as JsonSchema, optional: !required.includes(seg) };
  if (isObject(s.patternProperties)) {
    for (const [pattern, sub] of Object.entries(s.patternProperties)) {
      try {
        if (compilePattern(pattern).test(seg)) return { ok: true, schema: sub as JsonSchema, optional: true };
      } catch {
        /* An invalid pattern is reported as invalid-schema elsewhere. */
      }
    }
  }
  if (/^[0-9]+$/.test(seg)) {
    const n = Number(seg);
    const prefix = Array.isArray(s.prefixItems) ? s.prefixItems : [];
    const minItems = typeof s.minItems === 'number' ? s.minItems : 0;
    if (n < prefix.length) return { ok: true, schema: prefix[n] as JsonSchema, optional: n >= minItems };
    if (s.items !== undefined && s.items !== false) return { ok: true, schema: s.items as JsonSchema, optional: n >= minItems };
  }
  const types = jsonTypes(s, root);
  // A field outside declared `properties` is taken as a typo unless extras are declared
  // explicitly (`additionalProperties: <schema>`) or the object declares no properties at all.
  const extra = s.additionalProperties;
  const open = extra !== undefined ? extra !== false : !isObject(s.properties) && s.unevaluatedProperties !== false;
  if (open && types.has('object') && branches === undefined) {
    return { ok: true, schema: isObject(extra) || typeof extra === 'boolean' ? extra : true, optional: true };
  }
  return { ok: false, segment: 0, available: Object.keys(props) };
}

/** The schema at a property path; on failure, the index of the first missing segment and the names available there. */
export function schemaAtPath(schema: JsonSchema, path: readonly string[], root: JsonSchema = schema): PathResult {
  let cur = schema;
  let optional = false;
  for (let i = 0; i < path.length; i++) {
    const r = step(cur, path[i] as string, root, 0);
    if (!r.ok) return { ok: false, segment: i, available: r.available };
    cur = r.schema;
    optional ||= r.optional;
  }
  return { ok: true, schema: cur, optional };
}

/** A sub-schema carrying its root's `$defs`, so that its local references still resolve. */
export function withDefs(sub: JsonSchema, root: JsonSchema): JsonSchema {
  if (!isObject(root) || !isObject(root.$defs) || sub === root) return sub;
  if (typeof sub === 'boolean') return sub;
  return { ...sub, $defs: { ...(root.$defs as SchemaObject), ...(isObject(sub.$defs) ? sub.$defs : {}) } };
}

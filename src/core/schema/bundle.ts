/**
 * References between contracts: `$ref: "#/contracts/Name"` or `"#/contracts/Name@2"` inside a
 * contract's schema. Bundling makes a schema self-contained: each referenced contract (and
 * what it references, transitively) is copied under `$defs` and the references rewritten.
 */
import type { JsonSchema } from '../model/program';
import { isObject, type SchemaObject } from './navigate';

const CONTRACT_REF = /^#\/contracts\/([A-Za-z_][A-Za-z0-9_-]*)(?:@([1-9][0-9]*))?$/;

export interface ContractRefSite {
  readonly ref: string;
  readonly name: string;
  readonly version?: number;
  /** The key path of the `$ref` value inside the schema. */
  readonly path: (string | number)[];
}

/** Parses `#/contracts/Name[@v]`; undefined for any other reference. */
export function parseContractRef(ref: string): { name: string; version?: number } | undefined {
  const m = CONTRACT_REF.exec(ref);
  if (m === null) return undefined;
  return m[2] === undefined ? { name: m[1] as string } : { name: m[1] as string, version: Number(m[2]) };
}

/** Every `$ref` string in a schema that starts with `#/contracts/` (well-formed or not). */
export function contractRefsIn(schema: unknown): ContractRefSite[] {
  const out: ContractRefSite[] = [];
  const walk = (v: unknown, path: (string | number)[]): void => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (isObject(v)) {
      for (const [k, x] of Object.entries(v)) {
        if (k === '$ref' && typeof x === 'string' && x.startsWith('#/contracts/')) {
          const parsed = parseContractRef(x);
          out.push({ ref: x, name: parsed?.name ?? '', ...(parsed?.version !== undefined ? { version: parsed.version } : {}), path: [...path, k] });
        } else walk(x, [...path, k]);
      }
    }
  };
  walk(schema, []);
  return out;
}

/** Finds a contract's schema by name and optional version; `key` is its `$defs` key. */
export type ContractLookup = (name: string, version: number | undefined) => { key: string; schema: JsonSchema } | undefined;

/** Rewrites references in a copy of `schema`: contract refs to `#/$defs/<key>`, local refs under `prefix`. */
function rewrite(schema: unknown, prefix: string, onContract: (ref: string) => string | undefined): unknown {
  if (Array.isArray(schema)) return schema.map((x) => rewrite(x, prefix, onContract));
  if (!isObject(schema)) return schema;
  const out: SchemaObject = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === '$ref' && typeof v === 'string') {
      if (v.startsWith('#/contracts/')) out[k] = onContract(v) ?? v;
      else if (v === '#' || v.startsWith('#/')) out[k] = prefix === '' ? v : `#${prefix}${v.slice(1)}`;
      else out[k] = v;
    } else out[k] = rewrite(v, prefix, onContract);
  }
  return out;
}

const escapePointer = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** A contract rewritten as a `$defs` entry, with the contracts it refers to: the same in every bundle made with one lookup. */
interface BundledDef {
  readonly schema: JsonSchema;
  readonly refs: readonly { key: string; schema: JsonSchema }[];
}

/** Rewritten `$defs` entries by key, to share between the bundles made with one lookup. */
export type BundleCache = Map<string, BundledDef>;

/**
 * A self-contained copy of a contract's schema. References that cannot be resolved are left
 * as they are (the checker reports them). Returns the input itself when it has no contract refs.
 * With a `cache` (one per lookup), each referenced contract is rewritten once and its entry
 * shared by every bundle that needs it: a chain of n contracts costs n rewrites, not n².
 */
export function bundleSchema(schema: JsonSchema, lookup: ContractLookup, cache: BundleCache = new Map()): JsonSchema {
  if (typeof schema === 'boolean' || contractRefsIn(schema).length === 0) return schema;
  const defs: SchemaObject = {};
  const pending: { key: string; schema: JsonSchema }[] = [];
  const want = (found: { key: string; schema: JsonSchema }): void => {
    if (Object.hasOwn(defs, found.key)) return;
    defs[found.key] = true;
    pending.push(found);
  };
  let refs: { key: string; schema: JsonSchema }[] = [];
  const onContract = (ref: string): string | undefined => {
    const parsed = parseContractRef(ref);
    const found = parsed && lookup(parsed.name, parsed.version);
    if (found === undefined) return undefined;
    refs.push(found);
    return `#/$defs/${escapePointer(found.key)}`;
  };
  const root = rewrite(schema, '', onContract) as SchemaObject;
  refs.forEach(want);
  // An index, not shift(): shifting a long queue moves every element each time.
  for (let i = 0; i < pending.length; i++) {
    const next = pending[i] as { key: string; schema: JsonSchema };
    let entry = cache.get(next.key);
    if (entry === undefined) {
      refs = [];
      entry = { schema: rewrite(next.schema, `/$defs/${escapePointer(next.key)}`, onContract) as JsonSchema, refs };
      cache.set(next.key, entry);
    }
    defs[next.key] = entry.schema;
    entry.refs.forEach(want);
  }
  return { ...root, $defs: isObject(root.$defs) ? { ...root.$defs, ...defs } : defs };
}

/**
 * Moves every nested `$defs` of a composed schema (for example a router schema made of several
 * bundled contracts) to its root, where the `#/$defs/...` references inside them point.
 */
export function hoistDefs(schema: JsonSchema): JsonSchema {
  if (typeof schema === 'boolean') return schema;
  const defs: SchemaObject = {};
  const strip = (v: unknown, top: boolean): unknown => {
    if (Array.isArray(v)) return v.map((x) => strip(x, false));
    if (!isObject(v)) return v;
    const out: SchemaObject = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === '$defs' && isObject(x)) {
        for (const [dk, dv] of Object.entries(x)) if (!Object.hasOwn(defs, dk)) defs[dk] = strip(dv, false);
        if (top) continue;
      } else out[k] = strip(x, false);
    }
    return out;
  };
  const root = strip(schema, true) as SchemaObject;
  return Object.keys(defs).length === 0 ? root : { ...root, $defs: defs };
}

/**
 * References between contracts: `$ref: "#/contracts/Name"` or `"#/contracts/Name@2"` inside a
 * contract's schema. Bundling makes a schema self-contained: each referenced contract (and
 * what it references, transitively) is copied under `$defs` and the references rewritten.
 */
import type { JsonSchema } from '../model/program';
import { anchorPointer, isObject, type SchemaObject } from './navigate';

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
  // A contract whose key the schema's own `$defs` already uses goes under another key (its
  // references rewritten to match), so that neither definition replaces the other.
  const own = isObject(schema.$defs) ? schema.$defs : {};
  const renamed = new Map<string, string>();
  const keyOf = (key: string): string => {
    if (!Object.hasOwn(own, key)) return key;
    let to = renamed.get(key);
    if (to === undefined) {
      // Contract keys never hold ':', so only the schema's own definitions can clash with these.
      to = `contract:${key}`;
      for (let i = 2; Object.hasOwn(own, to); i++) to = `contract:${key}_${i}`;
      renamed.set(key, to);
    }
    return to;
  };
  const want = (found: { key: string; schema: JsonSchema }): void => {
    const key = keyOf(found.key);
    if (Object.hasOwn(defs, key)) return;
    defs[key] = true;
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
  const root = rewrite(schema, '', (ref) => {
    const to = onContract(ref);
    const key = refs[refs.length - 1]?.key;
    return to === undefined || key === undefined ? to : `#/$defs/${escapePointer(keyOf(key))}`;
  }) as SchemaObject;
  refs.forEach(want);
  // Entries are cached with their contracts' own keys; in this bundle, renamed ones move.
  const moveRenamed = (entry: JsonSchema): JsonSchema => {
    if (renamed.size === 0) return entry;
    return mapRefs(entry, (pointer) => {
      const m = /^\/\$defs\/([^/]*)(.*)$/.exec(pointer);
      const to = m ? renamed.get(unescapePointer(m[1] as string)) : undefined;
      return to === undefined ? pointer : `/$defs/${escapePointer(to)}${m![2]}`;
    }) as JsonSchema;
  };
  // An index, not shift(): shifting a long queue moves every element each time.
  for (let i = 0; i < pending.length; i++) {
    const next = pending[i] as { key: string; schema: JsonSchema };
    let entry = cache.get(next.key);
    if (entry === undefined) {
      refs = [];
      entry = { schema: rewrite(next.schema, `/$defs/${escapePointer(next.key)}`, onContract) as JsonSchema, refs };
      cache.set(next.key, entry);
    }
    defs[keyOf(next.key)] = moveRenamed(entry.schema);
    entry.refs.forEach(want);
  }
  return { ...root, $defs: isObject(root.$defs) ? { ...root.$defs, ...defs } : defs };
}

/** Keywords whose values are data, not schemas: a `$ref` key inside them is no reference. */
const DATA_KEYWORDS = new Set(['const', 'enum', 'default', 'examples']);

/** Every local (`#…`) reference in a schema, as the pointer after `#`. */
function localRefs(schema: unknown, out: string[] = []): string[] {
  if (Array.isArray(schema)) for (const x of schema) localRefs(x, out);
  else if (isObject(schema)) {
    for (const [k, v] of Object.entries(schema)) {
      if (k === '$ref' && typeof v === 'string') {
        if (v.startsWith('#')) out.push(v.slice(1));
      } else if (!DATA_KEYWORDS.has(k)) localRefs(v, out);
    }
  }
  return out;
}

/** A copy of a schema with every local reference passed through `map`. */
function mapRefs(schema: unknown, map: (pointer: string) => string): unknown {
  if (Array.isArray(schema)) return schema.map((x) => mapRefs(x, map));
  if (!isObject(schema)) return schema;
  const out: SchemaObject = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === '$ref' && typeof v === 'string' && v.startsWith('#')) out[k] = `#${map(v.slice(1))}`;
    else out[k] = DATA_KEYWORDS.has(k) ? v : mapRefs(v, map);
  }
  return out;
}

const unescapePointer = (s: string): string => s.replace(/~1/g, '/').replace(/~0/g, '~');

/**
 * Builds one schema out of several self-contained ones (a router's output holds every
 * worker's input contract). Each embedded schema's local references resolve against its own
 * root; in the composed schema they must resolve against the composed root. So each embedded
 * schema's `$defs` move to the composed root under names no other embedded schema uses (two
 * contracts may both define `Item`, differently), and an embedded schema that refers to its
 * own root (`#`, a recursive contract) or to another place in itself moves to the root's
 * `$defs` too, with a `$ref` left where it was embedded. References are rewritten to match.
 */
export class SchemaComposer {
  private readonly defs: SchemaObject = {};
  /** What an embedded schema became, by its JSON: the same contract embedded twice is shared. */
  private readonly embedded = new Map<string, JsonSchema>();

  /** The schema to place where `schema` goes in the composed schema; `hint` names it if it must move to `$defs`. */
  embed(original: JsonSchema, hint: string): JsonSchema {
    if (typeof original === 'boolean') return original;
    // Plain-name anchors (`#name`) become the pointers they stand for, which move as pointers do.
    const isPointer = (p: string): boolean => p === '' || p.startsWith('/');
    const schema = localRefs(original).every(isPointer) ? original : (mapRefs(original, (p) => (isPointer(p) ? p : (anchorPointer(original, p) ?? p))) as SchemaObject);
    const refs = localRefs(schema).filter(isPointer);
    if (refs.length === 0 && !isObject(schema.$defs)) return schema;
    const key = JSON.stringify(original);
    const done = this.embedded.get(key);
    if (done !== undefined) return done;
    const ownDefs = isObject(schema.$defs) ? schema.$defs : {};
    const renamed = new Map<string, string>();
    for (const name of Object.keys(ownDefs)) renamed.set(name, this.reserve(name));
    const intoDefs = (pointer: string): string | undefined => {
      const m = /^\/\$defs\/([^/]*)(.*)$/.exec(pointer);
      const to = m ? renamed.get(unescapePointer(m[1] as string)) : undefined;
      return to === undefined ? undefined : `/$defs/${escapePointer(to)}${m![2]}`;
    };
    const moves = refs.some((p) => intoDefs(p) === undefined);
    const home = moves ? this.reserve(hint) : undefined;
    const map = (pointer: string): string => (isPointer(pointer) ? (intoDefs(pointer) ?? `/$defs/${escapePointer(home as string)}${pointer}`) : pointer);
    for (const [name, def] of Object.entries(ownDefs)) this.defs[renamed.get(name) as string] = mapRefs(def, map);
    const { $defs: _own, ...rest } = schema;
    const body = mapRefs(rest, map) as SchemaObject;
    let out: JsonSchema = body;
    if (home !== undefined) {
      this.defs[home] = body;
      out = { $ref: `#/$defs/${escapePointer(home)}` };
    }
    this.embedded.set(key, out);
    return out;
  }

  /** The composed schema: `root` (built with what `embed` returned) with the gathered `$defs`. */
  finish(root: SchemaObject): JsonSchema {
    return Object.keys(this.defs).length === 0 ? root : { ...root, $defs: { ...(isObject(root.$defs) ? root.$defs : {}), ...this.defs } };
  }

  /** `name`, or `name_2`, `name_3`… whichever no embedded schema has taken. */
  private reserve(name: string): string {
    let n = name;
    for (let i = 2; Object.hasOwn(this.defs, n); i++) n = `${name}_${i}`;
    this.defs[n] = true;
    return n;
  }
}

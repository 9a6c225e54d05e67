/**
 * Walking raw contract schemas as the editor needs them: follow `$ref`s (to other
 * contracts and to local `$defs`), list an object's fields (through anyOf/oneOf/allOf),
 * descend a path, and collect enum values. Lenient: a schema the checker rejects still
 * yields what can be read from it.
 */
export type Schema = boolean | Record<string, unknown>;

export interface SchemaEnv {
  /** The schema of a contract named in a `$ref: "#/contracts/Name(@v)"`. */
  contract(name: string, version?: number): Schema | undefined;
}

const CONTRACT_REF = /^#\/contracts\/([A-Za-z_][A-Za-z0-9_-]*)(?:@([1-9][0-9]*))?$/;

export function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The contract a schema's `$ref` names, when it names one. */
export function contractRefOf(s: Schema): { name: string; version?: number } | undefined {
  if (!isObj(s) || typeof s.$ref !== 'string') return undefined;
  const m = CONTRACT_REF.exec(s.$ref);
  if (!m) return undefined;
  return { name: m[1] as string, ...(m[2] ? { version: Number(m[2]) } : {}) };
}

/** Follows `$ref`s until a schema that is not one (at most a few hops, to survive cycles). */
export function deref(s: Schema | undefined, env: SchemaEnv, root?: Schema): Schema | undefined {
  let cur = s;
  for (let i = 0; i < 8 && isObj(cur) && typeof cur.$ref === 'string'; i++) {
    const c = contractRefOf(cur);
    if (c) cur = env.contract(c.name, c.version);
    else if (cur.$ref.startsWith('#/$defs/') && isObj(root) && isObj(root.$defs)) cur = root.$defs[cur.$ref.slice(8)] as Schema | undefined;
    else return undefined;
  }
  return cur;
}

/** The alternatives of a union (anyOf/oneOf), or the schema itself. */
function members(s: Schema, env: SchemaEnv): Schema[] {
  const d = deref(s, env);
  if (!isObj(d)) return d === undefined ? [] : [d];
  const alts = [d.anyOf, d.oneOf, d.allOf].find(Array.isArray) as Schema[] | undefined;
  return alts ? alts.flatMap((a) => members(a, env)) : [d];
}

export interface Field {
  readonly name: string;
  readonly schema: Schema;
  readonly required: boolean;
  readonly description?: string;
}

/** The fields of an object schema (of every alternative of a union; `null` alternatives add none). */
export function fieldsOf(s: Schema | undefined, env: SchemaEnv): Field[] {
  if (s === undefined) return [];
  const out = new Map<string, Field>();
  for (const m of members(s, env)) {
    if (!isObj(m) || !isObj(m.properties)) continue;
    const required = Array.isArray(m.required) ? m.required : [];
    for (const [name, schema] of Object.entries(m.properties)) {
      if (out.has(name)) continue;
      const d = deref(schema as Schema, env);
      const description = isObj(schema) && typeof schema.description === 'string' ? schema.description : isObj(d) && typeof d.description === 'string' ? d.description : undefined;
      out.set(name, { name, schema: schema as Schema, required: required.includes(name), ...(description ? { description } : {}) });
    }
  }
  return [...out.values()];
}

/** The schema at a path of property names and array indices, or undefined when the path does not exist. */
export function schemaAt(s: Schema | undefined, path: readonly string[], env: SchemaEnv): Schema | undefined {
  let cur = s;
  for (const seg of path) {
    if (cur === undefined) return undefined;
    if (/^[0-9]+$/.test(seg)) {
      const arr = members(cur, env).find((m) => isObj(m) && m.items !== undefined);
      cur = isObj(arr) ? (arr.items as Schema) : undefined;
    } else {
      cur = fieldsOf(cur, env).find((f) => f.name === seg)?.schema;
    }
  }
  return cur;
}

/** The values an enum (or const, or a union of them) allows; empty when it is not an enum. */
export function enumValues(s: Schema | undefined, env: SchemaEnv): unknown[] {
  if (s === undefined) return [];
  const out: unknown[] = [];
  for (const m of members(s, env)) {
    if (!isObj(m)) continue;
    if (Array.isArray(m.enum)) out.push(...m.enum);
    if ('const' in m) out.push(m.const);
  }
  return [...new Set(out)];
}

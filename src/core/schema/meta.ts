/**
 * Meta-validation of contract schemas against JSON Schema draft 2020-12, plus a trial
 * compilation that catches what the meta-schema cannot (a bad regular expression, a
 * `$ref` that points nowhere).
 */
import type { JsonSchema } from '../model/program';
import { sharedAjv } from './ajv';
import { resolvePointer } from './navigate';
import { compilePattern } from './pattern';

export interface SchemaProblem {
  /** A JSON pointer into the schema (`/properties/id/type`). */
  readonly path: string;
  readonly message: string;
}

const metaCache = new WeakMap<object, SchemaProblem[]>();

/** Problems of a schema against the draft 2020-12 meta-schema (cached by schema identity). */
export function metaValidate(schema: unknown): SchemaProblem[] {
  if (schema !== null && typeof schema === 'object') {
    const hit = metaCache.get(schema);
    if (hit) return hit;
    const r = metaValidateUncached(schema);
    metaCache.set(schema, r);
    return r;
  }
  return metaValidateUncached(schema);
}

function metaValidateUncached(schema: unknown): SchemaProblem[] {
  const ajv = sharedAjv();
  if (typeof schema !== 'boolean' && (schema === null || typeof schema !== 'object' || Array.isArray(schema))) {
    return [{ path: '', message: 'a schema must be an object or a boolean' }];
  }
  const valid = ajv.validateSchema(schema as object) as boolean;
  if (!valid) {
    // One problem per place: ajv reports each failed branch of the meta-schema's anyOf too.
    const byPath = new Map<string, SchemaProblem>();
    for (const e of ajv.errors ?? []) {
      if (byPath.has(e.instancePath)) continue;
      const allowed = (e.params as { allowedValues?: unknown[] }).allowedValues;
      const detail = allowed ? `must be one of ${allowed.join(', ')}` : (e.message ?? e.keyword);
      byPath.set(e.instancePath, { path: e.instancePath, message: detail });
    }
    return [...byPath.values()].slice(0, 5);
  }
  return patternProblems(schema);
}

/** A regular expression of a schema: a `pattern`, or a key of `patternProperties`. */
export interface PatternSite {
  /** A JSON pointer into the schema: the `pattern` value, or the `patternProperties` key. */
  readonly path: string;
  readonly pattern: string;
  /** What it is matched against: a string value (`pattern`) or a property name (a `patternProperties` key). */
  readonly matches: 'value' | 'name';
  /** For a `pattern`: the `maxLength` beside it, if any (it bounds how long matching can take). */
  readonly maxLength?: number;
}

const escapePointer = (k: string): string => k.replace(/~/g, '~0').replace(/\//g, '~1');

/** Keywords whose value is a map of names to subschemas, one subschema, or a list of them. */
const SCHEMA_MAPS = ['properties', '$defs', 'definitions', 'dependentSchemas'];
const SCHEMA_ONE = ['items', 'additionalItems', 'additionalProperties', 'unevaluatedItems', 'unevaluatedProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'contentSchema'];
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items'];

/** Calls `visit` with every subschema (an object where a keyword expects a schema) and its JSON pointer. */
function eachSubschema(schema: unknown, visit: (o: Record<string, unknown>, pointer: string) => void): void {
  const walk = (s: unknown, p: string): void => {
    if (s === null || typeof s !== 'object' || Array.isArray(s)) return;
    const o = s as Record<string, unknown>;
    visit(o, p);
    const pp = o.patternProperties;
    if (pp !== null && typeof pp === 'object' && !Array.isArray(pp)) {
      for (const [re, sub] of Object.entries(pp)) walk(sub, `${p}/patternProperties/${escapePointer(re)}`);
    }
    for (const k of SCHEMA_MAPS) {
      const m = o[k];
      if (m !== null && typeof m === 'object' && !Array.isArray(m)) for (const [name, sub] of Object.entries(m)) walk(sub, `${p}/${k}/${escapePointer(name)}`);
    }
    for (const k of SCHEMA_ONE) walk(o[k], `${p}/${k}`);
    for (const k of SCHEMA_LISTS) {
      const l = o[k];
      if (Array.isArray(l)) l.forEach((sub, i) => walk(sub, `${p}/${k}/${i}`));
    }
  };
  walk(schema, '');
}

/** Every regular expression in a schema, where it is (only where a keyword expects a schema: never in `const` or `enum` data). */
export function patternSites(schema: unknown): PatternSite[] {
  const out: PatternSite[] = [];
  eachSubschema(schema, (o, p) => {
    if (typeof o.pattern === 'string') out.push({ path: `${p}/pattern`, pattern: o.pattern, matches: 'value', ...(typeof o.maxLength === 'number' ? { maxLength: o.maxLength } : {}) });
    const pp = o.patternProperties;
    if (pp !== null && typeof pp === 'object' && !Array.isArray(pp)) {
      for (const re of Object.keys(pp)) out.push({ path: `${p}/patternProperties/${escapePointer(re)}`, pattern: re, matches: 'name' });
    }
  });
  return out;
}

/**
 * The keywords of JSON Schema draft 2020-12 (core, applicator, validation, unevaluated,
 * format, content and meta-data vocabularies), and the older ones ajv still reads
 * (`definitions`, `dependencies`, `additionalItems`).
 */
export const SCHEMA_KEYWORDS: ReadonlySet<string> = new Set([
  '$schema', '$id', '$ref', '$defs', '$anchor', '$dynamicRef', '$dynamicAnchor', '$vocabulary', '$comment',
  'type', 'enum', 'const', 'multipleOf', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum',
  'maxLength', 'minLength', 'pattern', 'maxItems', 'minItems', 'uniqueItems', 'maxContains', 'minContains',
  'maxProperties', 'minProperties', 'required', 'dependentRequired',
  'properties', 'patternProperties', 'additionalProperties', 'propertyNames', 'items', 'prefixItems', 'contains',
  'unevaluatedItems', 'unevaluatedProperties', 'allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else', 'dependentSchemas',
  'format', 'contentEncoding', 'contentMediaType', 'contentSchema',
  'title', 'description', 'default', 'deprecated', 'readOnly', 'writeOnly', 'examples',
  'definitions', 'dependencies', 'additionalItems',
]);

/**
 * Keys of a schema that are no JSON Schema keyword (`requird`, `maxLenght`), where they are:
 * a validator ignores them, so what they meant to check goes unchecked. `x-` keys are
 * annotations by convention and left alone.
 */
export function unknownKeywords(schema: unknown): { path: string; keyword: string }[] {
  const out: { path: string; keyword: string }[] = [];
  eachSubschema(schema, (o, p) => {
    for (const k of Object.keys(o)) if (!SCHEMA_KEYWORDS.has(k) && !/^x-/i.test(k)) out.push({ path: `${p}/${escapePointer(k)}`, keyword: k });
  });
  return out;
}

/** `format` values that no validator of this project knows (ajv ignores them: nothing is checked), where they are. */
export function unknownFormats(schema: unknown, known: ReadonlySet<string>): { path: string; format: string }[] {
  const out: { path: string; format: string }[] = [];
  eachSubschema(schema, (o, p) => {
    if (typeof o.format === 'string' && !known.has(o.format)) out.push({ path: `${p}/format`, format: o.format });
  });
  return out;
}

/**
 * Regular expressions in `pattern` and `patternProperties` that do not compile (as ajv reads
 * them, with the u flag). Compiled as validation will compile them, once: the checker's
 * `slow-pattern` and every validator then find them in compilePattern's cache.
 */
function patternProblems(schema: unknown): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  for (const site of patternSites(schema)) {
    try {
      compilePattern(site.pattern);
    } catch (err) {
      out.push({ path: site.path, message: err instanceof Error ? err.message : String(err) });
    }
  }
  return out;
}

/**
 * References in a bundled schema that point nowhere: local pointers that do not resolve, and
 * references to other documents (not supported: contracts are referenced as #/contracts/Name).
 */
export function refProblems(schema: JsonSchema): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  const walk = (v: unknown, p: string): void => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${p}/${i}`));
    else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        const here = `${p}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        if ((k === '$ref' || k === '$dynamicRef') && typeof x === 'string') {
          if (x.startsWith('#/contracts/')) continue;
          if (!x.startsWith('#')) out.push({ path: here, message: `'${x}' points outside the definition files; use #/contracts/Name or a local #/$defs/... reference` });
          else if (resolvePointer(schema, x) === undefined && !/^#[A-Za-z_]/.test(x)) out.push({ path: here, message: `'${x}' points at nothing in this schema` });
        } else if (k !== 'const' && k !== 'enum' && k !== 'default' && k !== 'examples') walk(x, here);
      }
    }
  };
  walk(schema, '');
  return out;
}

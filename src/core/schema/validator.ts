/**
 * Compiled validators, cached by schema identity: the checker validates fallbacks with them
 * and the engine validates every handoff at run time. Errors carry a JSON pointer to the
 * offending value and a message a person can act on.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { JsonSchema } from '../model/program';
import { sharedAjv } from './ajv';
import { interpretValidate } from './interpret';

export interface ValidationError {
  /** A JSON pointer into the value (`/ticket/id`); empty for the value itself. */
  readonly path: string;
  readonly message: string;
}

export type ValidationResult = { readonly ok: true; readonly errors: readonly [] } | { readonly ok: false; readonly errors: readonly ValidationError[] };
export type Validator = (value: unknown) => ValidationResult;

const OK: ValidationResult = { ok: true, errors: [] };
const cache = new WeakMap<object, Validator>();
/** Compiled validators by schema text, so that an edit that leaves a schema alone recompiles nothing. */
const byText = new Map<string, Validator>();
const MAX_BY_TEXT = 5000;

function describe(e: ErrorObject): ValidationError {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { path: `${e.instancePath}/${String(p.missingProperty)}`, message: 'is required but missing' };
    case 'additionalProperties':
      return { path: `${e.instancePath}/${String(p.additionalProperty)}`, message: 'is not allowed (the contract forbids extra fields)' };
    case 'enum':
      return { path: e.instancePath, message: `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(' | ')}` };
    case 'const':
      return { path: e.instancePath, message: `must be ${JSON.stringify(p.allowedValue)}` };
    default:
      return { path: e.instancePath, message: e.message ?? `fails ${e.keyword}` };
  }
}

/** Errors worth showing: the branch errors of anyOf/oneOf are dropped when the combinator's own error is present. */
function convert(errors: readonly ErrorObject[]): ValidationError[] {
  const seen = new Set<string>();
  const out: ValidationError[] = [];
  for (const e of errors) {
    const d = describe(e);
    const key = `${d.path}\u0000${d.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(d);
    }
  }
  return out;
}

/** Object keys and strings on which ajv's `uniqueItems` goes wrong (see uniqueItemsSafe). */
const PROTO_NAMES = new Set(['__proto__', 'constructor', 'toString', 'valueOf']);

function hasProtoNames(v: unknown, depth = 0): boolean {
  if (depth > 200) return true; // deeper than any contract: let the interpreter judge it
  if (typeof v === 'string') return v === '__proto__';
  if (Array.isArray(v)) return v.some((x) => hasProtoNames(x, depth + 1));
  if (v !== null && typeof v === 'object') return Object.entries(v).some(([k, x]) => PROTO_NAMES.has(k) || hasProtoNames(x, depth + 1));
  return false;
}

/**
 * ajv 8 judges `uniqueItems` (and `enum`/`const` of objects, see comparesObjects) wrongly on JSON data that uses the names of Object.prototype:
 * its deep equality (fast-deep-equal) calls an object's own `toString`/`valueOf` (a
 * TypeError: validation would throw on a model's output) and compares `constructor` by
 * identity, and its count of scalar items keeps them in a plain object, where two
 * "__proto__" strings never collide. Values that hold such names are judged by the
 * interpreter instead, which compares JSON values; others keep the compiled validator.
 */
function uniqueItemsSafe(compiled: Validator, schema: JsonSchema): Validator {
  return (value) => {
    if (hasProtoNames(value)) {
      const errors = interpretValidate(value, schema);
      if (errors !== undefined) return errors.length === 0 ? OK : { ok: false, errors };
    }
    try {
      return compiled(value);
    } catch (err) {
      return { ok: false, errors: [{ path: '', message: `could not be validated: ${err instanceof Error ? err.message : String(err)}` }] };
    }
  };
}

/**
 * Whether a schema has an `enum` or `const` holding an object or an array: ajv compares the
 * data with those by fast-deep-equal too, which calls the data's own `valueOf`/`toString`
 * (`{"mode": {"valueOf": 1}}` made validation throw), so such schemas get the same guard as
 * `uniqueItems`. Enums of strings and numbers are compared with `===` and need none.
 */
function comparesObjects(schema: unknown, depth = 0): boolean {
  if (schema === null || typeof schema !== 'object' || depth > 100) return false;
  if (Array.isArray(schema)) return schema.some((x) => comparesObjects(x, depth + 1));
  const o = schema as Record<string, unknown>;
  const isComposite = (v: unknown): boolean => v !== null && typeof v === 'object';
  if (Array.isArray(o.enum) && o.enum.some(isComposite)) return true;
  if (isComposite(o.const)) return true;
  return Object.values(o).some((v) => comparesObjects(v, depth + 1));
}

/**
 * A validator for a self-contained schema (contract references bundled under `$defs`).
 * Throws when the schema cannot be compiled (the checker reports that as invalid-schema).
 */
let compiled = 0;

export function compileValidator(schema: JsonSchema): Validator {
  if (typeof schema === 'boolean') {
    return schema ? () => OK : () => ({ ok: false, errors: [{ path: '', message: 'no value is allowed here' }] });
  }
  const hit = cache.get(schema);
  if (hit !== undefined) return hit;
  const text = JSON.stringify(schema);
  let validator = byText.get(text);
  if (validator === undefined) {
    const { $id: _id, ...rest } = JSON.parse(text) as Record<string, unknown>;
    const ajv = sharedAjv();
    // A base URI of its own, unique to this compilation: without one ajv cannot resolve a
    // reference to the schema's root (`$ref: "#"`, a recursive contract) and throws; the
    // author's `$id` is dropped so that no two contracts can claim the same one.
    const id = `handoff:validator/${++compiled}`;
    let fn: ValidateFunction;
    try {
      fn = ajv.compile({ ...rest, $id: id });
    } finally {
      // The compiled function keeps what it needs; ajv's own registry would only grow.
      ajv.removeSchema(id);
    }
    const run: Validator = (value) => (fn(value) ? OK : { ok: false, errors: convert(fn.errors ?? []) });
    validator = text.includes('"uniqueItems"') || comparesObjects(rest) ? uniqueItemsSafe(run, rest) : run;
    if (byText.size >= MAX_BY_TEXT) byText.delete(byText.keys().next().value as string);
    byText.set(text, validator);
  }
  cache.set(schema, validator);
  return validator;
}

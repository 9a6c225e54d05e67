/**
 * Compiled validators, cached by schema identity: the checker validates fallbacks with them
 * and the engine validates every handoff at run time. Errors carry a JSON pointer to the
 * offending value and a message a person can act on.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { JsonSchema } from '../model/program';
import { sharedAjv } from './ajv';

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

/**
 * A validator for a self-contained schema (contract references bundled under `$defs`).
 * Throws when the schema cannot be compiled (the checker reports that as invalid-schema).
 */
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
    const fn: ValidateFunction = ajv.compile(rest);
    // The compiled function keeps what it needs; ajv's own cache would only grow.
    ajv.removeSchema(rest);
    validator = (value) => (fn(value) ? OK : { ok: false, errors: convert(fn.errors ?? []) });
    if (byText.size >= MAX_BY_TEXT) byText.delete(byText.keys().next().value as string);
    byText.set(text, validator);
  }
  cache.set(schema, validator);
  return validator;
}

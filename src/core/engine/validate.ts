/**
 * Compiled contract validators, cached per schema object. An adapter over ajv (draft
 * 2020-12) with the same shape as src/core/schema's `compileValidator`, so the two can be
 * swapped: `(value) => { ok, errors: { path, message }[] }`, paths as JSON pointers.
 */
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { JsonSchema } from '../model/program';
import { RunError } from './errors';

export interface Violation {
  /** A JSON pointer into the value (`""` for the whole value). */
  readonly path: string;
  readonly message: string;
}

export type Validator = (value: unknown) => { ok: boolean; errors: Violation[] };

const ajv = new Ajv2020({ allErrors: true, strict: false, validateSchema: false });
addFormats(ajv);
const cache = new WeakMap<object, Validator>();
const OK = { ok: true, errors: [] as Violation[] };

export function compileValidator(schema: JsonSchema): Validator {
  if (typeof schema === 'boolean') return schema ? () => OK : () => ({ ok: false, errors: [{ path: '', message: 'no value is allowed here' }] });
  const hit = cache.get(schema);
  if (hit) return hit;
  let fn: ReturnType<typeof ajv.compile>;
  try {
    fn = ajv.compile(schema);
  } catch (err) {
    throw new RunError('definition', `a contract schema cannot be compiled: ${(err as Error).message}`, { cause: err });
  }
  const v: Validator = (value) => {
    if (fn(value)) return OK;
    return {
      ok: false,
      errors: (fn.errors ?? []).map((e) => ({ path: e.instancePath, message: describe(e.message, e.params) })),
    };
  };
  cache.set(schema, v);
  return v;
}

function describe(message: string | undefined, params: Record<string, unknown>): string {
  const base = message ?? 'is invalid';
  if (params['allowedValues']) return `${base}: ${JSON.stringify(params['allowedValues'])}`;
  if (params['additionalProperty']) return `${base}: '${String(params['additionalProperty'])}'`;
  return base;
}

/** Reads the value at a JSON pointer (for the `value` of a contract.violation). */
export function valueAt(value: unknown, pointer: string): unknown {
  if (!pointer) return value;
  let cur = value;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

/** A value cut to at most `max` characters of JSON, for traces. */
export function cutValue(value: unknown, max = 4096): unknown {
  if (value === undefined) return undefined;
  const s = JSON.stringify(value);
  if (s === undefined || s.length <= max) return value;
  return `${s.slice(0, max)}… (${s.length} characters)`;
}

/**
 * Moves every nested `$defs` to the root. Engine contracts embed self-contained contract
 * schemas (each with its own `$defs` and `#/$defs/...` references); hoisted, those
 * references resolve against the combined schema.
 */
export function hoistDefs(schema: JsonSchema): JsonSchema {
  const defs: Record<string, unknown> = {};
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (!v || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === '$defs' && x && typeof x === 'object') {
        for (const [name, d] of Object.entries(x)) if (!(name in defs)) defs[name] = strip(d);
      } else out[k] = strip(x);
    }
    return out;
  };
  const body = strip(schema);
  if (typeof body !== 'object' || body === null || Object.keys(defs).length === 0) return body as JsonSchema;
  return { ...(body as Record<string, unknown>), $defs: defs };
}

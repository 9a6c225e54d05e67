/**
 * Contract validation for the engine: src/core/schema's compiled, cached validators
 * (`(value) => { ok, errors: { path, message }[] }`, paths as JSON pointers), and helpers
 * for violation events and engine-supplied contracts.
 */
import type { JsonSchema } from '../model/program';
import { compileValidator as compileSchema } from '../schema/validator';
import { RunError } from './errors';

export interface Violation {
  /** A JSON pointer into the value (`""` for the whole value). */
  readonly path: string;
  readonly message: string;
}

export type Validator = (value: unknown) => { ok: boolean; errors: readonly Violation[] };

/** src/core/schema's cached validator; a schema that does not compile is a definition error. */
export function compileValidator(schema: JsonSchema): Validator {
  try {
    return compileSchema(schema);
  } catch (err) {
    throw new RunError('definition', `a contract schema cannot be compiled: ${(err as Error).message}`, { cause: err });
  }
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

/**
 * Meta-validation of contract schemas against JSON Schema draft 2020-12, plus a trial
 * compilation that catches what the meta-schema cannot (a bad regular expression, a
 * `$ref` that points nowhere).
 */
import type { JsonSchema } from '../model/program';
import { sharedAjv } from './ajv';

export interface SchemaProblem {
  /** A JSON pointer into the schema (`/properties/id/type`). */
  readonly path: string;
  readonly message: string;
}

export function metaValidate(schema: unknown): SchemaProblem[] {
  const ajv = sharedAjv();
  if (typeof schema !== 'boolean' && (schema === null || typeof schema !== 'object' || Array.isArray(schema))) {
    return [{ path: '', message: 'a schema must be an object or a boolean' }];
  }
  const valid = ajv.validateSchema(schema as object) as boolean;
  if (!valid) {
    return (ajv.errors ?? []).slice(0, 5).map((e) => {
      const allowed = (e.params as { allowedValues?: unknown[] }).allowedValues;
      const detail = allowed ? `must be one of ${allowed.join(', ')}` : (e.message ?? e.keyword);
      return { path: e.instancePath, message: detail };
    });
  }
  return [];
}

/** Compiles a bundled schema once to catch problems the meta-schema cannot see. */
export function compileProblems(schema: JsonSchema): SchemaProblem[] {
  if (typeof schema === 'boolean') return [];
  try {
    const { $id: _id, ...rest } = schema;
    sharedAjv().compile(rest);
    return [];
  } catch (err) {
    return [{ path: '', message: err instanceof Error ? (err.message.split('\n')[0] as string) : String(err) }];
  }
}

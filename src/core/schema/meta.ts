/**
 * Meta-validation of contract schemas against JSON Schema draft 2020-12, plus a trial
 * compilation that catches what the meta-schema cannot (a bad regular expression, a
 * `$ref` that points nowhere).
 */
import type { JsonSchema } from '../model/program';
import { sharedAjv } from './ajv';
import { resolvePointer } from './navigate';

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

/** Regular expressions in `pattern` and `patternProperties` that do not compile (as ajv reads them, with the u flag). */
function patternProblems(schema: unknown, path = ''): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  const bad = (re: string): string | undefined => {
    try {
      new RegExp(re, 'u');
      return undefined;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  };
  const walk = (v: unknown, p: string): void => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${p}/${i}`));
    else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        const here = `${p}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        if (k === 'pattern' && typeof x === 'string') {
          const m = bad(x);
          if (m) out.push({ path: here, message: m });
        } else if (k === 'patternProperties' && x !== null && typeof x === 'object') {
          for (const re of Object.keys(x)) {
            const m = bad(re);
            if (m) out.push({ path: `${here}/${re.replace(/~/g, '~0').replace(/\//g, '~1')}`, message: m });
          }
          walk(x, here);
        } else walk(x, here);
      }
    }
  };
  walk(schema, path);
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

/**
 * Whether OpenAI's strict structured outputs can enforce a schema as written: every object
 * lists all its properties as required and sets `additionalProperties: false`, only the
 * supported keywords appear, the root is an object, and the size limits hold (at most 5,000
 * properties, 10 levels of nesting, 1,000 enum values in all).
 */
import type { JsonSchema } from '../model/program';
import { isUnknownType } from './assignable';
import { isObject } from './navigate';

export interface StrictProblem {
  /** A JSON pointer into the schema. */
  readonly path: string;
  readonly message: string;
}

const SUPPORTED = new Set([
  'type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'const', 'anyOf', '$ref', '$defs',
  'description', 'title', 'pattern', 'format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum',
  'multipleOf', 'minItems', 'maxItems', '$schema', '$comment', 'default', 'examples', 'definitions',
]);
const FORMATS = new Set(['date-time', 'time', 'date', 'duration', 'email', 'hostname', 'ipv4', 'ipv6', 'uuid']);

export const STRICT_LIMITS = { properties: 5000, nesting: 10, enumValues: 1000 } as const;

export function strictProblems(schema: JsonSchema): StrictProblem[] {
  if (isUnknownType(schema)) return []; // a contract that is not valid: reported once, as invalid-schema
  const out: StrictProblem[] = [];
  let properties = 0;
  let enumValues = 0;
  if (!isObject(schema) || (schema.type !== 'object' && !isObject(schema.properties))) {
    out.push({ path: '', message: 'the root must be an object schema (type: object)' });
  }
  const walk = (s: unknown, path: string, depth: number): void => {
    if (!isObject(s) || isUnknownType(s)) return;
    if (depth > STRICT_LIMITS.nesting) {
      out.push({ path, message: `nests deeper than ${STRICT_LIMITS.nesting} levels` });
      return;
    }
    for (const k of Object.keys(s)) if (!SUPPORTED.has(k)) out.push({ path: `${path}/${k}`, message: `the keyword ${k} is not supported` });
    if (typeof s.format === 'string' && !FORMATS.has(s.format)) out.push({ path: `${path}/format`, message: `the format ${s.format} is not supported` });
    if (Array.isArray(s.enum)) enumValues += s.enum.length;
    const isObj = s.type === 'object' || (Array.isArray(s.type) && s.type.includes('object')) || isObject(s.properties);
    if (isObj) {
      const props = isObject(s.properties) ? Object.keys(s.properties) : [];
      properties += props.length;
      if (s.additionalProperties !== false) out.push({ path, message: 'additionalProperties must be false' });
      const req = new Set(Array.isArray(s.required) ? s.required : []);
      const optional = props.filter((p) => !req.has(p));
      if (optional.length > 0) out.push({ path, message: `every property must be required (optional: ${optional.join(', ')}); use a null union instead` });
      for (const p of props) walk((s.properties as Record<string, unknown>)[p], `${path}/properties/${p}`, depth + 1);
    }
    if (s.items !== undefined) walk(s.items, `${path}/items`, depth + 1);
    if (Array.isArray(s.anyOf)) s.anyOf.forEach((b, i) => walk(b, `${path}/anyOf/${i}`, depth));
    if (isObject(s.$defs)) for (const [k, d] of Object.entries(s.$defs)) walk(d, `/$defs/${k}`, 1);
  };
  walk(schema, '', 1);
  if (properties > STRICT_LIMITS.properties) out.push({ path: '', message: `has ${properties} properties, more than ${STRICT_LIMITS.properties}` });
  if (enumValues > STRICT_LIMITS.enumValues) out.push({ path: '', message: `has ${enumValues} enum values, more than ${STRICT_LIMITS.enumValues}` });
  return out;
}

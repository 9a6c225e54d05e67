/**
 * A small interpreting validator for the common keywords, for one-off checks (a fallback
 * value, an enum member against a target) where compiling a schema with ajv would cost more
 * than validating. It returns undefined when it meets a keyword it does not implement; the
 * caller then uses a compiled validator, so the answer is always exact.
 */
import type { JsonSchema } from '../model/program';
import { jsonEqual } from '../expr/evaluate';
import { isObject, resolvePointer } from './navigate';
import { compilePattern } from './pattern';
import type { ValidationError } from './validator';

const IGNORED = new Set(['$schema', '$id', '$comment', '$defs', 'definitions', 'title', 'description', 'default', 'examples', 'deprecated', 'readOnly', 'writeOnly']);
const HANDLED = new Set(['type', 'enum', 'const', 'properties', 'required', 'additionalProperties', 'items', 'prefixItems', 'minItems', 'maxItems', 'uniqueItems', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength', 'pattern', 'anyOf', 'oneOf', 'allOf', 'not', '$ref', 'minProperties', 'maxProperties']);

class Unsupported extends Error {}

function typeOk(t: string, v: unknown): boolean {
  switch (t) {
    case 'null': return v === null;
    case 'boolean': return typeof v === 'boolean';
    case 'string': return typeof v === 'string';
    case 'number': return typeof v === 'number' && Number.isFinite(v);
    case 'integer': return typeof v === 'number' && Number.isInteger(v);
    case 'array': return Array.isArray(v);
    case 'object': return isObject(v);
    default: return false;
  }
}

const esc = (k: string): string => k.replace(/~/g, '~0').replace(/\//g, '~1');

function check(v: unknown, s: JsonSchema, root: JsonSchema, path: string, out: ValidationError[], depth: number): void {
  if (s === true) return;
  if (s === false) return void out.push({ path, message: 'no value is allowed here' });
  if (depth > 64) throw new Unsupported();
  for (const k of Object.keys(s)) if (!HANDLED.has(k) && !IGNORED.has(k)) throw new Unsupported();
  const fail = (message: string, at = path): void => void out.push({ path: at, message });
  if (typeof s.$ref === 'string') {
    const target = resolvePointer(root, s.$ref);
    if (target === undefined) throw new Unsupported();
    check(v, target, root, path, out, depth + 1);
  }
  if (s.type !== undefined) {
    const types = (Array.isArray(s.type) ? s.type : [s.type]) as string[];
    if (!types.some((t) => typeOk(t, v))) return fail(`must be ${types.join(' or ')}`);
  }
  if ('const' in s && !jsonEqual(v, s.const)) fail(`must be ${JSON.stringify(s.const)}`);
  if (Array.isArray(s.enum) && !s.enum.some((e) => jsonEqual(v, e))) fail(`must be one of ${s.enum.map((e) => JSON.stringify(e)).join(' | ')}`);
  if (typeof v === 'number') {
    if (typeof s.minimum === 'number' && v < s.minimum) fail(`must be >= ${s.minimum}`);
    if (typeof s.maximum === 'number' && v > s.maximum) fail(`must be <= ${s.maximum}`);
    if (typeof s.exclusiveMinimum === 'number' && v <= s.exclusiveMinimum) fail(`must be > ${s.exclusiveMinimum}`);
    if (typeof s.exclusiveMaximum === 'number' && v >= s.exclusiveMaximum) fail(`must be < ${s.exclusiveMaximum}`);
    if (typeof s.multipleOf === 'number' && !Number.isInteger(v / s.multipleOf)) fail(`must be a multiple of ${s.multipleOf}`);
  }
  if (typeof v === 'string') {
    const len = [...v].length;
    if (typeof s.minLength === 'number' && len < s.minLength) fail(`must NOT have fewer than ${s.minLength} characters`);
    if (typeof s.maxLength === 'number' && len > s.maxLength) fail(`must NOT have more than ${s.maxLength} characters`);
    if (typeof s.pattern === 'string' && !compilePattern(s.pattern).test(v)) fail(`must match pattern "${s.pattern}"`);
  }
  if (Array.isArray(v)) {
    if (typeof s.minItems === 'number' && v.length < s.minItems) fail(`must NOT have fewer than ${s.minItems} items`);
    if (typeof s.maxItems === 'number' && v.length > s.maxItems) fail(`must NOT have more than ${s.maxItems} items`);
    const prefix = Array.isArray(s.prefixItems) ? (s.prefixItems as JsonSchema[]) : [];
    v.forEach((item, i) => {
      const sub = i < prefix.length ? prefix[i] : (s.items as JsonSchema | undefined);
      if (sub !== undefined) check(item, sub, root, `${path}/${i}`, out, depth + 1);
    });
    if (s.uniqueItems === true && v.some((x, i) => v.findIndex((y) => jsonEqual(x, y)) !== i)) fail('must NOT have duplicate items');
  }
  if (isObject(v)) {
    const props = isObject(s.properties) ? s.properties : {};
    for (const r of Array.isArray(s.required) ? s.required : []) if (!Object.hasOwn(v, r as string)) fail('is required but missing', `${path}/${esc(r as string)}`);
    const keys = Object.keys(v);
    if (typeof s.minProperties === 'number' && keys.length < s.minProperties) fail(`must NOT have fewer than ${s.minProperties} properties`);
    if (typeof s.maxProperties === 'number' && keys.length > s.maxProperties) fail(`must NOT have more than ${s.maxProperties} properties`);
    for (const k of keys) {
      const at = `${path}/${esc(k)}`;
      if (Object.hasOwn(props, k)) check(v[k], props[k] as JsonSchema, root, at, out, depth + 1);
      else if (s.additionalProperties === false) fail('is not allowed (the contract forbids extra fields)', at);
      else if (s.additionalProperties !== undefined) check(v[k], s.additionalProperties as JsonSchema, root, at, out, depth + 1);
    }
  }
  const passes = (b: JsonSchema): boolean => {
    const sub: ValidationError[] = [];
    check(v, b, root, path, sub, depth + 1);
    return sub.length === 0;
  };
  if (Array.isArray(s.allOf)) for (const b of s.allOf) check(v, b as JsonSchema, root, path, out, depth + 1);
  if (Array.isArray(s.anyOf) && !s.anyOf.some((b) => passes(b as JsonSchema))) fail('must match a schema in anyOf');
  if (Array.isArray(s.oneOf) && s.oneOf.filter((b) => passes(b as JsonSchema)).length !== 1) fail('must match exactly one schema in oneOf');
  if (s.not !== undefined && passes(s.not as JsonSchema)) fail('must NOT be valid against the schema in not');
}

/** Errors of a value against a schema, or undefined when the schema uses a keyword this does not implement. */
export function interpretValidate(value: unknown, schema: JsonSchema, root: JsonSchema = schema): ValidationError[] | undefined {
  const out: ValidationError[] = [];
  try {
    check(value, schema, root, '', out, 0);
  } catch (err) {
    if (err instanceof Unsupported || err instanceof SyntaxError) return undefined;
    throw err;
  }
  return out;
}

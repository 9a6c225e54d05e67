/**
 * A readable rendering of a JSON Schema as a type, for hover and messages:
 * `{ verdict: "pay" | "deny"; payout: number; note?: string }`.
 */
import type { JsonSchema } from '../model/program';
import { isObject, resolvePointer } from './navigate';

export function showValue(v: unknown): string {
  return JSON.stringify(v) ?? 'undefined';
}

function refName(ref: string): string {
  const last = ref.split('/').pop() ?? ref;
  return last.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function typeToString(schema: JsonSchema, root: JsonSchema = schema, depth = 3): string {
  if (schema === true) return 'any';
  if (schema === false) return 'never';
  const s = schema;
  if (typeof s.$ref === 'string') {
    if (depth <= 0 || resolvePointer(root, s.$ref) === undefined) return refName(s.$ref);
    return refName(s.$ref);
  }
  if ('const' in s) return showValue(s.const);
  if (Array.isArray(s.enum)) return s.enum.map(showValue).join(' | ') || 'never';
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = s[key];
    if (Array.isArray(branches)) return branches.map((b) => typeToString(b as JsonSchema, root, depth)).join(' | ');
  }
  if (Array.isArray(s.allOf)) return s.allOf.map((b) => typeToString(b as JsonSchema, root, depth)).join(' & ');
  const types = Array.isArray(s.type) ? (s.type as string[]) : typeof s.type === 'string' ? [s.type] : [];
  if (types.length === 0) {
    if (isObject(s.properties)) types.push('object');
    else if (s.items !== undefined || s.prefixItems !== undefined) types.push('array');
    else return 'any';
  }
  return types.map((t) => render(t, s, root, depth)).join(' | ');
}

function render(t: string, s: Record<string, unknown>, root: JsonSchema, depth: number): string {
  if (t === 'object') {
    if (!isObject(s.properties)) return s.additionalProperties === false ? '{}' : 'object';
    if (depth <= 0) return '{ … }';
    const required = new Set(Array.isArray(s.required) ? s.required : []);
    const members = Object.entries(s.properties).map(
      ([k, v]) => `${k}${required.has(k) ? '' : '?'}: ${typeToString(v as JsonSchema, root, depth - 1)}`,
    );
    if (s.additionalProperties !== false) members.push('…');
    return `{ ${members.join('; ')} }`;
  }
  if (t === 'array') {
    if (Array.isArray(s.prefixItems)) return `[${s.prefixItems.map((x) => typeToString(x as JsonSchema, root, depth - 1)).join(', ')}]`;
    if (s.items === undefined || s.items === true) return 'any[]';
    const inner = typeToString(s.items as JsonSchema, root, depth - 1);
    return inner.includes(' ') ? `(${inner})[]` : `${inner}[]`;
  }
  return t;
}

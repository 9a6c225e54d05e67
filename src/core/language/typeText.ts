/**
 * A contract schema as a readable type for hovers: `{ verdict: "pay" | "deny"; payout: number }`.
 * A `$ref` to another contract prints as that contract's name; long objects break over lines.
 */
import { contractRefOf, isObj, type Schema } from './schemaNav';

const WIDTH = 80;
const MAX_DEPTH = 4;

export function typeText(s: Schema | undefined, indent = ''): string {
  return print(s, indent, 0);
}

function print(s: Schema | undefined, indent: string, depth: number): string {
  if (s === undefined || s === true) return 'unknown';
  if (s === false) return 'never';
  // A schema being typed (`a:` with no value yet, `a: string`) is no schema object yet.
  if (!isObj(s)) return 'unknown';
  const ref = contractRefOf(s);
  if (ref) return ref.version ? `${ref.name}@${ref.version}` : ref.name;
  if (typeof s.$ref === 'string') return s.$ref.replace(/^#\/\$defs\//, '');
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(' | ') || 'never';
  if ('const' in s) return JSON.stringify(s.const);
  const alts = (Array.isArray(s.anyOf) ? s.anyOf : Array.isArray(s.oneOf) ? s.oneOf : undefined) as Schema[] | undefined;
  if (alts) return alts.map((a) => wrap(print(a, indent, depth))).join(' | ');
  if (Array.isArray(s.allOf)) return (s.allOf as Schema[]).map((a) => wrap(print(a, indent, depth))).join(' & ');
  const types = Array.isArray(s.type) ? (s.type as string[]) : typeof s.type === 'string' ? [s.type] : [];
  if (types.length > 1) return types.map((t) => print({ ...s, type: t }, indent, depth)).join(' | ');
  const t = types[0] ?? (isObj(s.properties) ? 'object' : s.items !== undefined ? 'array' : undefined);
  if (t === 'array') return `${wrap(print(s.items as Schema | undefined, indent, depth))}[]${limits(s, t)}`;
  if (t === 'object') return objectText(s, indent, depth);
  return `${t ?? 'unknown'}${limits(s, t)}`;
}

/**
 * What a schema requires beyond its type, as a comment after it: `integer /* 1..5 *\/`,
 * `string /* format email, length ≤ 200 *\/`, `Step[] /* 1..10 items *\/`. Empty when nothing.
 */
function limits(s: Record<string, unknown>, t: string | undefined): string {
  const num = (k: string): number | undefined => (typeof s[k] === 'number' && Number.isFinite(s[k]) ? (s[k] as number) : undefined);
  const range = (lo: number | undefined, hi: number | undefined, what = ''): string | undefined =>
    lo !== undefined && hi !== undefined ? (lo === hi ? `exactly ${lo}${what}` : `${lo}..${hi}${what}`) : lo !== undefined ? `≥ ${lo}${what}` : hi !== undefined ? `≤ ${hi}${what}` : undefined;
  const parts: (string | undefined)[] = [];
  if (t === 'number' || t === 'integer') {
    const [min, max, xmin, xmax] = [num('minimum'), num('maximum'), num('exclusiveMinimum'), num('exclusiveMaximum')];
    parts.push(range(min, max));
    if (xmin !== undefined) parts.push(`> ${xmin}`);
    if (xmax !== undefined) parts.push(`< ${xmax}`);
    if (num('multipleOf') !== undefined) parts.push(`multiple of ${num('multipleOf')}`);
  } else if (t === 'string') {
    if (typeof s.format === 'string') parts.push(`format ${s.format}`);
    const length = range(num('minLength'), num('maxLength'));
    if (length) parts.push(`length ${length}`);
    if (typeof s.pattern === 'string') parts.push(`pattern /${s.pattern.length > 40 ? `${s.pattern.slice(0, 40)}…` : s.pattern}/`);
  } else if (t === 'array') {
    parts.push(range(num('minItems'), num('maxItems'), ' items'));
    if (s.uniqueItems === true) parts.push('unique');
  }
  const said = parts.filter((p): p is string => p !== undefined);
  // A comment cannot hold its own end.
  return said.length ? ` /* ${said.join(', ').replace(/\*\//g, '*∕')} */` : '';
}

function objectText(s: Record<string, unknown>, indent: string, depth: number): string {
  const props = isObj(s.properties) ? Object.entries(s.properties) : [];
  if (props.length === 0) {
    if (isObj(s.additionalProperties) || s.additionalProperties === true) {
      return `Record<string, ${print(s.additionalProperties as Schema, indent, depth)}>`;
    }
    return '{}';
  }
  if (depth >= MAX_DEPTH) return '{ … }';
  const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
  const inner = indent + '  ';
  const key = (k: string): string => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : JSON.stringify(k));
  const parts = props.map(([k, v]) => `${key(k)}${required.has(k) ? '' : '?'}: ${print(v as Schema, inner, depth + 1)}`);
  const one = `{ ${parts.join('; ')} }`;
  if (one.length + indent.length <= WIDTH && !one.includes('\n')) return one;
  return `{\n${parts.map((p) => `${inner}${p};`).join('\n')}\n${indent}}`;
}

function wrap(t: string): string {
  return / [|&] /.test(t) && !t.startsWith('{') ? `(${t})` : t;
}

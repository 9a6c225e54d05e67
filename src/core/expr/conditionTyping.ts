/**
 * Type-checks a parsed `when:` condition: references must exist, `==` and `!=` compare values
 * that can be of the same type (and a literal must be one the other side allows), ordering
 * operators compare two numbers or two strings, and `and`/`or`/`not` take booleans.
 */
import type { JsonSchema } from '../model/program';
import { ALL_TYPES, deref, enumValues, isObject, jsonTypes, typeOfValue, type JsonType } from '../schema/navigate';
import type { ConditionNode } from './conditionAst';
import { jsonEqual } from './evaluate';
import { typeOfReference, type TypeEnv } from './typing';

export interface ConditionProblem {
  readonly start: number;
  readonly end: number;
  readonly message: string;
  readonly kind: 'type' | 'unknown-step' | 'unknown-path';
  readonly candidates?: string[];
  readonly name?: string;
}

interface Typed {
  readonly types: Set<JsonType>;
  /** The values it can take when they are known (literals, enums). */
  readonly values?: unknown[];
  readonly label: string;
  /** What the items of an array value can be (a reference to an array). */
  readonly items?: Typed;
}

/**
 * The JSON types the items of an array schema allow (`items`, `prefixItems`, through
 * `$ref`, `anyOf`/`oneOf` branches that allow arrays, and `allOf`); every type when the
 * schema does not say.
 */
function itemTypes(schema: JsonSchema, root: JsonSchema, depth = 0): Set<JsonType> {
  const s = deref(schema, root);
  if (s === false) return new Set();
  if (s === true || depth > 32) return new Set(ALL_TYPES);
  let out = new Set<JsonType>(ALL_TYPES);
  const meet = (other: Set<JsonType>): void => {
    out = new Set([...out].filter((t) => other.has(t)));
  };
  const prefix = Array.isArray(s.prefixItems) ? (s.prefixItems as JsonSchema[]) : [];
  if (s.items !== undefined || prefix.length > 0) {
    const own = new Set<JsonType>();
    for (const p of prefix) for (const t of jsonTypes(p, root)) own.add(t);
    if (s.items === undefined && prefix.length > 0) ALL_TYPES.forEach((t) => own.add(t));
    else if (s.items !== undefined) for (const t of jsonTypes(s.items as JsonSchema, root)) own.add(t);
    meet(own);
  }
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = s[key];
    if (!Array.isArray(branches)) continue;
    const union = new Set<JsonType>();
    for (const b of branches as JsonSchema[]) if (jsonTypes(b, root).has('array')) for (const t of itemTypes(b, root, depth + 1)) union.add(t);
    meet(union);
  }
  if (Array.isArray(s.allOf)) for (const b of s.allOf as JsonSchema[]) meet(itemTypes(b, root, depth + 1));
  return out;
}

/** The values the items of an array schema may take, when its `items` lists them. */
function itemValues(schema: JsonSchema, root: JsonSchema): unknown[] | undefined {
  const s = deref(schema, root);
  if (!isObject(s) || s.prefixItems !== undefined || s.items === undefined || typeof s.items === 'boolean') return undefined;
  return enumValues(s.items as JsonSchema, root);
}

const showTypes = (s: Set<JsonType>): string => (s.size === 0 ? 'nothing' : s.size === 6 ? 'any value' : [...s].join(' | '));
const show = (v: unknown): string => JSON.stringify(v);

export function checkCondition(ast: ConditionNode, env: TypeEnv): ConditionProblem[] {
  const problems: ConditionProblem[] = [];
  const typeOf = (n: ConditionNode): Typed => {
    switch (n.kind) {
      case 'ref': {
        const t = typeOfReference(n.ref, env);
        if ('kind' in t) {
          problems.push({ start: n.start, end: n.end, message: t.message, kind: t.kind as 'unknown-step' | 'unknown-path', candidates: t.candidates, name: t.name });
          return { types: new Set(['string', 'number', 'boolean', 'null', 'object', 'array']), label: n.text };
        }
        const types = jsonTypes(t.schema as JsonSchema, t.root);
        if (t.optional) types.add('null');
        const items: Typed | undefined = types.has('array') ? { types: itemTypes(t.schema, t.root), values: itemValues(t.schema, t.root), label: `an item of ${n.text}` } : undefined;
        return { types, values: enumValues(t.schema, t.root), label: n.text, ...(items ? { items } : {}) };
      }
      case 'literal':
        return { types: new Set([typeOfValue(n.value)]), values: [n.value], label: show(n.value) };
      case 'list':
        n.items.forEach(typeOf);
        return { types: new Set(['array']), label: 'a list' };
      default:
        check(n);
        return { types: new Set(['boolean']), label: 'a condition' };
    }
  };
  const expectBoolean = (n: ConditionNode): void => {
    const t = typeOf(n);
    if (!t.types.has('boolean')) problems.push({ start: n.start, end: n.end, message: `${t.label} is ${showTypes(t.types)}, not a boolean`, kind: 'type' });
  };
  const comparable = (a: Typed, b: Typed, n: ConditionNode, what: string): void => {
    const shared = [...a.types].filter((t) => b.types.has(t) || (t === 'null' && b.types.has('null')));
    if (shared.length === 0) {
      problems.push({ start: n.start, end: n.end, message: `${what} compares ${a.label} (${showTypes(a.types)}) with ${b.label} (${showTypes(b.types)})`, kind: 'type' });
      return;
    }
    for (const [x, y] of [[a, b], [b, a]] as const) {
      if (x.values !== undefined && y.values !== undefined && y.values.length === 1 && !x.values.some((v) => jsonEqual(v, y.values?.[0]))) {
        problems.push({ start: n.start, end: n.end, message: `${x.label} is never ${y.label}: it is one of ${x.values.map(show).join(' | ')}`, kind: 'type' });
        return;
      }
    }
  };
  const check = (n: ConditionNode): void => {
    switch (n.kind) {
      case 'and':
      case 'or':
        expectBoolean(n.left);
        expectBoolean(n.right);
        return;
      case 'not':
        expectBoolean(n.operand);
        return;
      case 'compare': {
        const a = typeOf(n.left);
        const b = typeOf(n.right);
        if (n.op === '==' || n.op === '!=') comparable(a, b, n, `'${n.op}'`);
        else {
          const ok = (t: JsonType): boolean => a.types.has(t) && b.types.has(t);
          if (!ok('number') && !ok('string')) {
            problems.push({ start: n.start, end: n.end, message: `'${n.op}' needs two numbers or two strings, not ${a.label} (${showTypes(a.types)}) and ${b.label} (${showTypes(b.types)})`, kind: 'type' });
          }
        }
        return;
      }
      case 'in': {
        const a = typeOf(n.left);
        if (n.right.kind === 'list') {
          for (const item of n.right.items) comparable(a, typeOf(item), item, "'in'");
        } else {
          const b = typeOf(n.right);
          const inString = b.types.has('string') && a.types.has('string');
          if (!b.types.has('array') && !inString) {
            problems.push({ start: n.right.start, end: n.right.end, message: `'in' needs a list or an array, not ${b.label} (${showTypes(b.types)})`, kind: 'type' });
          } else if (b.items && !inString) {
            // Each item is compared with `==`: the value must be of a type the items can be.
            comparable(a, b.items, n, "'in'");
          }
        }
        return;
      }
      default:
        expectBoolean(n);
    }
  };
  if (ast.kind === 'ref' || ast.kind === 'literal' || ast.kind === 'list') expectBoolean(ast);
  else check(ast);
  return problems;
}

/**
 * Type-checks a parsed `when:` condition: references must exist, `==` and `!=` compare values
 * that can be of the same type (and a literal must be one the other side allows), ordering
 * operators compare two numbers or two strings, and `and`/`or`/`not` take booleans.
 */
import type { JsonSchema } from '../model/program';
import { enumValues, jsonTypes, typeOfValue, type JsonType } from '../schema/navigate';
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
        return { types, values: enumValues(t.schema, t.root), label: n.text };
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
          if (!b.types.has('array') && !(b.types.has('string') && a.types.has('string'))) {
            problems.push({ start: n.right.start, end: n.right.end, message: `'in' needs a list or an array, not ${b.label} (${showTypes(b.types)})`, kind: 'type' });
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

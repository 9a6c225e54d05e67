/**
 * Evaluates a parsed `when:` condition against run-time values. Comparisons are strict:
 * `==` is deep equality of JSON values, `<`-style operators compare two numbers or two
 * strings and are false otherwise, and a condition is true only when it yields `true`.
 * A reference that reads nothing (an optional field the value lacks, the output of a step
 * that was skipped) is `null`, as the checker types it (conditionTyping.ts adds `null` to an
 * optional field's type): `$input.coupon != null` is false when there is no coupon, in
 * `==`, `!=`, `in` and as a truth value alike.
 */
import type { ConditionNode } from './conditionAst';
import { resolveReference, type Scope } from './reference';

export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

function value(node: ConditionNode, scope: Scope): unknown {
  switch (node.kind) {
    case 'ref':
      // Absent is null: what the checker's types say, and what JSON can compare.
      return resolveReference(node.ref, scope) ?? null;
    case 'literal':
      return node.value;
    case 'list':
      return node.items.map((i) => value(i, scope));
    default:
      return evaluateCondition(node, scope);
  }
}

function ordered(op: string, a: unknown, b: unknown): boolean {
  const comparable = (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string');
  if (!comparable) return false;
  const x = a as number | string;
  const y = b as number | string;
  return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
}

/** True when the condition holds for these values. */
export function evaluateCondition(node: ConditionNode, scope: Scope): boolean {
  switch (node.kind) {
    case 'and':
      return evaluateCondition(node.left, scope) && evaluateCondition(node.right, scope);
    case 'or':
      return evaluateCondition(node.left, scope) || evaluateCondition(node.right, scope);
    case 'not':
      return !evaluateCondition(node.operand, scope);
    case 'compare': {
      const a = value(node.left, scope);
      const b = value(node.right, scope);
      if (node.op === '==') return jsonEqual(a, b);
      if (node.op === '!=') return !jsonEqual(a, b);
      return ordered(node.op, a, b);
    }
    case 'in': {
      const a = value(node.left, scope);
      const b = value(node.right, scope);
      let found = false;
      if (Array.isArray(b)) found = b.some((x) => jsonEqual(a, x));
      else if (typeof b === 'string' && typeof a === 'string') found = b.includes(a);
      return node.negated ? !found : found;
    }
    default:
      return value(node, scope) === true;
  }
}

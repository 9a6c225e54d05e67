/**
 * The syntax tree of a `when:` condition. Every node keeps its offsets in the condition
 * text (`start` inclusive, `end` exclusive) so a diagnostic can point inside the string.
 */
import type { Reference } from './reference';

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

interface Span {
  readonly start: number;
  readonly end: number;
}

export type ConditionNode =
  | (Span & { readonly kind: 'ref'; readonly text: string; readonly ref: Reference })
  | (Span & { readonly kind: 'literal'; readonly value: string | number | boolean | null })
  | (Span & { readonly kind: 'list'; readonly items: readonly ConditionNode[] })
  | (Span & { readonly kind: 'compare'; readonly op: CompareOp; readonly left: ConditionNode; readonly right: ConditionNode })
  | (Span & { readonly kind: 'in'; readonly negated: boolean; readonly left: ConditionNode; readonly right: ConditionNode })
  | (Span & { readonly kind: 'and' | 'or'; readonly left: ConditionNode; readonly right: ConditionNode })
  | (Span & { readonly kind: 'not'; readonly operand: ConditionNode });

export type ParseConditionResult =
  | { readonly ok: true; readonly ast: ConditionNode }
  | { readonly ok: false; readonly error: string; readonly offset: number };

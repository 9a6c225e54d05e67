/** References and `when:` conditions: parsing, run-time resolution and static typing. */
export * from './reference';
export type * from './conditionAst';
export { parseCondition } from './condition';
export { evaluateCondition, jsonEqual } from './evaluate';
export * from './typing';
export * from './conditionTyping';

/** JSON Schema utilities: meta-validation, contract bundling, assignability, printing, strict mode, validators. */
export * from './navigate';
export * from './meta';
export * from './bundle';
export * from './assignable';
export { provablyDisjoint } from './assignable/disjoint';
export * from './printer';
export * from './strict';
export * from './validator';

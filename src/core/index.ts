/**
 * The public API of the core: parsing, JSON Schema utilities, expressions and the checker.
 * Other parts of the core (engine, tracing) append their exports below.
 */
export * from './parse';
export * from './schema';
export * from './expr';
export * from './checker';

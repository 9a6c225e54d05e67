/** Parsing definition files with positions. */
export * from './lineIndex';
export * from './document';
export * from './nodes';
export { MAX_VALUES } from './toJs';

// The view model and record attribute names, for the webview's modules in one import.
// (Not the traceview index: its definition reader pulls in the YAML parser.)
export * from '../../src/core/traceview/model';
export * from '../../src/core/traceview/parse';
export * from '../../src/core/traceview/timeline';
export * from '../../src/core/traceview/totals';
export * from '../../src/core/traceview/diff';
export * from '../../src/core/traceview/reliability';
export * from '../../src/core/traceview/graph';
export { Attr } from '../../src/core/tracing/records';

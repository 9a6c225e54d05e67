/** The engine's public API: what the CLI and the extension call. */
export { runWorkflow, newRunId, type RunOptions, type RunResult } from './run';
export type { EngineContext, ModelBinding } from './context';
export { RunError, CancelledError, toTraceError, type RunErrorKind } from './errors';
export { defaultTiming, abortableSleep, backoffDelay, type Timing } from './timing';
export { checkpointPath, readCheckpoint, type Checkpoint } from './checkpoint';
export { renderTemplate } from './template';
export { compileValidator, type Validator, type Violation } from './validate';

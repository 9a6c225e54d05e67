/**
 * The engine's public API: what the CLI and the extension call.
 *
 *   const result = await runWorkflow({
 *     program,                 // a checked Program (src/core/checker loadProgram / Workspace.check())
 *     file,                    // the definition file whose names the run sees (absolute)
 *     workflow: 'support',     // or agent: 'triager'
 *     input,                   // checked against the input contract first
 *     provider,                // the default ModelProvider; `providers` by profile `provider:` name
 *     processors: [writer, panelFeed],   // TraceProcessor: live records, in file order
 *     signal,                  // one cancellation signal for the whole run
 *     concurrency: 4, timeoutMs, cwd, resume: runId,
 *   });                        // → { runId, status: 'ok' | 'error' | 'cancelled', output?, error? }
 *
 * `runWorkflow` never throws for a run that goes wrong: the result and the trace's
 * `run.end` say how it ended. Error kinds are stable (errors.ts). Agent `timeout` limits
 * each attempt (default 120 s); `retries` (default 0) counts every extra attempt, whatever
 * its cause. Checkpoints of root plan workflows go to `<cwd>/.handoff/checkpoints/<runId>.json`.
 */
export { runWorkflow, newRunId, profileBinding, type RunOptions, type RunResult } from './run';
export type { EngineContext, ModelBinding } from './context';
export { RunError, CancelledError, toTraceError, type RunErrorKind } from './errors';
export { defaultTiming, abortableSleep, backoffDelay, type Timing } from './timing';
export { checkpointPath, readCheckpoint, type Checkpoint } from './checkpoint';
export { renderTemplate } from './template';
export { compileValidator, type Validator, type Violation } from './validate';
export { agentsOfRun, AgentReach } from './reach';

/**
 * The trace panel's view model: pure functions over trace records, no DOM and no `vscode`.
 * The extension host and the webview bundle both import it.
 *
 * Attribute names this module relies on (the engine writes them; see records.ts `Attr`):
 * - `handoff.step` on `step` spans, `handoff.agent` on `agent` and `llm` spans.
 * - `handoff.attempt` (number, 0 for the first) on `llm` spans.
 * - `handoff.skipped: true` on a `step` span (start or end attributes): the step did not run.
 * - `handoff.fallback: true` on an `agent` span's end: the agent's fallback answered.
 * - `handoff.repaired: true` on an `agent` span's end: a violation was repaired by a retry
 *   (a `contract.violation` event under an agent that ended ok means the same).
 * - `handoff.prompt` (the messages array) and `handoff.reply` (the raw text) on `llm` spans;
 *   a span that continues a conversation holds only the messages it adds, after the first
 *   `handoff.prompt.prefix_length` of span `handoff.prompt.prefix_span` (use `promptOf`).
 * - `handoff.output` (the parsed output) on `agent` and `step` span ends, when known.
 * - `handoff.dependsOn` (string[]) on a `step` span, optional: the steps it waited for.
 * - `gen_ai.request.model`, `gen_ai.usage.input_tokens`, `gen_ai.usage.output_tokens` on `llm` spans.
 */
export * from './parse';
export * from './model';
export * from './timeline';
export * from './totals';
export * from './diff';
export * from './reliability';
export * from './graph';
export * from './coalescer';
export * from './definition';
export * from './fastRecord';

/** What the views share: the trace model, the UI state, and the actions between views. */
import type { NodeState, PlanStep, PriceTable, SpanNode, TraceModel } from './core';
import type { UiState } from './host';

export interface App {
  model: TraceModel;
  ui: UiState;
  live: boolean;
  prices: PriceTable;
  plan: PlanStep[] | undefined;
  rerun: { enabled: boolean; reason: string };
  /** The displayed state of a span (memoised per model version). */
  stateOf(node: SpanNode): NodeState;
  /** The critical path's span ids (memoised per model version). */
  critical(): ReadonlySet<string>;
  /**
   * Selects a span; `reveal` shows it in the Trace tab, `focusDetails` then moves the focus to
   * its details and `focusTree` to its row (once the tab is drawn).
   */
  select(id: string | undefined, opts?: { focusDetails?: boolean; reveal?: boolean; focusTree?: boolean }): void;
  saveUi(): void;
  /** `unfinished` for a state `running` in a run that is over. */
  settled(state: NodeState): NodeState;
  /** Time "now" for spans still running. */
  now(): number;
}

export const STATE_ICON: Record<NodeState, string> = {
  pending: 'circle-large-outline',
  running: 'loading',
  ok: 'pass',
  repaired: 'wrench',
  fallback: 'debug-step-back',
  failed: 'error',
  skipped: 'debug-step-over',
  cancelled: 'circle-slash',
  unfinished: 'debug-disconnect',
};

export const KIND_ICON: Record<string, string> = {
  workflow: 'type-hierarchy',
  step: 'symbol-event',
  agent: 'hubot',
  llm: 'comment-discussion',
  validation: 'checklist',
  tool: 'tools',
};

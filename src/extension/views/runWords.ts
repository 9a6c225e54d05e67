/**
 * The words a run's state is said with wherever the editor shows it, the same as the trace
 * panel's badge: a run that ended in an error "failed" (the trace records `error`).
 */
import { formatSummary, type RunState, type RunSummary } from '../../core/runs/summary';

export const STATE_WORD: Readonly<Record<RunState, string>> = { ok: 'ok', error: 'failed', cancelled: 'cancelled', running: 'running', interrupted: 'interrupted' };

type Summarized = Pick<RunSummary, 'durationMs' | 'violations' | 'fallbacks' | 'noRunLine' | 'replay'> & { readonly status: RunState };

/** `ok · 2.3 s · 1 violation`, `failed · 0.4 s · no violations`: the summary with the panel's word for the state. */
export function summaryText(s: Summarized): string {
  const text = formatSummary(s);
  return s.status === 'error' ? text.replace(/^error\b/, STATE_WORD.error) : text;
}

/**
 * What a Recent Runs row says after when it started, short enough for a narrow side bar: the
 * state (`fallback` for an ok run that fell back, as the panel says), the violations when there
 * are any, `damaged` for a trace without its run line. The duration and the rest are in the tooltip.
 */
export function shortSummary(s: Summarized): string {
  const parts = [s.status === 'ok' && s.fallbacks ? (s.fallbacks === 1 ? 'fallback' : `${s.fallbacks} fallbacks`) : STATE_WORD[s.status]];
  if (s.violations > 0) parts.push(`${s.violations} violation${s.violations === 1 ? '' : 's'}`);
  if (s.noRunLine) parts.push('damaged');
  // Answered from a recording: not a new observation of the models.
  if (s.replay) parts.unshift(s.replay === 'all' ? 'replay' : 'rerun');
  return parts.join(' · ');
}

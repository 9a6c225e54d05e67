/**
 * The last run's outcome for each step, from a trace's records, for the step hover:
 * `last run: ok · 1.2 s`, `skipped`, `error: …`. A step that ran more than once (a
 * supervisor's worker) reports its last attempt.
 */
import type { LineRecord } from '../runs/traceLines';
import { formatStartedAt } from '../traceview/timeline';

export interface StepOutcome {
  readonly status: 'ok' | 'error' | 'cancelled' | 'skipped' | 'running';
  readonly durationMs?: number;
  readonly error?: string;
}

export function stepOutcomes(lines: readonly LineRecord[]): Map<string, StepOutcome> {
  const started = new Map<string, { name: string; start: number; skipped: boolean }>();
  const out = new Map<string, StepOutcome>();
  for (const { record: r } of lines) {
    if (r.type !== 'span') continue;
    if (r.phase === 'start' && r.kind === 'step') {
      const skipped = r.attributes['handoff.skipped'] === true;
      started.set(r.spanId, { name: r.name, start: r.start, skipped });
      out.set(r.name, { status: skipped ? 'skipped' : 'running' });
    } else if (r.phase === 'end') {
      const s = started.get(r.spanId);
      if (!s) continue;
      out.set(s.name, {
        status: s.skipped ? 'skipped' : r.status,
        durationMs: Math.max(0, r.end - s.start),
        ...(r.error ? { error: r.error.message } : {}),
      });
    }
  }
  return out;
}

/** One line of Markdown for a step's outcome in a run that started at `startedAt`. */
export function outcomeMarkdown(o: StepOutcome | undefined, startedAt: string): string {
  const when = startedAt ? ` (run of ${formatStartedAt(startedAt, true)})` : '';
  if (!o) return `Last run: this step did not run${when}`;
  const icon = { ok: '$(pass)', error: '$(error)', cancelled: '$(circle-slash)', skipped: '$(debug-step-over)', running: '$(loading~spin)' }[o.status];
  const time = o.durationMs !== undefined ? ` · ${o.durationMs < 1000 ? `${Math.round(o.durationMs)} ms` : `${(o.durationMs / 1000).toFixed(1)} s`}` : '';
  const err = o.error ? ` · ${o.error.replace(/\s+/g, ' ').slice(0, 160)}` : '';
  return `${icon} Last run: ${o.status}${time}${err}${when}`;
}

/**
 * Which run a run-time diagnostic came from, when that needs saying. Problems can hold the
 * violations of several targets' last runs at once (a workflow and an agent using one
 * contract, a run of another file since): then each message names its run, so that two
 * alike can be told apart and an old one is not taken for the latest. The diagnostics of
 * only the latest run are left as they are. Pure: no VS Code here.
 */
import type { RunTarget } from '../../core/runs/summary';
import { formatStartedAt } from '../../core/traceview/timeline';

export interface RunRef {
  readonly runId: string;
  readonly startedAt: string;
  readonly target: RunTarget;
}

/** `run of workflow support at 2026-01-05 10:00:05` */
export function runName(run: RunRef): string {
  return `run of ${run.target.kind} ${run.target.name} at ${formatStartedAt(run.startedAt, true)}`;
}

/** The later of two runs by start time (`b` on a tie: it reported last). */
export function laterRun(a: RunRef | undefined, b: RunRef): RunRef {
  if (!a) return b;
  const ta = Date.parse(a.startedAt);
  const tb = Date.parse(b.startedAt);
  return Number.isNaN(tb) || ta > tb ? a : b;
}

/**
 * Whether the messages must name their runs: diagnostics of more than one run are shown, or
 * those of one run that is not the latest run seen (`latest`).
 */
export function mustNameRuns(shown: readonly RunRef[], latest: RunRef | undefined): boolean {
  const ids = new Set(shown.map((r) => r.runId));
  if (ids.size > 1) return true;
  return ids.size === 1 && latest !== undefined && !ids.has(latest.runId);
}

/** A diagnostic's message that names its run. */
export function withRunName(message: string, run: RunRef): string {
  return `${message} (${runName(run)})`;
}

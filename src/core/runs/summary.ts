/**
 * What one run amounts to, from its trace records: target, status, duration, violations.
 * The same summary feeds the Workflows view, the CodeLens (`ok · 2.3 s · 1 violation`) and
 * the status bar, so all three say the same thing about a run.
 */
import type { TraceRecord } from '../tracing/records';
import { collectViolations } from './violations';
import type { LineRecord } from './traceLines';

export type RunStatus = 'ok' | 'error' | 'cancelled' | 'running';

/**
 * How a recorded run stands for whoever shows it: a trace without `run.end` is `running` only
 * while the process that writes it is still running it; otherwise the run was cut off (a
 * window reloaded, a process killed) and never ends: `interrupted`.
 */
export type RunState = RunStatus | 'interrupted';

/** A run's state, given which runs are still going (`isLive`, by run id). */
export function runState(run: Pick<RunSummary, 'status' | 'runId'>, isLive: (runId: string) => boolean): RunState {
  return run.status === 'running' && !isLive(run.runId) ? 'interrupted' : run.status;
}

export interface RunTarget {
  readonly kind: 'workflow' | 'agent';
  readonly name: string;
}

export interface RunSummary {
  readonly runId: string;
  readonly target: RunTarget;
  /** The definition file as the trace records it (relative to where the run started, or absolute). */
  readonly file: string;
  readonly startedAt: string;
  readonly input: unknown;
  /** `running` when the trace has no `run.end` line (still going, or the process died). */
  readonly status: RunStatus;
  readonly durationMs?: number;
  readonly violations: number;
  /** Agent calls whose fallback stood in for the model: the run ended ok, on made-up values there. */
  readonly fallbacks?: number;
  readonly output?: unknown;
  readonly error?: { readonly message: string; readonly kind: string };
  /** The inputs each agent was called with during the run (`handoff.input` of agent spans), a few per agent. */
  readonly agentInputs: Readonly<Record<string, readonly unknown[]>>;
  /**
   * The trace has no readable `run` line (its first line missing or damaged): the run id and
   * the definition file are unknown (empty), the target and input come from the root span,
   * the start from the first span. Such a run is listed, never matched to a definition.
   */
  readonly noRunLine?: true;
  /** Model calls answered from a recorded run (provider `replay`): all of them, or some (a rerun from a step). */
  readonly replay?: 'all' | 'some';
}

const INPUTS_PER_AGENT = 3;

/** Undefined when the records hold no `run` record. */
export function summarizeRun(lines: readonly LineRecord[]): RunSummary | undefined {
  // The first run record, wherever it is: a damaged first line must not hide the run (the reader's rule: the first wins).
  const first = lines.find((l) => l.record.type === 'run')?.record;
  if (!first || first.type !== 'run') return undefined;
  const target: RunTarget = first.agent !== undefined && first.workflow === undefined
    ? { kind: 'agent', name: first.agent }
    : { kind: 'workflow', name: first.workflow ?? first.agent ?? '?' };
  return summarize(lines, first, target);
}

/**
 * A run whose `run` line was lost, from the rest of its records (`noRunLine`): what the root
 * span says stands in for it. Undefined when there is no span either (nothing to show).
 */
export function summarizeRunWithoutRunLine(lines: readonly LineRecord[]): RunSummary | undefined {
  let root: Extract<TraceRecord, { type: 'span'; phase: 'start' }> | undefined;
  let firstStart = Infinity;
  for (const { record } of lines) {
    if (record.type !== 'span' || record.phase !== 'start') continue;
    firstStart = Math.min(firstStart, record.start);
    if (!root && record.parentId === undefined) root = record;
  }
  if (!Number.isFinite(firstStart)) return undefined;
  const target: RunTarget = root?.kind === 'agent' ? { kind: 'agent', name: root.name } : { kind: 'workflow', name: root?.kind === 'workflow' ? root.name : '?' };
  const startedAt = new Date(firstStart).toISOString();
  const run = { type: 'run', runId: '', file: '', startedAt, input: root?.attributes['handoff.input'], handoffVersion: '?' } as const;
  return { ...summarize(lines, run, target), noRunLine: true };
}

function summarize(lines: readonly LineRecord[], first: Extract<TraceRecord, { type: 'run' }>, target: RunTarget): RunSummary {
  let start = Infinity;
  let end = -Infinity;
  let done: Extract<TraceRecord, { type: 'run.end' }> | undefined;
  let fallbacks = 0;
  let replayed = 0;
  let live = 0;
  const agentInputs: Record<string, unknown[]> = {};
  for (const { record } of lines) {
    if (record.type === 'span' && record.phase === 'start' && record.kind === 'llm') {
      if (record.attributes['gen_ai.provider.name'] === 'replay') replayed++;
      else live++;
    }
    if (record.type === 'run.end') done ??= record;
    if (record.type === 'span' && record.phase === 'start') start = Math.min(start, record.start);
    if (record.type === 'span' && record.phase === 'start' && record.kind === 'agent' && record.attributes['handoff.input'] !== undefined) {
      const list = (agentInputs[record.name] ??= []);
      const value = record.attributes['handoff.input'];
      if (list.length < INPUTS_PER_AGENT && !list.some((v) => JSON.stringify(v) === JSON.stringify(value))) list.push(value);
    }
    if (record.type === 'span' && record.phase === 'end') {
      end = Math.max(end, record.end);
      if (record.attributes['handoff.fallback'] === true) fallbacks++;
    }
  }
  if (!Number.isFinite(start)) start = Date.parse(first.startedAt);
  return {
    runId: first.runId,
    target,
    file: first.file,
    startedAt: first.startedAt,
    input: first.input,
    status: done ? done.status : 'running',
    durationMs: done && Number.isFinite(end) && end >= start ? end - start : undefined,
    violations: collectViolations(lines).length,
    ...(fallbacks > 0 ? { fallbacks } : {}),
    ...(replayed > 0 ? { replay: live === 0 ? ('all' as const) : ('some' as const) } : {}),
    output: done?.status === 'ok' ? done.output : undefined,
    error: done?.error,
    agentInputs,
  };
}

/** `1.2 s`, `340 ms`, `2 min 5 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const min = Math.floor(ms / 60_000);
  return `${min} min ${Math.round((ms - min * 60_000) / 1000)} s`;
}

/** `ok · 2.3 s · 1 violation`, `failed · 0.4 s · no violations`, `running`, `interrupted · no violations · damaged: no run line`, `… · replay`. */
export function formatSummary(s: Pick<RunSummary, 'durationMs' | 'violations' | 'fallbacks' | 'noRunLine' | 'replay'> & { readonly status: RunState }): string {
  // An ok run that fell back is not plainly ok: the panel shows it as "fallback", and so does every summary.
  // "failed", as the trace panel's badge says (the trace records `error`).
  const parts: string[] = [s.status === 'ok' && s.fallbacks ? `ok with ${s.fallbacks === 1 ? 'a fallback' : `${s.fallbacks} fallbacks`}` : s.status === 'error' ? 'failed' : s.status];
  if (s.durationMs !== undefined) parts.push(formatDuration(s.durationMs));
  if (s.status !== 'running' || s.violations > 0) {
    parts.push(s.violations === 0 ? 'no violations' : `${s.violations} violation${s.violations === 1 ? '' : 's'}`);
  }
  if (s.noRunLine) parts.push('damaged: no run line');
  if (s.replay) parts.push(s.replay === 'all' ? 'replay' : 'partly replayed');
  return parts.join(' · ');
}

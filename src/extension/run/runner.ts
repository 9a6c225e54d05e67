/**
 * One run from the editor: check the definitions, make the providers, run through the same
 * engine and trace writer as `handoff run`, feed the trace panel and the progress
 * notification as records arrive, and afterwards turn the trace into the run's summary and
 * its run-time diagnostics. What the editor reports is read back from the trace file; when
 * the trace could not be written, the run's own result and the records it made say how it
 * went (and a warning says where the trace should have been, and why it is not).
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import { readFile } from 'node:fs/promises';
import type { ModelProvider } from '../../core/providers/types';
import type { TraceProcessor } from '../../core/tracing/processor';
import type { TraceRecord } from '../../core/tracing/records';
import { traceFileName } from '../../core/runs/history';
import { numberRecords, readTraceLines, type LineRecord } from '../../core/runs/traceLines';
import { summarizeRun, type RunStatus, type RunTarget } from '../../core/runs/summary';
import type { RunResult } from '../../core/engine/run';
import { collectViolations, preview, violationDiagnostics } from '../../core/runs/violations';
import type { HandoffContext } from '../context';
import { KeyPromptCancelled, type KeyStore } from '../keys';
import { panelApi } from '../panel';
import { summaryText } from '../views/runWords';
import { programLocator } from './locate';
import { loadEngine, loadProgramFor, loadTracing } from './engine';
import type { RunHistory } from './history';
import { readRunSettings, RunProviders } from './providers';
import { targetKey, type RuntimeDiagnostics } from './runtimeDiagnostics';
import type { RunStatusBar } from './statusBar';
import { refusal, type Refusal } from './trust';

export interface RunRequest {
  /** Absolute path of the definition file. */
  readonly file: string;
  readonly target: RunTarget;
  readonly input: unknown;
  /** Answer every model call with this provider (replay). */
  readonly provider?: ModelProvider;
  /**
   * Rerun from a step: calls of agents outside `live` are answered by `recorded` (the
   * replayed recording); the agents in `live` call their configured providers.
   */
  readonly rerun?: { readonly recorded: ModelProvider; readonly live: ReadonlySet<string>; readonly step: string };
}

export interface RunOutcome {
  readonly runId: string;
  readonly status: RunStatus;
  readonly output?: unknown;
  readonly error?: { readonly message: string; readonly kind: string };
  /** The trace file written (absolute). */
  readonly trace: string;
  /** `ok · 2.3 s · 1 violation`, `failed · 0.4 s · no violations` (the trace panel's word for `error`). */
  readonly summary: string;
  readonly durationMs?: number;
  readonly violations: number;
  /** Why the trace file could not be written (the outcome then comes from the run itself). */
  readonly traceError?: string;
}

type Progress = vscode.Progress<{ message?: string; increment?: number }>;

export class Runner {
  constructor(
    private readonly ctx: HandoffContext,
    private readonly history: RunHistory,
    private readonly diagnostics: RuntimeDiagnostics,
    private readonly statusBar: RunStatusBar,
    private readonly keys: KeyStore,
  ) {}

  /** The runs of this window still going, by run id: a trace without `run.end` that is not one of them was interrupted. */
  private readonly live = new Set<string>();

  isRunning(runId: string): boolean {
    return this.live.has(runId);
  }

  async run(req: RunRequest, token?: vscode.CancellationToken, progress?: Progress): Promise<RunOutcome | Refusal> {
    const log = this.ctx.log;
    const label = `${req.target.kind} ${req.target.name}`;
    progress?.report({ message: 'checking definitions…' });
    // The run reads definitions from disk, like `handoff run`: unsaved edits are saved first.
    // Only files: saving an untitled buffer would ask where, in the middle of starting a run.
    await Promise.all(vscode.workspace.textDocuments.filter((d) => d.isDirty && d.languageId === 'handoff-agents' && d.uri.scheme === 'file').map((d) => d.save()));
    const program = await loadProgramFor(req.file);
    const errors = program.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length) {
      const first = errors[0]!;
      const where = `${vscode.workspace.asRelativePath(first.range.file)}:${first.range.start.line}:${first.range.start.column}`;
      return refusal('invalid', `The definitions do not check (${errors.length} error${errors.length === 1 ? '' : 's'}; first at ${where}: ${first.message}). Fix them before running.`);
    }
    const exists = req.target.kind === 'workflow' ? program.workflow(req.target.name, req.file) : program.agent(req.target.name, req.file);
    if (!exists) return refusal('invalid', `No ${req.target.kind} named "${req.target.name}" is visible from ${vscode.workspace.asRelativePath(req.file)}.`);

    const settings = readRunSettings(req.file);
    const providers = new RunProviders(settings, req.file, this.keys, log, req.provider ? { provider: req.provider } : undefined);
    progress?.report({ message: 'setting up the model provider…' });
    try {
      await providers.prepare(program, req.target);
    } catch (err) {
      // Asked about a missing API key, the user cancelled: nothing ran, and nothing went wrong.
      if (err instanceof KeyPromptCancelled) return refusal('cancelled', err.message);
      return refusal('invalid', `Cannot set up the model provider: ${(err as Error).message}`);
    }

    if (token?.isCancellationRequested) return refusal('cancelled', 'the run was cancelled before it started');
    const [{ runWorkflow, newRunId }, { TraceFileWriter, callbackProcessor }] = await Promise.all([loadEngine(), loadTracing()]);
    const runId = newRunId();
    const root = this.history.rootFor(req.file);
    const trace = path.join(this.history.traceDirFor(req.file), traceFileName(req.target, new Date(), runId));
    const writer = new TraceFileWriter(trace);
    // Kept in memory too: the outcome must not depend on the trace file being writable.
    const records: TraceRecord[] = [];
    const processors: TraceProcessor[] = [writer, callbackProcessor((r) => {
      records.push(r);
      this.onRecord(r, progress);
      // Once the run's first line is on disk the history lists it as running (the CodeLens and
      // Recent Runs say so), whether or not a file watcher sees the trace folder.
      if (r.type === 'run') void writer.flush().then(() => this.history.invalidate());
    })];
    const api = panelApi();
    if (api) {
      processors.push(api.processor({ title: label, traceFile: trace }));
      void api.show(true).then(undefined, (err: unknown) => log.warn(`the trace panel could not be shown: ${String(err)}`));
    }

    const stop = new AbortController();
    const sub = token?.onCancellationRequested(() => stop.abort());
    this.live.add(runId);
    this.statusBar.begin(runId, req.target.name);
    log.info(`run ${runId}: ${label} of ${vscode.workspace.asRelativePath(req.file)} started (providers: ${providers.describe()}); trace ${trace}`);
    let result: RunResult;
    try {
      result = await runWorkflow({
        program,
        file: req.file,
        workflow: req.target.kind === 'workflow' ? req.target.name : undefined,
        agent: req.target.kind === 'agent' ? req.target.name : undefined,
        input: req.input,
        provider: unbound,
        bind: (agent) => {
          const binding = providers.bind(agent);
          return req.rerun && !req.rerun.live.has(agent.name) ? { ...binding, provider: req.rerun.recorded } : binding;
        },
        processors,
        signal: stop.signal,
        concurrency: settings.concurrency,
        cwd: root,
        runId,
      });
      log.info(`run ${runId}: ${result.status}${result.error ? ` (${result.error.kind}: ${result.error.message})` : ''}`);
    } finally {
      sub?.dispose();
      await Promise.allSettled(processors.map((p) => p.shutdown()));
      this.live.delete(runId);
      this.statusBar.end(runId);
    }
    let lines: LineRecord[] = numberRecords(records);
    let traceError = writer.error?.message;
    if (!traceError) {
      try {
        lines = readTraceLines(await readFile(trace, 'utf8'));
      } catch (err) {
        traceError = (err as Error).message;
      }
    }
    if (traceError) {
      log.error(`run ${runId}: the trace ${trace} could not be written: ${traceError}`);
      void vscode.window.showWarningMessage(`Handoff: the trace of ${label} could not be written to ${trace}: ${traceError}`, 'Show Log').then((p) => {
        if (p) log.show();
      });
    }
    return this.report(req, trace, program, lines, result, traceError);
  }

  private onRecord(r: TraceRecord, progress: Progress | undefined): void {
    if (r.type === 'span' && r.phase === 'start' && (r.kind === 'step' || r.kind === 'agent')) progress?.report({ message: `${r.kind} ${r.name}` });
    if (r.type === 'event' && r.name === 'contract.violation') {
      const a = r.attributes;
      this.ctx.log.warn(`contract ${String(a['contract'])}@${String(a['version'])} violated at ${String(a['path']) || '(value)'}: ${String(a['message'])}; got ${preview(a['value'])}`);
    }
  }

  /** The run as its trace (or, when that could not be written, its own records) tells it: summary, violations → diagnostics. */
  private report(req: RunRequest, trace: string, program: Awaited<ReturnType<typeof loadProgramFor>>, lines: LineRecord[], result: RunResult, traceError: string | undefined): RunOutcome {
    const recorded = summarizeRun(lines);
    if (!recorded) throw new Error(`the run ${result.runId} made no run record`);
    // A trace cut short still has its run record; how the run ended is the engine's to say then.
    const summary = traceError ? { ...recorded, status: result.status, output: result.output, error: result.error } : recorded;
    const violations = collectViolations(lines);
    this.diagnostics.set(targetKey(req.file, req.target), violationDiagnostics(violations, programLocator(program, req.file), trace), summary);
    this.history.invalidate();
    // The panel's words: a run that ended in an error "failed", in the notification as on the badge.
    const text = summaryText(summary);
    if (summary.status === 'ok') this.ctx.log.info(`run ${summary.runId}: output ${preview(summary.output, 2000)}`);
    return { runId: summary.runId, status: summary.status, output: summary.output, error: summary.error, trace, summary: text, durationMs: summary.durationMs, violations: summary.violations, traceError };
  }
}

/** Every agent is bound through `bind`; this answers nothing. */
const unbound: ModelProvider = {
  name: 'unbound',
  complete: () => Promise.reject(new Error('no provider is bound to this agent')),
};

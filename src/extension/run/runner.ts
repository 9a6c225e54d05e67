/**
 * One run from the editor: check the definitions, make the providers, run through the same
 * engine and trace writer as `handoff run`, feed the trace panel and the progress
 * notification as records arrive, and afterwards turn the trace into the run's summary and
 * its run-time diagnostics. What the editor reports is read back from the trace file.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import { readFile } from 'node:fs/promises';
import type { ModelProvider } from '../../core/providers/types';
import type { TraceProcessor } from '../../core/tracing/processor';
import type { TraceRecord } from '../../core/tracing/records';
import { traceFileName } from '../../core/runs/history';
import { readTraceLines } from '../../core/runs/traceLines';
import { formatSummary, summarizeRun, type RunStatus, type RunTarget } from '../../core/runs/summary';
import { collectViolations, preview, violationDiagnostics } from '../../core/runs/violations';
import type { HandoffContext } from '../context';
import type { KeyStore } from '../keys';
import { panelApi } from '../panel';
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
  /** `ok · 2.3 s · 1 violation` */
  readonly summary: string;
  readonly durationMs?: number;
  readonly violations: number;
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

  async run(req: RunRequest, token?: vscode.CancellationToken, progress?: Progress): Promise<RunOutcome | Refusal> {
    const log = this.ctx.log;
    const label = `${req.target.kind} ${req.target.name}`;
    progress?.report({ message: 'checking definitions…' });
    // The run reads definitions from disk, like `handoff run`: unsaved edits are saved first.
    await Promise.all(vscode.workspace.textDocuments.filter((d) => d.isDirty && d.languageId === 'handoff-agents').map((d) => d.save()));
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
      await providers.prepare(program);
    } catch (err) {
      return refusal('invalid', `Cannot set up the model provider: ${(err as Error).message}`);
    }

    if (token?.isCancellationRequested) return refusal('cancelled', 'the run was cancelled before it started');
    const [{ runWorkflow, newRunId }, { TraceFileWriter, callbackProcessor }] = await Promise.all([loadEngine(), loadTracing()]);
    const runId = newRunId();
    const root = this.history.rootFor(req.file);
    const trace = path.join(this.history.traceDirFor(req.file), traceFileName(req.target, new Date(), runId));
    const writer = new TraceFileWriter(trace);
    const processors: TraceProcessor[] = [writer, callbackProcessor((r) => this.onRecord(r, progress))];
    const api = panelApi();
    if (api) {
      processors.push(api.processor({ title: label, traceFile: trace }));
      void api.show(true).then(undefined, (err: unknown) => log.warn(`the trace panel could not be shown: ${String(err)}`));
    }

    const stop = new AbortController();
    const sub = token?.onCancellationRequested(() => stop.abort());
    this.statusBar.begin(runId, req.target.name);
    log.info(`run ${runId}: ${label} of ${vscode.workspace.asRelativePath(req.file)} started (providers: ${providers.describe()}); trace ${trace}`);
    try {
      const result = await runWorkflow({
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
      this.statusBar.end(runId);
    }
    if (writer.error) log.error(`run ${runId}: the trace could not be written completely: ${writer.error.message}`);
    return this.report(req, trace, program);
  }

  private onRecord(r: TraceRecord, progress: Progress | undefined): void {
    if (r.type === 'span' && r.phase === 'start' && (r.kind === 'step' || r.kind === 'agent')) progress?.report({ message: `${r.kind} ${r.name}` });
    if (r.type === 'event' && r.name === 'contract.violation') {
      const a = r.attributes;
      this.ctx.log.warn(`contract ${String(a['contract'])}@${String(a['version'])} violated at ${String(a['path']) || '(value)'}: ${String(a['message'])}; got ${preview(a['value'])}`);
    }
  }

  /** Reads the run back from its trace: summary, violations → diagnostics. */
  private async report(req: RunRequest, trace: string, program: Awaited<ReturnType<typeof loadProgramFor>>): Promise<RunOutcome> {
    const lines = readTraceLines(await readFile(trace, 'utf8'));
    const summary = summarizeRun(lines);
    if (!summary) throw new Error(`the trace ${trace} has no run record`);
    const violations = collectViolations(lines);
    this.diagnostics.set(targetKey(req.file, req.target), violationDiagnostics(violations, programLocator(program, req.file), trace));
    this.history.invalidate();
    const text = formatSummary(summary);
    if (summary.status === 'ok') this.ctx.log.info(`run ${summary.runId}: output ${preview(summary.output, 2000)}`);
    return { runId: summary.runId, status: summary.status, output: summary.output, error: summary.error, trace, summary: text, durationMs: summary.durationMs, violations: summary.violations };
  }
}

/** Every agent is bound through `bind`; this answers nothing. */
const unbound: ModelProvider = {
  name: 'unbound',
  complete: () => Promise.reject(new Error('no provider is bound to this agent')),
};

/**
 * CodeLens in definition files: above each workflow `▶ Run`, `↻ Replay last` and the last
 * run's summary (`ok · 2.3 s · 1 violation`, opens its trace) and the workflow's reliability
 * over its recorded runs; above each agent `▶ Try`.
 * Run lenses are left out in an untrusted workspace (the commands refuse there anyway).
 */
import * as vscode from 'vscode';
import { outlineDefinition } from '../../core/runs/outline';
import { formatSummary, runState } from '../../core/runs/summary';
import { formatStartedAt } from '../../core/traceview/timeline';
import { plansOf } from '../../core/traceview/definition';
import type { PlanStep } from '../../core/traceview/graph';
import { Commands } from '../commandIds';
import { listTraceFiles, workflowReliability, type TraceListing } from '../panel/history';
import type { RunHistory } from './history';

export class RunCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly history: RunHistory,
    /** Whether a run (by id) is still going in this window; any other trace without run.end was interrupted. */
    private readonly isLive: (runId: string) => boolean,
  ) {}

  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const file = doc.uri.fsPath;
    const trusted = vscode.workspace.isTrusted;
    const lenses: vscode.CodeLens[] = [];
    const text = doc.getText();
    // Every workflow's plan from one parse, when a workflow has recorded runs (parsing per workflow made a file of 200 take seconds).
    let plans: Map<string, PlanStep[]> | undefined;
    // The trace folder listed once for every workflow of the file (each stat'ed every file).
    let listing: TraceListing | undefined;
    for (const e of outlineDefinition(text)) {
      if (e.kind === 'contract') continue;
      const range = new vscode.Range(e.line, e.column, e.line, e.column + e.name.length);
      if (e.kind === 'agent') {
        if (trusted) lenses.push(new vscode.CodeLens(range, { title: '▶ Try', tooltip: `Run agent ${e.name} on an input`, command: Commands.runAgent, arguments: [{ file, agent: e.name }] }));
        continue;
      }
      if (trusted) lenses.push(new vscode.CodeLens(range, { title: '▶ Run', tooltip: `Run workflow ${e.name}`, command: Commands.runWorkflow, arguments: [{ file, workflow: e.name }] }));
      const last = await this.history.lastRun(file, { kind: 'workflow', name: e.name });
      if (!last) continue;
      const state = runState(last, this.isLive);
      if (trusted && state !== 'running') {
        lenses.push(new vscode.CodeLens(range, { title: '↻ Replay last', tooltip: `Replay the run of ${formatStartedAt(last.startedAt, true)} from its trace (no model calls)`, command: Commands.replayRun, arguments: [{ trace: last.trace }] }));
      }
      lenses.push(new vscode.CodeLens(range, {
        title: formatSummary({ ...last, status: state }),
        tooltip: `Last run ${formatStartedAt(last.startedAt, true)}: open its trace`,
        command: Commands.openTrace,
        arguments: [vscode.Uri.file(last.trace)],
      }));
      // The compounded end-to-end estimate over the recorded runs (the trace panel's Reliability tab).
      plans ??= plansOf(text);
      listing ??= listTraceFiles();
      const reliability = await workflowReliability(e.name, plans.get(e.name), file, listing);
      if (reliability) {
        lenses.push(new vscode.CodeLens(range, { title: reliability.title, tooltip: reliability.tooltip, command: Commands.showTracePanel, arguments: [] }));
      }
    }
    return lenses;
  }
}

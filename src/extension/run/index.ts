/**
 * Running workflows from VS Code: the run commands (Run Workflow…, Run Agent…, Replay Run…,
 * Set API Key…), a cancellable progress notification, the status bar item, run-time
 * diagnostics, CodeLens and the run history behind the Workflows view.
 *
 * Every run command checks workspace trust itself (also when called through
 * `executeCommand`), accepts arguments that skip its pickers, and returns the run's outcome
 * (`RunOutcome`) or a `Refusal`.
 */
import * as vscode from 'vscode';
import { Commands } from '../commandIds';
import { registerCommand } from '../commands';
import type { HandoffContext } from '../context';
import { registerKeys } from '../keys';
import { recentRunsProvider } from '../views/recentRunsView';
import { parseRunArgs, parseTraceArg } from './args';
import { rerunRequest } from './rerun';
import { RunCodeLensProvider } from './codelens';
import { RunHistory } from './history';
import { pickInput, pickRun, pickTarget, pickTraceToOpen, readInputFile } from './pickers';
import { replayRequest } from './replay';
import { Runner, type RunOutcome, type RunRequest } from './runner';
import { restoreRuntimeDiagnostics } from './restore';
import { RuntimeDiagnostics } from './runtimeDiagnostics';
import { RunStatusBar } from './statusBar';
import { refuseIfUntrusted, refusal, isRefusal, type Refusal } from './trust';
import { formatStartedAt } from '../../core/traceview/timeline';
import { runState } from '../../core/runs/summary';
import { TRACE_VIEWER } from '../panel/editor';

export function registerRunFeatures(ctx: HandoffContext): void {
  const history = ctx.register(new RunHistory());
  const diagnostics = ctx.register(new RuntimeDiagnostics());
  const statusBar = ctx.register(new RunStatusBar());
  const keys = registerKeys(ctx);
  const runner = new Runner(ctx, history, diagnostics, statusBar, keys);
  // A trace without run.end is a run still going only when this window's runner is running it.
  const isLive = (runId: string): boolean => runner.isRunning(runId);
  const lenses = new RunCodeLensProvider(history, isLive);
  // Files only: a run reads its definitions from disk (a `git:` copy or an untitled buffer has none to run).
  ctx.register(vscode.languages.registerCodeLensProvider({ language: 'handoff-agents', scheme: 'file' }, lenses));
  ctx.register(history.onDidChange(() => lenses.refresh()));
  ctx.register(vscode.workspace.onDidGrantWorkspaceTrust(() => lenses.refresh()));
  const view = recentRunsProvider();
  if (view) ctx.register(view.attachHistory(history, isLive));
  ctx.register(vscode.commands.registerCommand('handoff.showRunLog', () => ctx.log.show()));
  // Off the activation path: reads the run history and the traces of runs with violations.
  void restoreRuntimeDiagnostics(ctx, history, diagnostics).then((n) => {
    if (n > 0) ctx.log.info(`run-time diagnostics of the last run of ${n} target(s) read back from their traces`);
  }, (err: unknown) => ctx.log.warn(`could not read back the run-time diagnostics: ${err instanceof Error ? err.message : String(err)}`));

  const start = (req: RunRequest) => runWithProgress(ctx, runner, req);

  for (const kind of ['workflow', 'agent'] as const) {
    registerCommand(ctx, kind === 'workflow' ? Commands.runWorkflow : Commands.runAgent, async (arg?: unknown) => {
      const refused = refuseIfUntrusted(ctx.log, `Run ${kind}`);
      if (refused) return refused;
      const notOnDisk = refuseNotOnDisk(arg);
      if (notOnDisk) return notOnDisk;
      const args = parseRunArgs(arg, kind);
      let file = args.file;
      let name = args.name;
      if (!name) {
        const picked = await pickTarget(kind, file ?? activeDefinition(), file);
        if (!picked) return refusal('cancelled', 'nothing picked');
        ({ file, name } = picked);
      }
      if (!file) return refusal('invalid', `Give the definition file of ${kind} ${name}.`);
      const target = { kind, name };
      const input = args.input ?? (args.inputFile ? await readInputFile(vscode.Uri.file(args.inputFile)) : await pickInput(history, file, target));
      if (!input) return refusal('cancelled', 'no input given');
      return start({ file, target, input: input.value });
    });
  }

  // Rerun from here, from the trace panel: `{ trace, step }`. Not in the palette.
  ctx.register(
    vscode.commands.registerCommand('handoff.rerunFrom', async (arg?: unknown) => {
      const refused = refuseIfUntrusted(ctx.log, 'Rerun from here');
      if (refused) return refused;
      const a = (arg ?? {}) as { trace?: unknown; step?: unknown };
      const trace = parseTraceArg(arg);
      if (!trace || typeof a.step !== 'string' || !a.step) return refusal('invalid', 'Rerun from here needs a recorded trace and a step name.');
      const req = await rerunRequest(trace, a.step, history);
      if (isRefusal(req)) {
        void vscode.window.showErrorMessage(`Handoff: ${req.message}`);
        return req;
      }
      return start(req);
    }),
  );

  registerDeleteRun(ctx, history, diagnostics, isLive);

  // Open Trace…: a trace file in the trace viewer, from the argument or picked among the runs.
  registerCommand(ctx, Commands.openTrace, async (arg?: unknown) => {
    const uri = arg instanceof vscode.Uri ? arg : await pickTraceToOpen(history, isLive);
    if (!uri) return undefined;
    await vscode.commands.executeCommand('vscode.openWith', uri, TRACE_VIEWER);
    return uri;
  });

  registerCommand(ctx, Commands.replayRun, async (arg?: unknown) => {
    const refused = refuseIfUntrusted(ctx.log, 'Replay run');
    if (refused) return refused;
    const trace = parseTraceArg(arg) ?? (await pickRun(history, 'Replay Run', isLive))?.trace;
    if (!trace) return refusal('cancelled', 'no run picked');
    const req = await replayRequest(trace, history);
    if (isRefusal(req)) {
      void vscode.window.showErrorMessage(`Handoff: ${req.message}`);
      return req;
    }
    return start(req);
  });
}

/**
 * Delete Run…: a recorded run's trace goes to the trash (deleted outright where the file system
 * has none, as the confirmation says), after a modal confirmation. A run still going is not
 * deleted. Returns `{ deleted }` or a Refusal.
 */
function registerDeleteRun(ctx: HandoffContext, history: RunHistory, diagnostics: RuntimeDiagnostics, isLive: (runId: string) => boolean): void {
  registerCommand(ctx, Commands.deleteRun, async (arg?: unknown) => {
    const trace = parseTraceArg(arg) ?? (await pickRun(history, 'Delete Run', isLive))?.trace;
    if (!trace) return refusal('cancelled', 'no run picked');
    const run = (await history.runs()).find((r) => r.trace === trace);
    // Only a run of this window can still be going; one a reload cut off can be deleted.
    if (run && runState(run, isLive) === 'running') {
      void vscode.window.showWarningMessage('Handoff: this run is still going; cancel it before deleting its trace.');
      return refusal('invalid', 'the run is still going');
    }
    const what = run ? `${run.target.kind} ${run.target.name} (${formatStartedAt(run.startedAt, true)})` : vscode.workspace.asRelativePath(trace);
    const choice = await vscode.window.showWarningMessage(
      `Delete the recorded run of ${what}?`,
      { modal: true, detail: `${vscode.workspace.asRelativePath(trace)} goes to the trash, or is deleted where there is none.` },
      'Delete',
    );
    if (choice !== 'Delete') return refusal('cancelled', 'not confirmed');
    const uri = vscode.Uri.file(trace);
    try {
      await vscode.workspace.fs.delete(uri, { useTrash: true });
    } catch {
      try {
        await vscode.workspace.fs.delete(uri, { useTrash: false });
      } catch (err) {
        void vscode.window.showErrorMessage(`Handoff: cannot delete ${trace}: ${(err as Error).message}`);
        return refusal('invalid', (err as Error).message);
      }
    }
    diagnostics.forgetTrace(trace); // its violations would link to a trace that is gone
    history.invalidate(); // a trace directory outside the workspace has no file watcher
    return { deleted: trace };
  });
}

function activeDefinition(): string | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  return doc?.languageId === 'handoff-agents' && doc.uri.scheme === 'file' ? doc.uri.fsPath : undefined;
}

/**
 * A run reads its definitions from disk, like `handoff run`: a document that is not a file
 * (an untitled buffer, a `git:` copy) cannot be run, and is refused with a message that says
 * so rather than failing on a path that does not exist.
 */
function refuseNotOnDisk(arg: unknown): Refusal | undefined {
  const o = arg as Record<string, unknown> | undefined;
  const uri = arg instanceof vscode.Uri ? arg : o?.['file'] instanceof vscode.Uri ? o['file'] : o?.['uri'] instanceof vscode.Uri ? o['uri'] : undefined;
  if (!uri || uri.scheme === 'file') return undefined;
  const message = uri.scheme === 'untitled'
    ? `Save ${uri.path} as a *.agents.yaml file before running it: a run reads its definitions from disk.`
    : `Only a definition file on disk can be run (${uri.toString(true)} is not one).`;
  void vscode.window.showErrorMessage(`Handoff: ${message}`);
  return refusal('invalid', message);
}

async function runWithProgress(ctx: HandoffContext, runner: Runner, req: RunRequest): Promise<RunOutcome | Refusal> {
  const label = `${req.target.kind} ${req.target.name}${req.provider ? ' (replay)' : req.rerun ? ` (rerun from ${req.rerun.step})` : ''}`;
  let outcome: RunOutcome | Refusal;
  try {
    outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Handoff: running ${label}`, cancellable: true },
      (progress, token) => runner.run(req, token, progress),
    );
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    ctx.log.error(`run of ${label} failed to start: ${err instanceof Error ? (err.stack ?? message) : message}`);
    outcome = refusal('invalid', `The run of ${label} failed: ${message}`);
  }
  announce(ctx, label, outcome);
  return outcome;
}

/** Tells the user how a run ended, without waiting for an answer. */
function announce(ctx: HandoffContext, label: string, o: RunOutcome | Refusal): void {
  if (isRefusal(o)) {
    if (o.reason !== 'invalid') return;
    const action = /do not check/.test(o.message) ? 'Show Problems' : 'Show Log';
    void vscode.window.showErrorMessage(`Handoff: ${o.message}`, action).then((p) => {
      if (p === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
      else if (p) ctx.log.show();
    });
    return;
  }
  const actions = ['Open Trace', 'Show Output'] as const;
  const text = `Handoff: ${label} — ${o.summary}${o.error ? `: ${o.error.message}` : ''}`;
  const shown = o.status === 'error' ? vscode.window.showErrorMessage(text, ...actions) : vscode.window.showInformationMessage(text, ...actions);
  void shown.then(async (pick) => {
    if (pick === 'Open Trace') await vscode.commands.executeCommand(Commands.openTrace, vscode.Uri.file(o.trace));
    if (pick === 'Show Output') {
      const doc = await vscode.workspace.openTextDocument({ language: 'json', content: JSON.stringify(o.status === 'ok' ? o.output : o.error, null, 2) });
      await vscode.window.showTextDocument(doc, { preview: true });
    }
  });
}

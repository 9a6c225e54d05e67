/**
 * Everything the language features need, created on first use: the service, the
 * diagnostics publisher, the providers, and the workspace scan. index.ts loads this module
 * with a dynamic import, after activation.
 */
import * as vscode from 'vscode';
import type { HandoffContext } from '../context';
import { DiagnosticsPublisher } from './diagnostics';
import { readFile } from 'node:fs/promises';
import { outcomeMarkdown, stepOutcomes } from '../../core/language/stepRuns';
import { readTraceLines } from '../../core/runs/traceLines';
import { RunHistory } from '../run/history';
import { editingProviders, type StepRunStatus } from './editing';
import { navigationProviders } from './navigation';
import { FILE_GLOB, LanguageService, isDefinition, keyOf } from './service';

export interface LanguageRuntime {
  readonly service: LanguageService;
  readonly publisher: DiagnosticsPublisher;
  readonly providers: ReturnType<typeof navigationProviders> & ReturnType<typeof editingProviders>;
  /** Resolves when the workspace scan and the first check are done. */
  readonly ready: Promise<void>;
  /** Re-reads every definition file of the workspace, checks and publishes; returns counts. */
  checkWorkspace(): Promise<{ files: number; errors: number; warnings: number }>;
}

export function startRuntime(ctx: HandoffContext): LanguageRuntime {
  const service = new LanguageService(ctx);
  const publisher = ctx.register(new DiagnosticsPublisher(service));
  const openKeys = (): Set<string> => new Set(vscode.workspace.textDocuments.filter(isDefinition).map((d) => keyOf(d.uri)));

  const scan = async (): Promise<number> => {
    const uris = await vscode.workspace.findFiles(FILE_GLOB, '**/node_modules/**');
    const open = openKeys();
    await Promise.all(uris.filter((u) => !open.has(keyOf(u))).map((u) => service.loadFromDisk(u)));
    for (const d of vscode.workspace.textDocuments) if (isDefinition(d)) service.setText(d);
    return uris.length;
  };

  const watcher = ctx.register(vscode.workspace.createFileSystemWatcher(FILE_GLOB));
  const fromDisk = (uri: vscode.Uri): void => {
    if (openKeys().has(keyOf(uri))) return;
    void service.loadFromDisk(uri).then(() => publisher.schedule());
  };
  watcher.onDidCreate(fromDisk);
  watcher.onDidChange(fromDisk);
  watcher.onDidDelete((uri) => {
    service.forget(uri);
    publisher.schedule();
  });
  ctx.register(vscode.workspace.onDidOpenTextDocument((d) => {
    if (!isDefinition(d)) return;
    service.setText(d);
    publisher.schedule();
  }));
  ctx.register(vscode.workspace.onDidChangeTextDocument((e) => {
    if (!isDefinition(e.document) || e.contentChanges.length === 0) return;
    service.setText(e.document);
    publisher.schedule();
  }));
  ctx.register(vscode.workspace.onDidCloseTextDocument((d) => {
    // The closed editor may have held unsaved text: the file on disk is the truth again.
    if (isDefinition(d) && d.uri.scheme === 'file') fromDisk(d.uri);
    else if (isDefinition(d)) {
      service.forget(d.uri);
      publisher.schedule();
    }
  }));

  const ready = scan().then(() => publisher.checkNow());

  // The step hover ends with the step's outcome in the last recorded run of its workflow.
  let history: RunHistory | undefined;
  let cached: { trace: string; mtimeMs: number; outcomes: ReturnType<typeof stepOutcomes> } | undefined;
  const stepStatus: StepRunStatus = async (file, workflow, step) => {
    if (file.includes('://')) return undefined;
    history ??= ctx.register(new RunHistory());
    const run = await history.lastRun(file, { kind: 'workflow', name: workflow });
    if (!run) return undefined;
    if (cached?.trace !== run.trace || cached.mtimeMs !== run.mtimeMs) {
      cached = { trace: run.trace, mtimeMs: run.mtimeMs, outcomes: stepOutcomes(readTraceLines(await readFile(run.trace, 'utf8'))) };
    }
    return outcomeMarkdown(cached.outcomes.get(step), run.startedAt);
  };

  return {
    service,
    publisher,
    providers: { ...navigationProviders(service), ...editingProviders(service, publisher, stepStatus) },
    ready,
    async checkWorkspace() {
      await ready;
      for (const f of [...service.texts().keys()]) if (!openKeys().has(f)) service.forget(service.uriOf(f));
      const files = await scan();
      await publisher.checkNow();
      let errors = 0;
      let warnings = 0;
      for (const list of publisher.byFile.values()) {
        errors += list.filter((d) => d.severity === 'error').length;
        warnings += list.filter((d) => d.severity === 'warning').length;
      }
      return { files, errors, warnings };
    },
  };
}

/**
 * The recorded runs of the workspace, from each folder's trace directory
 * (`handoff.traceDirectory`, default `.handoff/runs`), cached until a trace changes.
 * The Workflows view, the CodeLens and the input pickers all read it.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import { scanRuns, runsOf, type RecordedRun } from '../../core/runs/history';
import type { RunTarget } from '../../core/runs/summary';

export class RunHistory implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private cache: Promise<RecordedRun[]> | undefined;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.trace.jsonl');
    this.disposables.push(
      watcher,
      watcher.onDidCreate(() => this.invalidateSoon()),
      watcher.onDidChange(() => this.invalidateSoon()),
      watcher.onDidDelete(() => this.invalidateSoon()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('handoff.traceDirectory')) this.invalidate();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.invalidate()),
    );
  }

  /** The workspace folder path a definition file belongs to (the first folder when none does). */
  rootFor(file: string): string {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file)) ?? vscode.workspace.workspaceFolders?.[0];
    return folder?.uri.fsPath ?? path.dirname(file);
  }

  /** Where traces of runs of `file` go. */
  traceDirFor(file: string): string {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file));
    const dir = vscode.workspace.getConfiguration('handoff', folder?.uri).get<string>('traceDirectory') || '.handoff/runs';
    return path.resolve(this.rootFor(file), dir);
  }

  private traceDirs(): string[] {
    const dirs = (vscode.workspace.workspaceFolders ?? []).map((f) => {
      const dir = vscode.workspace.getConfiguration('handoff', f.uri).get<string>('traceDirectory') || '.handoff/runs';
      return path.resolve(f.uri.fsPath, dir);
    });
    return [...new Set(dirs)];
  }

  /** Every recorded run, newest first. */
  runs(): Promise<RecordedRun[]> {
    this.cache ??= Promise.all(this.traceDirs().map((d) => scanRuns(d))).then((lists) =>
      lists.flat().sort((a, b) => (Date.parse(b.startedAt) || 0) - (Date.parse(a.startedAt) || 0)),
    );
    return this.cache;
  }

  async runsOf(file: string, target: RunTarget): Promise<RecordedRun[]> {
    return runsOf(await this.runs(), file, target, this.rootFor(file));
  }

  async lastRun(file: string, target: RunTarget): Promise<RecordedRun | undefined> {
    return (await this.runsOf(file, target))[0];
  }

  invalidate(): void {
    this.cache = undefined;
    this.changed.fire();
  }

  /** Trace files change line by line during a run: coalesce into one refresh. */
  private invalidateSoon(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.invalidate();
    }, 250);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

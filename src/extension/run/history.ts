/**
 * The recorded runs of the workspace, from each folder's trace directory
 * (`handoff.traceDirectory`, default `.handoff/runs`), and from the folders the runs of this
 * window wrote to or open definition files write to (with no folder open, beside the file).
 * A scan reads only the traces that changed since the last one, and one scan at a time runs.
 * The Workflows view, the CodeLens and the input pickers all read it.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import { RunCache, scanRuns, runsOf, type RecordedRun } from '../../core/runs/history';
import type { RunTarget } from '../../core/runs/summary';

/** Trace summaries by (path, size, mtime), shared by every history of the window. */
const summaries = new RunCache();

/** The trace folders the runs of this window wrote to (outside a workspace folder among them). */
const writtenDirs = new Set<string>();

/** The trace folders the runs of this window wrote to, for the trace panel's history too. */
export function runTraceDirs(): readonly string[] {
  return [...writtenDirs];
}

export class RunHistory implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  /** The runs of the current state: a scan done, or under way. */
  private cache: Promise<RecordedRun[]> | undefined;
  /** The scan under way, and the one that waits for it (it reads the state of when it starts). */
  private scanning: Promise<unknown> | undefined;
  private queued: Promise<RecordedRun[]> | undefined;
  private scannedDirs = new Set<string>();
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
      // A definition file opened outside the folders scanned: its runs are listed too.
      vscode.workspace.onDidOpenTextDocument((doc) => {
        if (this.isDefinition(doc) && !this.scannedDirs.has(this.traceDirFor(doc.uri.fsPath, false))) this.invalidate();
      }),
    );
  }

  /** The workspace folder path a definition file belongs to (the first folder when none does). */
  rootFor(file: string): string {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file)) ?? vscode.workspace.workspaceFolders?.[0];
    return folder?.uri.fsPath ?? path.dirname(file);
  }

  /**
   * Where traces of runs of `file` go. Asked for a run (`remember`), the folder is listed from
   * then on, also when it lies outside every workspace folder.
   */
  traceDirFor(file: string, remember = true): string {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file));
    const dir = vscode.workspace.getConfiguration('handoff', folder?.uri).get<string>('traceDirectory') || '.handoff/runs';
    const resolved = path.resolve(this.rootFor(file), dir);
    if (remember) writtenDirs.add(resolved);
    return resolved;
  }

  private isDefinition(doc: vscode.TextDocument): boolean {
    return doc.uri.scheme === 'file' && doc.languageId === 'handoff-agents';
  }

  /** Each workspace folder's trace folder, the folders runs wrote to, and those of open definition files. */
  private traceDirs(): string[] {
    const dirs = (vscode.workspace.workspaceFolders ?? []).map((f) => {
      const dir = vscode.workspace.getConfiguration('handoff', f.uri).get<string>('traceDirectory') || '.handoff/runs';
      return path.resolve(f.uri.fsPath, dir);
    });
    const open = vscode.workspace.textDocuments.filter((d) => this.isDefinition(d)).map((d) => this.traceDirFor(d.uri.fsPath, false));
    return [...new Set([...dirs, ...writtenDirs, ...open])];
  }

  /** Every recorded run, newest first. */
  runs(): Promise<RecordedRun[]> {
    if (this.cache) return this.cache;
    // A scan under way read (part of) an older state: the next one starts when it ends, and
    // everyone who asks until then shares it.
    this.cache = this.scanning ? (this.queued ??= this.scanning.then(() => this.startScan(), () => this.startScan())) : this.startScan();
    return this.cache;
  }

  private startScan(): Promise<RecordedRun[]> {
    this.queued = undefined;
    const dirs = this.traceDirs();
    this.scannedDirs = new Set(dirs);
    const scan = Promise.all(dirs.map((d) => scanRuns(d, 50, summaries))).then((lists) =>
      lists.flat().sort((a, b) => (Date.parse(b.startedAt) || 0) - (Date.parse(a.startedAt) || 0)),
    );
    this.scanning = scan;
    const done = (): void => {
      if (this.scanning === scan) this.scanning = undefined;
    };
    scan.then(done, done);
    return scan;
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

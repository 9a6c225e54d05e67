/**
 * Contract violations seen at run time, as diagnostics of their own (`handoff-runtime`) on
 * the contract and on the agent, each linked to the line of the trace that recorded it. The
 * diagnostics of a target (a workflow or agent of a file) are replaced by its next run, so
 * they clear when a later run passes. When the window opens, those of each target's last
 * recorded run are read back from its trace (`restore`), unless a run has reported since.
 * They go with what they point at: a definition file deleted or renamed, a trace deleted;
 * when their file is edited, they move with their names once typing pauses.
 * When Problems hold the violations of more than one run, or of a run older than the latest
 * run, each message names its run (`runNames.ts`).
 */
import * as vscode from 'vscode';
import { sep } from 'node:path';
import { relocate, type RuntimeDiagnostic } from '../../core/runs/violations';
import { outlineDefinition } from '../../core/runs/outline';
import type { SourceRange } from '../../core/model/diagnostic';
import type { RunTarget } from '../../core/runs/summary';
import { laterRun, mustNameRuns, withRunName, type RunRef } from './runNames';

export const RUNTIME_SOURCE = 'handoff-runtime';

/** The key of a target's diagnostics: its definition file (absolute) and its kind and name. */
export function targetKey(file: string, target: RunTarget): string {
  return `${file}#${target.kind}:${target.name}`;
}

export class RuntimeDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(RUNTIME_SOURCE);
  private readonly byTarget = new Map<string, { run: RunRef; diags: RuntimeDiagnostic[] }>();
  /** The latest run known: reported in this window, read back, or the newest recorded. */
  private latest: RunRef | undefined;
  /** The targets a run has reported on in this window: what `restore` reads back must not replace them. */
  private readonly reported = new Set<string>();
  /** Edited files whose diagnostics move after a pause in typing, as the checker's do (`handoff.check.debounceMs`): each move parses the file. */
  private readonly moves = new Map<string, NodeJS.Timeout>();
  private readonly onEdit = vscode.workspace.onDidChangeTextDocument((e) => this.scheduleFollow(e.document));
  // Deleted or renamed in VS Code (the explorer, a refactoring) or on disk (a watcher hears
  // the workspace's files only): a target whose file is gone has nothing to mark.
  private readonly watcher = vscode.workspace.createFileSystemWatcher('**/*', true, true, false);
  private readonly subs = [
    this.watcher,
    this.watcher.onDidDelete((uri) => this.forgetFile(uri)),
    vscode.workspace.onDidDeleteFiles((e) => e.files.forEach((uri) => this.forgetFile(uri))),
    vscode.workspace.onDidRenameFiles((e) => e.files.forEach((f) => this.forgetFile(f.oldUri))),
  ];

  /** Moves the diagnostics of an edited file once typing pauses (a later edit restarts the delay). */
  private scheduleFollow(doc: vscode.TextDocument): void {
    if (!this.marks(doc)) return;
    const file = doc.uri.fsPath;
    clearTimeout(this.moves.get(file));
    const ms = vscode.workspace.getConfiguration('handoff').get<number>('check.debounceMs', 200);
    this.moves.set(file, setTimeout(() => {
      this.moves.delete(file);
      this.follow(doc);
    }, ms));
  }

  /** Whether a diagnostic shown is in this document. */
  private marks(doc: vscode.TextDocument): boolean {
    const file = doc.uri.fsPath;
    return doc.uri.scheme === 'file' && [...this.byTarget.values()].some((l) => l.diags.some((d) => d.range.file === file));
  }

  /** Keeps the diagnostics of an edited file on their contract and agent names. */
  private follow(doc: vscode.TextDocument): void {
    if (!this.marks(doc)) return;
    const file = doc.uri.fsPath;
    const outline = outlineDefinition(doc.getText());
    for (const [key, entry] of this.byTarget) this.byTarget.set(key, { ...entry, diags: relocate(entry.diags, file, outline) });
    this.render();
  }

  /** Replaces what the last run of `targetKey` reported (an empty list clears it); `run` is that run. */
  set(key: string, diags: RuntimeDiagnostic[], run: RunRef): void {
    this.reported.add(key);
    this.latest = laterRun(this.latest, run);
    if (diags.length) this.byTarget.set(key, { run, diags });
    else this.byTarget.delete(key);
    this.render();
  }

  /** What a recorded run reported, read back from its trace; false when a run of this window has reported on the target. */
  restore(key: string, diags: RuntimeDiagnostic[], run: RunRef): boolean {
    if (this.reported.has(key) || diags.length === 0) return false;
    this.latest = laterRun(this.latest, run);
    this.byTarget.set(key, { run, diags });
    this.render();
    return true;
  }

  /** A run known without its diagnostics (the newest recorded one, when the window opens): if it is later than those shown, they are older runs'. */
  sawRun(run: RunRef): void {
    const before = this.latest;
    this.latest = laterRun(this.latest, run);
    if (this.latest !== before && this.byTarget.size) this.render();
  }

  /** Forgets the targets of a definition file, or of every file under a folder. */
  forgetFile(uri: vscode.Uri): void {
    if (uri.scheme !== 'file') return;
    const path = uri.fsPath;
    const gone = [...this.byTarget.keys()].filter((k) => k.startsWith(`${path}#`) || k.startsWith(path + sep));
    for (const k of gone) this.byTarget.delete(k);
    if (gone.length) this.render();
  }

  /** Forgets what a deleted trace recorded (its diagnostics link to its lines). */
  forgetTrace(trace: string): void {
    const gone = [...this.byTarget].filter(([, entry]) => entry.diags.some((d) => d.trace.file === trace)).map(([k]) => k);
    for (const k of gone) this.byTarget.delete(k);
    if (gone.length) this.render();
  }

  private render(): void {
    const byFile = new Map<string, vscode.Diagnostic[]>();
    const entries = [...this.byTarget.values()];
    const named = mustNameRuns(entries.map((e) => e.run), this.latest);
    for (const { run, diags } of entries) {
      for (const d of diags) {
        const diag = toVscode(named ? { ...d, message: withRunName(d.message, run) } : d);
        const arr = byFile.get(d.range.file) ?? [];
        if (!arr.some((x) => x.message === diag.message && x.range.isEqual(diag.range))) arr.push(diag);
        byFile.set(d.range.file, arr);
      }
    }
    this.collection.clear();
    for (const [file, diags] of byFile) this.collection.set(vscode.Uri.file(file), diags);
  }

  dispose(): void {
    for (const timer of this.moves.values()) clearTimeout(timer);
    this.moves.clear();
    this.onEdit.dispose();
    for (const s of this.subs) s.dispose();
    this.collection.dispose();
  }
}

export function toRange(r: SourceRange): vscode.Range {
  return new vscode.Range(r.start.line - 1, r.start.column - 1, r.end.line - 1, r.end.column - 1);
}

function toVscode(d: RuntimeDiagnostic): vscode.Diagnostic {
  const severity = d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
  const diag = new vscode.Diagnostic(toRange(d.range), d.message, severity);
  diag.source = RUNTIME_SOURCE;
  const traceUri = vscode.Uri.file(d.trace.file);
  diag.code = { value: 'contract-violation', target: traceUri.with({ fragment: `L${d.trace.line}` }) };
  const traceLine = new vscode.Location(traceUri, new vscode.Position(Math.max(0, d.trace.line - 1), 0));
  diag.relatedInformation = [
    new vscode.DiagnosticRelatedInformation(traceLine, 'recorded in this trace'),
    ...d.related.map((r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.file(r.range.file), toRange(r.range)), r.message)),
  ];
  return diag;
}

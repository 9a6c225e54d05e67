/**
 * Diagnostics as you type: a change schedules a check after `handoff.check.debounceMs`;
 * the check sets the changed texts in the checker, checks, and publishes every file's
 * diagnostics (closed files too, so the Problems panel is complete). Each diagnostic links
 * to its code's section of docs/diagnostics.md and names the other end of a mismatch.
 */
import * as vscode from 'vscode';
import { groupByFile, type EditorDiagnostic } from '../../core/language/editorDiagnostics';
import type { Diagnostic } from '../../core/model/diagnostic';
import { sendAndCheck } from './checker';
import { toRange, type LanguageService } from './service';

const SEVERITY: Record<EditorDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export class DiagnosticsPublisher implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('handoff');
  /** The checker's diagnostics by file, for quick fixes (they read `data`). */
  readonly byFile = new Map<string, Diagnostic[]>();
  private timer: NodeJS.Timeout | undefined;
  private readonly sent = new Map<string, string>();
  private readonly sentUnreadable = new Map<string, string>();
  private readonly published = new Map<string, string>();
  private running: Promise<void> = Promise.resolve();
  /** Milliseconds the last check took (set texts + check + conversion), for the log and the benchmark. */
  lastCheckMs = 0;

  constructor(private readonly service: LanguageService) {}

  /** Schedules a check after the configured delay (a later change restarts the delay). */
  schedule(): void {
    const ms = vscode.workspace.getConfiguration('handoff').get<number>('check.debounceMs', 200);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.checkNow();
    }, ms);
  }

  /** Checks now (queued behind a check already running) and publishes. */
  checkNow(): Promise<void> {
    this.running = this.running.then(() => this.run()).catch((err: unknown) => {
      this.service.ctx.log.error(`check failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    });
    return this.running;
  }

  private async run(): Promise<void> {
    const checker = await this.service.checker();
    const started = performance.now();
    const diags = sendAndCheck(checker, this.service.texts(), this.sent);
    // Files imported from outside the workspace (or created since the scan) are read and checked too.
    const loaded = await this.service.loadMissingImports((f) => checker.importsOf(f));
    // Imports that exist but cannot be read say why (the checker only knows the texts it is given).
    let unreadableChanged = false;
    for (const file of new Set([...this.sentUnreadable.keys(), ...this.service.unreadable.keys()])) {
      const why = this.service.unreadable.get(file);
      if (this.sentUnreadable.get(file) === why) continue;
      checker.setUnreadable(file, why);
      if (why === undefined) this.sentUnreadable.delete(file);
      else this.sentUnreadable.set(file, why);
      unreadableChanged = true;
    }
    if (loaded || unreadableChanged) diags.splice(0, diags.length, ...sendAndCheck(checker, this.service.texts(), this.sent));
    const texts = this.service.texts();
    const grouped = groupByFile(diags, [...this.byFile.keys(), ...texts.keys()]);
    this.byFile.clear();
    for (const [file, list] of grouped) {
      if (list.length > 0) this.byFile.set(file, list.map((d) => d.source));
      // Only files whose diagnostics changed are sent to the window.
      const signature = JSON.stringify(list.map((d) => d.source));
      if (this.published.get(file) === signature) continue;
      this.published.set(file, signature);
      this.collection.set(this.service.uriOf(file), list.map((d) => this.toVscode(d)));
    }
    this.lastCheckMs = performance.now() - started;
  }

  private docsUri(anchor: string): vscode.Uri {
    return vscode.Uri.joinPath(this.service.ctx.extension.extensionUri, 'docs', 'diagnostics.md').with({ fragment: anchor });
  }

  private toVscode(d: EditorDiagnostic): vscode.Diagnostic {
    const out = new vscode.Diagnostic(toRange(d.range), d.message, SEVERITY[d.severity]);
    out.source = 'handoff';
    out.code = { value: d.code, target: this.docsUri(d.docsAnchor) };
    if (d.related.length > 0) {
      out.relatedInformation = d.related.map((r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(this.service.uriOf(r.file), toRange(r.range)), r.message));
    }
    if (d.unnecessary) out.tags = [vscode.DiagnosticTag.Unnecessary];
    return out;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.collection.dispose();
  }
}


/**
 * The extension's lifetime scope: the extension context, the log, and a registry of
 * disposables. Per-run resources have their own scopes (see run/).
 */
import * as vscode from 'vscode';

export class HandoffContext implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly extension: vscode.ExtensionContext,
    readonly log: vscode.LogOutputChannel,
  ) {}

  /** Registers a disposable for the extension's lifetime and returns it. */
  register<T extends vscode.Disposable>(d: T): T {
    this.disposables.push(d);
    return d;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0).reverse()) {
      try {
        d.dispose();
      } catch (err) {
        this.log.warn(`dispose failed: ${String(err)}`);
      }
    }
  }
}

/**
 * A status bar item while runs are going: how many, and the newest one's name. Clicking it
 * shows the log. Hidden when nothing runs.
 */
import * as vscode from 'vscode';

export class RunStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('handoff.runs', vscode.StatusBarAlignment.Left, 50);
  private readonly active = new Map<string, string>();

  constructor() {
    this.item.name = 'Handoff Runs';
    this.item.command = 'handoff.showRunLog';
  }

  begin(runKey: string, label: string): void {
    this.active.set(runKey, label);
    this.render();
  }

  end(runKey: string): void {
    this.active.delete(runKey);
    this.render();
  }

  get count(): number {
    return this.active.size;
  }

  private render(): void {
    if (this.active.size === 0) {
      this.item.hide();
      return;
    }
    const labels = [...this.active.values()];
    this.item.text = `$(sync~spin) Handoff: ${this.active.size === 1 ? labels[0] : `${this.active.size} runs`}`;
    this.item.tooltip = `Running: ${labels.join(', ')}. Click to show the log.`;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}

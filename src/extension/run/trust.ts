/**
 * Workspace trust: in an untrusted workspace nothing runs and nothing is sent to a model.
 * Every run command calls `refuseIfUntrusted` itself, so a direct `executeCommand` is
 * refused too, not only the menu items that `when` clauses hide.
 */
import * as vscode from 'vscode';

export const UNTRUSTED_MESSAGE =
  'Handoff does not run workflows in an untrusted workspace (Restricted Mode). Checking, completion and hover still work. Trust the workspace to run.';

export interface Refusal {
  readonly refused: true;
  readonly reason: 'untrusted' | 'cancelled' | 'invalid';
  readonly message: string;
}

export function refusal(reason: Refusal['reason'], message: string): Refusal {
  return { refused: true, reason, message };
}

export function isRefusal(v: unknown): v is Refusal {
  return typeof v === 'object' && v !== null && (v as { refused?: unknown }).refused === true;
}

/** A refusal (already shown to the user) when the workspace is untrusted; undefined otherwise. */
export function refuseIfUntrusted(log: vscode.LogOutputChannel, what: string): Refusal | undefined {
  if (vscode.workspace.isTrusted) return undefined;
  log.warn(`${what} refused: the workspace is not trusted`);
  void vscode.window.showWarningMessage(UNTRUSTED_MESSAGE, 'Manage Workspace Trust').then((pick) => {
    if (pick) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return refusal('untrusted', UNTRUSTED_MESSAGE);
}

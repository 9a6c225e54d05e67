/** "Reveal in definition": opens the run's `*.agents.yaml` at the agent, step, contract or workflow. */
import * as vscode from 'vscode';
import { type DefinitionKind, findDefinition } from '../../core/traceview/definition';

/** Resolves the `file` of a run record: absolute, or relative to a workspace folder or the trace. */
export async function resolveDefinitionFile(file: string, traceUri?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const candidates: vscode.Uri[] = [];
  if (/^([a-zA-Z]:[\\/]|\/)/.test(file)) candidates.push(vscode.Uri.file(file));
  for (const f of vscode.workspace.workspaceFolders ?? []) candidates.push(vscode.Uri.joinPath(f.uri, file));
  if (traceUri) {
    // A trace under <root>/.handoff/runs/ names its file relative to <root>.
    candidates.push(vscode.Uri.joinPath(traceUri, '..', '..', '..', file), vscode.Uri.joinPath(traceUri, '..', file));
  }
  for (const c of candidates) {
    try {
      await vscode.workspace.fs.stat(c);
      return c;
    } catch {
      // Try the next one.
    }
  }
  return undefined;
}

export async function revealDefinition(
  file: vscode.Uri,
  kind: DefinitionKind,
  name: string,
  workflow?: string,
): Promise<boolean> {
  const doc = await vscode.workspace.openTextDocument(file);
  const range = findDefinition(doc.getText(), kind, name, workflow);
  const editor = await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.One });
  if (!range) {
    void vscode.window.showWarningMessage(`Handoff: no ${kind} named "${name}" in ${vscode.workspace.asRelativePath(file)}.`);
    return false;
  }
  const sel = new vscode.Selection(doc.positionAt(range.start), doc.positionAt(range.end));
  editor.selection = sel;
  editor.revealRange(sel, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return true;
}

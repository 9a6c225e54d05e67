/**
 * The read-only custom editor for `*.trace.jsonl`: the same webview UI as the panel, fed
 * from the file. It follows the file while it grows (a run still writing).
 */
import * as vscode from 'vscode';
import type { HandoffContext } from '../context';
import { Channel } from './channel';
import { type TraceController, initMessage } from './controller';
import { renderHtml, webviewOptions } from './html';
import { TraceSession } from './session';

export const TRACE_VIEWER = 'handoff.traceViewer';

export class TraceEditorProvider implements vscode.CustomReadonlyEditorProvider {
  constructor(
    private readonly ctx: HandoffContext,
    private readonly controller: TraceController,
  ) {}

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => {} };
  }

  async resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): Promise<void> {
    const uri = this.ctx.extension.extensionUri;
    panel.webview.options = webviewOptions(uri);
    const session = new TraceSession(() => initMessage('file'));
    const channel: Channel = new Channel(panel.webview, this.ctx.log, (msg): Promise<void> => this.controller.handle(session, channel, msg));
    session.attach(channel);
    const load = (): Promise<void> => this.controller.loadTraceFile(session, document.uri);
    await load().catch((err: unknown) => {
      void vscode.window.showErrorMessage(`Handoff: cannot read ${document.uri.fsPath}: ${err instanceof Error ? err.message : String(err)}`);
    });
    // Follow a trace that is still being written.
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.joinPath(document.uri, '..'), document.uri.path.split('/').pop()!));
    let pending: ReturnType<typeof setTimeout> | undefined;
    watcher.onDidChange(() => {
      if (pending) return;
      pending = setTimeout(() => {
        pending = undefined;
        void load().catch(() => undefined);
      }, 250);
    });
    panel.webview.html = renderHtml(panel.webview, uri, 'file');
    panel.onDidDispose(() => {
      if (pending) clearTimeout(pending);
      watcher.dispose();
      channel.dispose();
      session.dispose();
    });
  }
}

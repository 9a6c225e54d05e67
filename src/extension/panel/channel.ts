/**
 * One webview's end of the protocol: every message received is validated with zod and
 * handed on, or logged and dropped; messages sent are typed by the protocol. A request that
 * waits for a reply (it has a `messageId`) gets one when its handler fails, saying why, so
 * that the webview shows the error instead of waiting for ever.
 */
import type * as vscode from 'vscode';
import { type FromWebview, type ToWebview, parseFromWebview } from '../../shared/protocol';

const REQUEST_LABEL: Partial<Record<FromWebview['type'], string>> = {
  requestHistory: 'Reading the recorded runs',
  requestCompare: 'Reading the runs to compare',
  rerunFrom: 'Rerun from here',
};

export class Channel implements vscode.Disposable {
  private readonly sub: vscode.Disposable;

  constructor(
    readonly webview: vscode.Webview,
    private readonly log: vscode.LogOutputChannel,
    handler: (msg: FromWebview) => void | Promise<void>,
  ) {
    this.sub = webview.onDidReceiveMessage((data: unknown) => {
      const parsed = parseFromWebview(data);
      if (!parsed.ok) {
        this.log.warn(`trace panel: dropped ${parsed.error}`);
        return;
      }
      const msg = parsed.msg;
      // A handler that throws at once fails like one whose promise rejects.
      new Promise<void>((resolve) => resolve(handler(msg))).catch((err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        this.log.error(`trace panel: ${msg.type} failed: ${message}`);
        if ('messageId' in msg) void this.post({ type: 'reply', inReplyTo: msg.messageId, ok: false, message: `${REQUEST_LABEL[msg.type] ?? msg.type} failed: ${message}` });
      });
    });
  }

  post(msg: ToWebview): Thenable<boolean> {
    return this.webview.postMessage(msg);
  }

  dispose(): void {
    this.sub.dispose();
  }
}

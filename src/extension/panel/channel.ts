/**
 * One webview's end of the protocol: every message received is validated with zod and
 * handed on, or logged and dropped; messages sent are typed by the protocol.
 */
import * as vscode from 'vscode';
import { type FromWebview, type ToWebview, parseFromWebview } from '../../shared/protocol';

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
      Promise.resolve(handler(parsed.msg)).catch((err: unknown) => {
        this.log.error(`trace panel: ${parsed.msg.type} failed: ${err instanceof Error ? err.message : String(err)}`);
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

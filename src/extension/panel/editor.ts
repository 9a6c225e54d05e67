/**
 * The read-only custom editor for `*.trace.jsonl`: the same webview UI as the panel, fed
 * from the file. It follows the file while it grows (a run still writing): only the lines
 * added since are read and sent, and the whole file again only when it shrank or was replaced.
 */
import { watch } from 'node:fs';
import { open } from 'node:fs/promises';
import * as vscode from 'vscode';
import { completeLines } from '../../core/runs/traceTail';
import { parseRecordLine } from '../../core/traceview/parse';
import { splitLines } from '../../shared/protocol';
import type { HandoffContext } from '../context';
import { Channel } from './channel';
import { type TraceController, initMessage } from './controller';
import { renderHtml, webviewOptions } from './html';
import { type TraceInfo, TraceSession } from './session';

export const TRACE_VIEWER = 'handoff.traceViewer';

/** What a tab shows of its file: the text of its first `size` bytes. */
interface Shown {
  info: TraceInfo;
  text: string;
  size: number;
  /** The file's inode when it was read whole (a file replaced by another has another). */
  ino?: number;
  /** The last byte shown (a newline, or the end of a last record written without one). */
  lastByte?: number;
  /** Lines were sent since the session last held the whole text. */
  appended: boolean;
  /** The file goes on after `size` bytes with a last line cut short (not shown). */
  cutShort: boolean;
}

/** Whether bytes after the complete lines hold something (a last line cut short), not just blanks. */
function cutShortAfter(bytes: Uint8Array, consumed: number): boolean {
  for (let i = consumed; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b !== 0x20 && b !== 0x09 && b !== 0x0d && b !== 0x0a) return true;
  }
  return false;
}

/** The bytes of a file from `start` (up to its end now), and its inode; undefined when not a local file. */
async function readFrom(uri: vscode.Uri, start: number): Promise<{ bytes: Uint8Array; size: number; ino: number } | undefined> {
  if (uri.scheme !== 'file') return undefined;
  const handle = await open(uri.fsPath, 'r');
  try {
    const { size, ino } = await handle.stat();
    if (size < start) return { bytes: new Uint8Array(0), size, ino };
    const bytes = new Uint8Array(size - start);
    let done = 0;
    while (done < bytes.length) {
      const { bytesRead } = await handle.read(bytes, done, bytes.length - done, start + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return { bytes: bytes.subarray(0, done), size, ino };
  } finally {
    await handle.close();
  }
}

export class TraceEditorProvider implements vscode.CustomReadonlyEditorProvider {
  constructor(
    private readonly ctx: HandoffContext,
    private readonly controller: TraceController,
  ) {}

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => {} };
  }

  async resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): Promise<void> {
    const extensionUri = this.ctx.extension.extensionUri;
    const uri = document.uri;
    let shown: Shown | undefined;
    const session = new TraceSession(() => initMessage('file', undefined, uri.path.split('/').pop()));
    const channel: Channel = new Channel(panel.webview, this.ctx.log, (msg): Promise<void> => {
      // A webview that (re)loads gets the whole text: the session takes the lines sent since.
      if (msg.type === 'ready' && shown?.appended) {
        session.attach(channel);
        session.loadText(shown.info, shown.text, shown.cutShort);
        shown.appended = false;
      }
      return this.controller.handle(session, channel, msg);
    });
    session.attach(channel);
    // Follow a trace that is still being written.
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.joinPath(uri, '..'), uri.path.split('/').pop()!));
    let pending: ReturnType<typeof setTimeout> | undefined;
    let disposed = false;
    // Closing the tab while the file loads stops everything that follows it.
    // The cost figures follow handoff.prices without a reload, as in the panel.
    const settings = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('handoff.prices')) session.sendInit();
    });
    panel.onDidDispose(() => {
      disposed = true;
      if (pending) clearTimeout(pending);
      settings.dispose();
      watcher.dispose();
      channel.dispose();
      session.dispose();
    });
    panel.webview.options = webviewOptions(extensionUri);
    panel.webview.html = renderHtml(panel.webview, extensionUri, 'file', uri.path.split('/').pop());

    const opened = performance.now();
    const loadWhole = async (): Promise<void> => {
      const local = await readFrom(uri, 0);
      const bytes = local?.bytes ?? (await vscode.workspace.fs.readFile(uri));
      if (disposed) return;
      const { text, consumed } = completeLines(bytes, true);
      const info = await this.traceInfo(text, uri);
      if (disposed) return;
      const cutShort = cutShortAfter(bytes, consumed);
      shown = { info, text, size: consumed, ino: local?.ino, lastByte: bytes[consumed - 1], appended: false, cutShort };
      session.loadText(info, text, cutShort);
      this.ctx.log.debug(`trace viewer: ${uri.path.split('/').pop()} read in ${Math.round(performance.now() - opened)} ms (${consumed} bytes)`);
    };
    /** The lines added since; the whole file when it shrank or is another file. */
    const follow = async (): Promise<void> => {
      if (!shown) return loadWhole();
      const from = shown.size;
      // From one byte before: the last byte shown must still be there, or the file changed under it.
      const local = await readFrom(uri, Math.max(0, from - 1));
      if (disposed) return;
      if (!local) return loadWhole();
      const replaced = local.size < from || local.ino !== shown.ino || (from > 0 && local.bytes[0] !== shown.lastByte);
      if (replaced) return loadWhole();
      const added = local.bytes.subarray(from > 0 ? 1 : 0);
      const { text, consumed } = completeLines(added, from === 0);
      const cutShort = cutShortAfter(added, consumed);
      if (consumed === 0 && cutShort === shown.cutShort) return;
      shown.text += text;
      shown.size += consumed;
      if (consumed > 0) shown.lastByte = added[consumed - 1];
      shown.appended = true;
      shown.cutShort = cutShort;
      const chunks = text ? splitLines(text) : [''];
      chunks.forEach((t, i) => void channel.post({ type: 'recordsText', text: t, done: i === chunks.length - 1, ...(i === chunks.length - 1 && cutShort ? { cutShort } : {}) }));
    };
    let queue: Promise<void> = loadWhole().catch((err: unknown) => {
      if (disposed) return;
      void vscode.window.showErrorMessage(`Handoff: cannot read ${uri.fsPath}: ${err instanceof Error ? err.message : String(err)}`);
    });
    const changed = (): void => {
      if (pending || disposed) return;
      pending = setTimeout(() => {
        pending = undefined;
        // One read at a time, in order.
        queue = queue.then(follow).catch(() => undefined);
      }, 250);
    };
    watcher.onDidChange(changed);
    // A local file is watched directly too: the workbench's watcher starts asynchronously (a
    // write just after the tab opens can be missed) and does not see every folder.
    if (uri.scheme === 'file' && !disposed) {
      try {
        const direct = watch(uri.fsPath, { persistent: false }, changed);
        direct.on('error', () => direct.close());
        panel.onDidDispose(() => direct.close());
      } catch {
        // The workbench's watcher still follows it.
      }
    }
    await queue;
  }

  /** The title and the graph's plan of a trace, from its `run` line. */
  private async traceInfo(text: string, uri: vscode.Uri): Promise<TraceInfo> {
    const nl = text.indexOf('\n');
    const first = parseRecordLine(nl < 0 ? text : text.slice(0, nl));
    const run = first?.type === 'run' ? first : undefined;
    const title = run ? (run.workflow ?? run.agent ?? run.runId) : uri.path.split('/').pop()!;
    const plan = run?.workflow ? await this.controller.planFor(run.file, run.workflow, uri) : undefined;
    return { title, source: uri.toString(), plan };
  }
}

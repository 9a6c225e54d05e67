/**
 * Read-only documents for the diff editor: two outputs opened side by side. The tab reads
 * like "Output of summarize: run of 10:00:05 ↔ run of 10:07:12" and each side's URI is
 * `handoff-output:<readable name>.json`, its id in the query (which no label shows).
 */
import * as vscode from 'vscode';
import { diffDocPath, diffTitle } from './diffNames';

export const OUTPUT_SCHEME = 'handoff-output';

export class OutputDocuments implements vscode.TextDocumentContentProvider {
  private readonly docs = new Map<string, string>();
  private next = 0;

  /** Stores a value as pretty JSON and returns the URI that shows it. */
  add(label: string, value: unknown): vscode.Uri {
    const id = `${++this.next}`;
    this.docs.set(id, JSON.stringify(value, null, 2) ?? 'undefined');
    if (this.docs.size > 200) this.docs.delete(this.docs.keys().next().value!);
    return vscode.Uri.from({ scheme: OUTPUT_SCHEME, path: diffDocPath(label), query: id });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.docs.get(uri.query) ?? '';
  }
}

export async function openOutputDiff(
  docs: OutputDocuments,
  title: string,
  left: { label: string; value: unknown },
  right: { label: string; value: unknown },
): Promise<void> {
  await vscode.commands.executeCommand('vscode.diff', docs.add(left.label, left.value), docs.add(right.label, right.value), diffTitle(title));
}

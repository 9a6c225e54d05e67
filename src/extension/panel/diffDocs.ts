/** Read-only documents for the diff editor: two outputs opened side by side. */
import * as vscode from 'vscode';

export const OUTPUT_SCHEME = 'handoff-output';

export class OutputDocuments implements vscode.TextDocumentContentProvider {
  private readonly docs = new Map<string, string>();
  private next = 0;

  /** Stores a value as pretty JSON and returns the URI that shows it. */
  add(label: string, value: unknown): vscode.Uri {
    const id = `${++this.next}`;
    this.docs.set(id, JSON.stringify(value, null, 2) ?? 'undefined');
    if (this.docs.size > 200) this.docs.delete(this.docs.keys().next().value!);
    const safe = label.replace(/[^\w.@-]+/g, '_').slice(0, 80) || 'output';
    return vscode.Uri.from({ scheme: OUTPUT_SCHEME, path: `/${id}/${safe}.json` });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const id = uri.path.split('/')[1] ?? '';
    return this.docs.get(id) ?? '';
  }
}

export async function openOutputDiff(
  docs: OutputDocuments,
  title: string,
  left: { label: string; value: unknown },
  right: { label: string; value: unknown },
): Promise<void> {
  await vscode.commands.executeCommand('vscode.diff', docs.add(left.label, left.value), docs.add(right.label, right.value), title.slice(0, 200));
}

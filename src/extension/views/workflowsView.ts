/**
 * The Workflows view: every `*.agents.yaml` in the workspace with its workflows, agents and
 * contracts. Reads the files with the `yaml` package only (the full checker is not needed
 * to list names), and refreshes when a definition file changes.
 */
import * as vscode from 'vscode';
import { parseDocument, isMap, isScalar, type Node } from 'yaml';
import { Commands } from '../commandIds';
import { registerCommand } from '../commands';
import type { HandoffContext } from '../context';

export const DEFINITION_GLOB = '**/*.agents.{yaml,yml}';

type Item =
  | { kind: 'file'; uri: vscode.Uri }
  | { kind: 'section'; uri: vscode.Uri; section: 'workflows' | 'agents' | 'contracts'; names: NamedNode[] }
  | { kind: 'workflow' | 'agent' | 'contract'; uri: vscode.Uri; name: string; offset: number; detail?: string };

interface NamedNode {
  name: string;
  offset: number;
  detail?: string;
}

export class WorkflowsProvider implements vscode.TreeDataProvider<Item> {
  private readonly changed = new vscode.EventEmitter<Item | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(item?: Item): Promise<Item[]> {
    if (!item) {
      const uris = await vscode.workspace.findFiles(DEFINITION_GLOB, '**/node_modules/**');
      uris.sort((a, b) => a.fsPath.localeCompare(b.fsPath));
      return uris.map((uri) => ({ kind: 'file', uri }));
    }
    if (item.kind === 'file') return this.sections(item.uri);
    if (item.kind === 'section') {
      const kind = item.section === 'workflows' ? 'workflow' : item.section === 'agents' ? 'agent' : 'contract';
      return item.names.map((n) => ({ kind, uri: item.uri, name: n.name, offset: n.offset, detail: n.detail }));
    }
    return [];
  }

  getTreeItem(item: Item): vscode.TreeItem {
    switch (item.kind) {
      case 'file': {
        const t = new vscode.TreeItem(item.uri, vscode.TreeItemCollapsibleState.Expanded);
        t.contextValue = 'file';
        t.description = vscode.workspace.asRelativePath(item.uri.with({ path: item.uri.path.replace(/\/[^/]*$/, '') }));
        return t;
      }
      case 'section': {
        const label = item.section[0]!.toUpperCase() + item.section.slice(1);
        const t = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Expanded);
        t.description = String(item.names.length);
        t.contextValue = 'section';
        return t;
      }
      default: {
        const t = new vscode.TreeItem(item.name, vscode.TreeItemCollapsibleState.None);
        t.contextValue = item.kind;
        t.description = item.detail;
        t.iconPath = new vscode.ThemeIcon(
          item.kind === 'workflow' ? 'type-hierarchy' : item.kind === 'agent' ? 'hubot' : 'symbol-interface',
        );
        t.command = {
          command: 'vscode.open',
          title: 'Open',
          arguments: [item.uri, { selection: new vscode.Range(0, 0, 0, 0) } satisfies vscode.TextDocumentShowOptions],
        };
        t.resourceUri = item.uri;
        return t;
      }
    }
  }

  private async sections(uri: vscode.Uri): Promise<Item[]> {
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      return [];
    }
    const doc = parseDocument(text, { uniqueKeys: false });
    const root = doc.contents;
    if (!isMap(root)) return [];
    const out: Item[] = [];
    for (const section of ['workflows', 'agents', 'contracts'] as const) {
      const node = root.get(section, true) as Node | undefined;
      if (!isMap(node)) continue;
      const names: NamedNode[] = [];
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const value = pair.value;
        let detail: string | undefined;
        if (isMap(value)) {
          if (section === 'workflows') detail = String(value.get('pattern') ?? 'graph');
          if (section === 'agents') detail = `${String(value.get('input') ?? '?')} → ${String(value.get('output') ?? '?')}`;
          if (section === 'contracts') detail = `v${String(value.get('version') ?? '?')}`;
        }
        names.push({ name: String(pair.key.value), offset: pair.key.range?.[0] ?? 0, detail });
      }
      if (names.length) out.push({ kind: 'section', uri, section, names });
    }
    return out;
  }
}

export function registerWorkflowsView(ctx: HandoffContext): WorkflowsProvider {
  const provider = new WorkflowsProvider();
  const view = vscode.window.createTreeView('handoff.workflows', { treeDataProvider: provider, showCollapseAll: true });
  ctx.register(view);
  const watcher = vscode.workspace.createFileSystemWatcher(DEFINITION_GLOB);
  ctx.register(watcher);
  watcher.onDidCreate(() => provider.refresh());
  watcher.onDidDelete(() => provider.refresh());
  watcher.onDidChange(() => provider.refresh());
  registerCommand(ctx, Commands.refreshWorkflows, () => provider.refresh());
  return provider;
}

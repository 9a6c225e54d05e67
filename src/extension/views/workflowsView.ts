/**
 * The Workflows view: every `*.agents.yaml` in the workspace with its workflows, agents and
 * contracts. Reads definition files with the `yaml` package only (the checker is not needed
 * to list names), and refreshes when a definition file changes. Workflow and agent rows have
 * an inline run action. The file rows carry their file's problems (VS Code's badge and
 * colour); the rows of its workflows, agents and contracts do not, since a file's count on
 * each of them would say nothing about that row. The recent runs have a view of their own
 * (`recentRunsView.ts`), registered with this one.
 */
import * as vscode from 'vscode';
import { Commands } from '../commandIds';
import { registerCommand } from '../commands';
import type { HandoffContext } from '../context';
import { outlineDefinition, type OutlineEntry } from '../../core/runs/outline';
import { registerRecentRunsView } from './recentRunsView';

export const DEFINITION_GLOB = '**/*.agents.{yaml,yml}';

export type Item =
  | { kind: 'file'; uri: vscode.Uri }
  | { kind: 'section'; uri: vscode.Uri; section: 'workflows' | 'agents' | 'contracts'; entries: OutlineEntry[] }
  | { kind: 'workflow' | 'agent' | 'contract'; uri: vscode.Uri; name: string; entry: OutlineEntry };

const SECTION_OF = { workflow: 'workflows', agent: 'agents', contract: 'contracts' } as const;
const ICON = { workflow: 'type-hierarchy', agent: 'hubot', contract: 'symbol-interface' } as const;

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
      return uris.map((uri): Item => ({ kind: 'file', uri }));
    }
    if (item.kind === 'file') return this.sections(item.uri);
    if (item.kind === 'section') return item.entries.map((entry) => ({ kind: entry.kind, uri: item.uri, name: entry.name, entry }));
    return [];
  }

  getTreeItem(item: Item): vscode.TreeItem {
    switch (item.kind) {
      case 'file': {
        const t = new vscode.TreeItem(item.uri, vscode.TreeItemCollapsibleState.Expanded);
        // Stable ids keep what the user collapsed collapsed across refreshes (every save refreshes).
        t.id = `file:${item.uri.toString()}`;
        t.contextValue = 'file';
        // The folder, relative to the workspace; nothing when the file sits at its root.
        const rel = vscode.workspace.asRelativePath(item.uri, false);
        t.description = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : undefined;
        return t;
      }
      case 'section': {
        const label = item.section[0]!.toUpperCase() + item.section.slice(1);
        const t = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Expanded);
        t.id = `section:${item.uri.toString()}:${item.section}`;
        t.description = String(item.entries.length);
        t.contextValue = 'section';
        return t;
      }
      default: {
        const t = new vscode.TreeItem(item.name, vscode.TreeItemCollapsibleState.None);
        t.id = `${item.kind}:${item.uri.toString()}:${item.name}@${item.entry.offset}`;
        t.contextValue = item.kind;
        t.description = item.entry.detail;
        t.iconPath = new vscode.ThemeIcon(ICON[item.kind]);
        const at = new vscode.Range(item.entry.line, item.entry.column, item.entry.line, item.entry.column + item.name.length);
        t.command = { command: 'vscode.open', title: 'Open', arguments: [item.uri, { selection: at } satisfies vscode.TextDocumentShowOptions] };
        // No resourceUri: it would put the file's problem count and colour on every row of the
        // file (file decorations are per resource). Where the row is, the tooltip says instead.
        t.tooltip = `${item.kind} ${item.name}${item.entry.detail ? ` (${item.entry.detail})` : ''} — ${vscode.workspace.asRelativePath(item.uri)}:${item.entry.line + 1}`;
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
    const outline = outlineDefinition(text);
    const out: Item[] = [];
    for (const kind of ['workflow', 'agent', 'contract'] as const) {
      const entries = outline.filter((e) => e.kind === kind);
      if (entries.length) out.push({ kind: 'section', uri, section: SECTION_OF[kind], entries });
    }
    return out;
  }
}

let current: WorkflowsProvider | undefined;

/** The view's provider, once registered. */
export function workflowsProvider(): WorkflowsProvider | undefined {
  return current;
}

export function registerWorkflowsView(ctx: HandoffContext): WorkflowsProvider {
  const provider = new WorkflowsProvider();
  current = provider;
  const view = vscode.window.createTreeView('handoff.workflows', { treeDataProvider: provider, showCollapseAll: true });
  ctx.register(view);
  const runs = registerRecentRunsView(ctx);
  const watcher = vscode.workspace.createFileSystemWatcher(DEFINITION_GLOB);
  ctx.register(watcher);
  watcher.onDidCreate(() => provider.refresh());
  watcher.onDidDelete(() => provider.refresh());
  watcher.onDidChange(() => provider.refresh());
  // A folder added to or removed from the workspace brings or takes its definition files.
  ctx.register(vscode.workspace.onDidChangeWorkspaceFolders(() => provider.refresh()));
  registerCommand(ctx, Commands.refreshWorkflows, () => {
    provider.refresh();
    runs.refresh();
  });
  return provider;
}

/**
 * The Workflows view: every `*.agents.yaml` in the workspace with its workflows, agents and
 * contracts, and the recent runs recorded under the trace directories. Reads definition
 * files with the `yaml` package only (the checker is not needed to list names), and
 * refreshes when a definition file or a trace changes. Workflow and agent rows have an
 * inline run action, run rows open their trace or replay it. A run row says when it started
 * relative to now ("5 min ago"), computed again at each refresh and, while the view is
 * visible, every minute.
 */
import * as vscode from 'vscode';
import { Commands } from '../commandIds';
import { registerCommand } from '../commands';
import type { HandoffContext } from '../context';
import { outlineDefinition, type OutlineEntry } from '../../core/runs/outline';
import { formatSummary, runState, type RunState } from '../../core/runs/summary';
import { formatStartedAt } from '../../core/traceview/timeline';
import type { RecordedRun } from '../../core/runs/history';
import type { RunHistory } from '../run/history';
import { relativeTime } from './relativeTime';
import { refreshWhileVisible } from './whileVisible';

export const DEFINITION_GLOB = '**/*.agents.{yaml,yml}';
const RECENT_RUNS = 20;
/** How often the run rows' relative times are brought up to date while the view is visible. */
const RELATIVE_TIME_REFRESH_MS = 60_000;

export type Item =
  | { kind: 'file'; uri: vscode.Uri }
  | { kind: 'runs' }
  | { kind: 'section'; uri: vscode.Uri; section: 'workflows' | 'agents' | 'contracts'; entries: OutlineEntry[] }
  | { kind: 'workflow' | 'agent' | 'contract'; uri: vscode.Uri; name: string; entry: OutlineEntry }
  /** A recorded run is its trace file's URI: the inline actions (Open Trace, Replay Run) receive the row itself. */
  | vscode.Uri;

const SECTION_OF = { workflow: 'workflows', agent: 'agents', contract: 'contracts' } as const;
const ICON = { workflow: 'type-hierarchy', agent: 'hubot', contract: 'symbol-interface' } as const;
const STATUS_ICON: Record<RunState, string> = { ok: 'pass', error: 'error', cancelled: 'circle-slash', running: 'sync~spin', interrupted: 'debug-disconnect' };

export class WorkflowsProvider implements vscode.TreeDataProvider<Item> {
  private readonly changed = new vscode.EventEmitter<Item | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private history: RunHistory | undefined;
  private isLive: (runId: string) => boolean = () => false;
  /** The runs the Recent Runs rows show, by trace path. */
  private runs = new Map<string, RecordedRun>();
  /** One object for the Recent Runs row, so that it can be refreshed alone. */
  private readonly runsRow: Item = { kind: 'runs' };

  /** `now` is the clock the run rows' relative times are computed against (tests give their own). */
  constructor(private readonly now: () => number = Date.now) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  /** The Recent Runs rows again (their relative times), without reading the definition files. */
  refreshRuns(): void {
    this.changed.fire(this.runsRow);
  }

  /** Adds the recent runs (called by the run features once they exist); `isLive` says which runs this window is running. */
  attachHistory(history: RunHistory, isLive: (runId: string) => boolean): vscode.Disposable {
    this.history = history;
    this.isLive = isLive;
    this.refresh();
    return history.onDidChange(() => this.refresh());
  }

  async getChildren(item?: Item): Promise<Item[]> {
    if (!item) {
      const uris = await vscode.workspace.findFiles(DEFINITION_GLOB, '**/node_modules/**');
      uris.sort((a, b) => a.fsPath.localeCompare(b.fsPath));
      const roots: Item[] = uris.map((uri) => ({ kind: 'file', uri }));
      if (this.history && (await this.history.runs()).length > 0) roots.push(this.runsRow);
      return roots;
    }
    if (item instanceof vscode.Uri) return [];
    if (item.kind === 'file') return this.sections(item.uri);
    if (item.kind === 'runs') {
      const runs = ((await this.history?.runs()) ?? []).slice(0, RECENT_RUNS);
      this.runs = new Map(runs.map((r) => [r.trace, r]));
      return runs.map((r) => vscode.Uri.file(r.trace));
    }
    if (item.kind === 'section') return item.entries.map((entry) => ({ kind: entry.kind, uri: item.uri, name: entry.name, entry }));
    return [];
  }

  getTreeItem(item: Item): vscode.TreeItem {
    if (item instanceof vscode.Uri) {
      const run = this.runs.get(item.fsPath);
      return run ? runItem({ ...run, status: runState(run, this.isLive) }, this.now()) : new vscode.TreeItem(item);
    }
    switch (item.kind) {
      case 'file': {
        const t = new vscode.TreeItem(item.uri, vscode.TreeItemCollapsibleState.Expanded);
        // Stable ids keep what the user collapsed collapsed across refreshes (a run refreshes often).
        t.id = `file:${item.uri.toString()}`;
        t.contextValue = 'file';
        // The folder, relative to the workspace; nothing when the file sits at its root.
        const rel = vscode.workspace.asRelativePath(item.uri, false);
        t.description = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : undefined;
        return t;
      }
      case 'runs': {
        const t = new vscode.TreeItem('Recent Runs', vscode.TreeItemCollapsibleState.Collapsed);
        t.id = 'runs';
        t.contextValue = 'runs';
        t.iconPath = new vscode.ThemeIcon('history');
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
    const outline = outlineDefinition(text);
    const out: Item[] = [];
    for (const kind of ['workflow', 'agent', 'contract'] as const) {
      const entries = outline.filter((e) => e.kind === kind);
      if (entries.length) out.push({ kind: 'section', uri, section: SECTION_OF[kind], entries });
    }
    return out;
  }
}

function runItem(run: Omit<RecordedRun, 'status'> & { readonly status: RunState }, now: number): vscode.TreeItem {
  const t = new vscode.TreeItem(`${run.target.kind === 'agent' ? 'agent ' : ''}${run.target.name}`, vscode.TreeItemCollapsibleState.None);
  t.id = `run:${run.trace}`;
  t.contextValue = 'run';
  // The time first: rows of one workflow differ by it, and a narrow view cuts the end.
  const when = relativeTime(run.startedAt, now);
  t.description = `${when} · ${formatSummary(run)}`;
  t.iconPath = new vscode.ThemeIcon(run.status === 'ok' && run.fallbacks ? 'warning' : STATUS_ICON[run.status]);
  // The exact time where the row says "5 min ago": local, and as the trace records it (ISO 8601).
  const from = run.noRunLine ? ', its run line missing or damaged: the run id and definition file are unknown' : ` from \`${run.file}\``;
  t.tooltip = new vscode.MarkdownString(
    `**${run.target.name}** (${run.target.kind})${from}\n\n${formatSummary(run)}\n\nstarted ${when}: ${formatStartedAt(run.startedAt, true)} (\`${isoTime(run.startedAt)}\`)` +
      (run.error ? `\n\nerror (${run.error.kind}): ${run.error.message}` : ''),
  );
  t.resourceUri = vscode.Uri.file(run.trace);
  t.command = { command: Commands.openTrace, title: 'Open Trace', arguments: [vscode.Uri.file(run.trace)] };
  return t;
}

/** A recorded start time as ISO 8601 in UTC; as recorded when it cannot be read. */
function isoTime(recorded: string): string {
  const t = Date.parse(recorded);
  return Number.isNaN(t) ? recorded : new Date(t).toISOString();
}

let current: WorkflowsProvider | undefined;

/** The view's provider, once registered (the run features attach the run history to it). */
export function workflowsProvider(): WorkflowsProvider | undefined {
  return current;
}

export function registerWorkflowsView(ctx: HandoffContext): WorkflowsProvider {
  const provider = new WorkflowsProvider();
  current = provider;
  const view = vscode.window.createTreeView('handoff.workflows', { treeDataProvider: provider, showCollapseAll: true });
  ctx.register(view);
  // "5 min ago" must not stay "5 min ago": the run rows again every minute, only while the view is visible.
  ctx.register(refreshWhileVisible(view, RELATIVE_TIME_REFRESH_MS, () => provider.refreshRuns()));
  const watcher = vscode.workspace.createFileSystemWatcher(DEFINITION_GLOB);
  ctx.register(watcher);
  watcher.onDidCreate(() => provider.refresh());
  watcher.onDidDelete(() => provider.refresh());
  watcher.onDidChange(() => provider.refresh());
  // A folder added to or removed from the workspace brings or takes its definition files.
  ctx.register(vscode.workspace.onDidChangeWorkspaceFolders(() => provider.refresh()));
  registerCommand(ctx, Commands.refreshWorkflows, () => provider.refresh());
  return provider;
}

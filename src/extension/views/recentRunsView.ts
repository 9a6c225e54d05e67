/**
 * The Recent Runs view, under the Workflows view in the Handoff side bar: the newest runs
 * recorded under the trace directories, newest first, each its trace file's URI (the inline
 * actions Open Trace and Replay Run, and Delete Run… in the context menu, receive the row
 * itself). A view of its own, so that it is found without scrolling past every definition.
 * A row says when its run started relative to now ("5 min ago") and how it went, briefly;
 * the tooltip says the rest. The relative times are computed again at each refresh and,
 * while the view is visible, every minute.
 */
import * as vscode from 'vscode';
import { Commands } from '../commandIds';
import type { HandoffContext } from '../context';
import { runState, type RunState } from '../../core/runs/summary';
import { formatStartedAt } from '../../core/traceview/timeline';
import type { RecordedRun } from '../../core/runs/history';
import type { RunHistory } from '../run/history';
import { relativeTime } from './relativeTime';
import { shortSummary, summaryText } from './runWords';
import { refreshWhileVisible } from './whileVisible';

export const RECENT_RUNS_VIEW = 'handoff.runs';
const RECENT_RUNS = 20;
/** How often the rows' relative times are brought up to date while the view is visible. */
const RELATIVE_TIME_REFRESH_MS = 60_000;

const STATUS_ICON: Record<RunState, string> = { ok: 'pass', error: 'error', cancelled: 'circle-slash', running: 'sync~spin', interrupted: 'debug-disconnect' };

export class RecentRunsProvider implements vscode.TreeDataProvider<vscode.Uri> {
  private readonly changed = new vscode.EventEmitter<vscode.Uri | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private history: RunHistory | undefined;
  private isLive: (runId: string) => boolean = () => false;
  /** The runs the rows show, by trace path. */
  private runs = new Map<string, RecordedRun>();

  /** `now` is the clock the rows' relative times are computed against (tests give their own). */
  constructor(private readonly now: () => number = Date.now) {}

  /** The rows again (the history, their relative times). */
  refresh(): void {
    this.changed.fire(undefined);
  }

  /** Adds the run history (called by the run features once they exist); `isLive` says which runs this window is running. */
  attachHistory(history: RunHistory, isLive: (runId: string) => boolean): vscode.Disposable {
    this.history = history;
    this.isLive = isLive;
    this.refresh();
    return history.onDidChange(() => this.refresh());
  }

  async getChildren(item?: vscode.Uri): Promise<vscode.Uri[]> {
    if (item) return [];
    const runs = ((await this.history?.runs()) ?? []).slice(0, RECENT_RUNS);
    this.runs = new Map(runs.map((r) => [r.trace, r]));
    return runs.map((r) => vscode.Uri.file(r.trace));
  }

  getTreeItem(item: vscode.Uri): vscode.TreeItem {
    const run = this.runs.get(item.fsPath);
    return run ? runItem({ ...run, status: runState(run, this.isLive) }, this.now()) : new vscode.TreeItem(item);
  }
}

export function runItem(run: Omit<RecordedRun, 'status'> & { readonly status: RunState }, now: number): vscode.TreeItem {
  const label = `${run.target.kind === 'agent' ? 'agent ' : ''}${run.target.name}`;
  const t = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
  t.id = `run:${run.trace}`;
  // A trace without its run line can be opened and deleted, not replayed (nothing says whose run it is).
  t.contextValue = run.noRunLine ? 'run-damaged' : 'run';
  // The time first: rows of one workflow differ by it, and a narrow view cuts the end. The
  // rest briefly (the icon says the state too); the duration is in the tooltip.
  const when = relativeTime(run.startedAt, now);
  t.description = `${when} · ${shortSummary(run)}`;
  t.iconPath = new vscode.ThemeIcon(run.status === 'ok' && run.fallbacks ? 'warning' : STATUS_ICON[run.status]);
  const summary = summaryText(run);
  t.accessibilityInformation = { label: `${label}, ${when}, ${summary}` };
  // The exact time where the row says "5 min ago": local, and as the trace records it (ISO 8601).
  const from = run.noRunLine ? ', its run line missing or damaged: the run id and definition file are unknown' : ` from \`${run.file}\``;
  t.tooltip = new vscode.MarkdownString(
    `**${run.target.name}** (${run.target.kind})${from}\n\n${summary}\n\nstarted ${when}: ${formatStartedAt(run.startedAt, true)} (\`${isoTime(run.startedAt)}\`)` +
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

let current: RecentRunsProvider | undefined;

/** The view's provider, once registered (the run features attach the run history to it). */
export function recentRunsProvider(): RecentRunsProvider | undefined {
  return current;
}

export function registerRecentRunsView(ctx: HandoffContext): RecentRunsProvider {
  const provider = new RecentRunsProvider();
  current = provider;
  const view = vscode.window.createTreeView(RECENT_RUNS_VIEW, { treeDataProvider: provider });
  ctx.register(view);
  // "5 min ago" must not stay "5 min ago": the rows again every minute, only while the view is visible.
  ctx.register(refreshWhileVisible(view, RELATIVE_TIME_REFRESH_MS, () => provider.refresh()));
  return provider;
}

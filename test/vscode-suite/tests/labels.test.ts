/**
 * What people read in VS Code about runs: Recent Runs rows say how long ago a run started
 * (and say it again right later), run-time Problems of an older run or of several runs name
 * their run, a Compare diff tab is titled by the runs and not by internal paths, and a recent
 * input typed by hand is shown by its fields. Waits are on events, never sleeps.
 */
import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { RecordedRun } from '../../../src/core/runs/history';
import type { RuntimeDiagnostic } from '../../../src/core/runs/violations';
import { formatStartedAt } from '../../../src/core/traceview/timeline';
import type { HandoffContext } from '../../../src/extension/context';
import type { Channel } from '../../../src/extension/panel/channel';
import { TraceController } from '../../../src/extension/panel/controller';
import { OUTPUT_SCHEME, OutputDocuments } from '../../../src/extension/panel/diffDocs';
import type { TraceSession } from '../../../src/extension/panel/session';
import type { RunHistory } from '../../../src/extension/run/history';
import { pickInput } from '../../../src/extension/run/pickers';
import { RuntimeDiagnostics } from '../../../src/extension/run/runtimeDiagnostics';
import { RecentRunsProvider } from '../../../src/extension/views/recentRunsView';
import type { ToWebview } from '../../../src/shared/protocol';
import { diagnosticsWhere } from '../src/diagnostics';
import { test } from '../src/runner';

const root = () => vscode.workspace.workspaceFolders![0]!.uri.fsPath;
const MINUTE = 60_000;

function recorded(runId: string, startedAt: string, extra: Partial<RecordedRun> = {}): RecordedRun {
  return {
    runId,
    target: { kind: 'workflow', name: 'support' },
    file: 'support.agents.yaml',
    startedAt,
    input: {},
    status: 'ok',
    durationMs: 1200,
    violations: 0,
    agentInputs: {},
    trace: join(tmpdir(), `${runId}.trace.jsonl`),
    mtimeMs: 0,
    ...extra,
  };
}

/** A run history that holds the runs given (the view and the pickers read only these). */
function historyOf(runs: RecordedRun[]): RunHistory {
  const changed = new vscode.EventEmitter<void>();
  return { runs: async () => runs, onDidChange: changed.event, rootFor: () => root() } as unknown as RunHistory;
}

test('labels: a Recent Runs row says how long ago its run started, and says it again right after time passes; the tooltip has the ISO time', async () => {
  let now = Date.parse('2026-03-10T12:00:00.000Z');
  const provider = new RecentRunsProvider(() => now);
  const started = new Date(now - 2 * MINUTE).toISOString();
  const sub = provider.attachHistory(historyOf([recorded('r1', started)]), () => false);
  try {
    // The runs are the view's rows (a view of their own, not a row at the end of the Workflows view).
    const [run, ...more] = await provider.getChildren();
    assert.ok(run, 'no run row');
    assert.equal(more.length, 0);
    const item = provider.getTreeItem(run);
    assert.equal(item.label, 'support');
    // Short: the state, and the duration only in the tooltip (a narrow side bar cuts the end).
    assert.equal(item.description, '2 min ago · ok');
    const tooltip = (item.tooltip as vscode.MarkdownString).value;
    assert.ok(tooltip.includes(started), `the ISO start time is not in the tooltip: ${tooltip}`);
    assert.match(tooltip, /ok · 1\.2 s · no violations/);

    // The view asks again when it is refreshed (every minute while visible).
    const refreshed = new Promise<vscode.Uri | undefined | void>((resolve) => {
      const s = provider.onDidChangeTreeData((e) => {
        s.dispose();
        resolve(e);
      });
    });
    provider.refresh();
    assert.equal(await refreshed, undefined);
    now += 24 * 60 * MINUTE;
    assert.equal(provider.getTreeItem(run).description, 'yesterday · ok');
  } finally {
    sub.dispose();
  }
});

test('labels: a run whose trace lost its run line is listed, says so, and does not name a definition file', async () => {
  const now = Date.parse('2026-03-10T12:00:00.000Z');
  const provider = new RecentRunsProvider(() => now);
  const lost = recorded('', new Date(now - 5 * MINUTE).toISOString(), { file: '', status: 'running', durationMs: undefined, noRunLine: true });
  const sub = provider.attachHistory(historyOf([lost]), () => false);
  try {
    const [run] = await provider.getChildren();
    assert.ok(run, 'no run row');
    const item = provider.getTreeItem(run);
    assert.equal(item.label, 'support');
    assert.equal(item.description, '5 min ago · interrupted · damaged');
    const tooltip = (item.tooltip as vscode.MarkdownString).value;
    assert.match(tooltip, /interrupted · no violations · damaged: no run line/);
    assert.match(tooltip, /run line missing or damaged: the run id and definition file are unknown/);
    assert.doesNotMatch(tooltip, /from ``/);
  } finally {
    sub.dispose();
  }
});

/** A diagnostic on `file`'s first line, as a run reports it. */
function violation(file: string, trace: string, message: string): RuntimeDiagnostic {
  const range = { file, start: { line: 1, column: 1 }, end: { line: 1, column: 6 } };
  return { range, anchor: { kind: 'contract', name: 'Triage' }, severity: 'warning', message, trace: { file: trace, line: 3 }, related: [] };
}

test('labels: run-time Problems name their run when there are several runs, or an older one alone; the latest alone is not named', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-labels-diag-'));
  const file = join(dir, 'a.agents.yaml');
  writeFileSync(file, 'contracts:\n  Triage: {}\n');
  const uri = vscode.Uri.file(file);
  const message = 'Run-time violation of Triage@2 at /urgency: must be <= 5; got 7 (agent triager, step triage), 2 times — repaired by a retry';
  const workflowRun = { runId: 'w1', startedAt: '2026-03-10T10:00:05.000Z', target: { kind: 'workflow', name: 'support' } } as const;
  const agentRun = { runId: 'a1', startedAt: '2026-03-10T10:07:00.000Z', target: { kind: 'agent', name: 'triager' } } as const;
  const laterRun = { runId: 'a2', startedAt: '2026-03-10T10:09:00.000Z', target: { kind: 'agent', name: 'triager' } } as const;
  const diags = new RuntimeDiagnostics();
  // A collection of this extension host: what it is set to reads back at once.
  const messages = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'handoff-runtime').map((d) => d.message).sort();
  try {
    diags.set(`${file}#workflow:support`, [violation(file, join(dir, 'w1.trace.jsonl'), message)], workflowRun);
    assert.deepEqual(messages(), [message], 'the latest run alone: as the run said it');

    // The agent's run reports the same violation: two runs, each named, both listed.
    diags.set(`${file}#agent:triager`, [violation(file, join(dir, 'a1.trace.jsonl'), message)], agentRun);
    assert.equal(messages().length, 2, 'the two runs\' violations are both listed');
    assert.deepEqual(messages(), [
      `${message} (run of agent triager at ${formatStartedAt(agentRun.startedAt, true)})`,
      `${message} (run of workflow support at ${formatStartedAt(workflowRun.startedAt, true)})`,
    ]);

    // The agent's next run passes: the workflow's violation is of an older run, and still says which.
    diags.set(`${file}#agent:triager`, [], laterRun);
    assert.deepEqual(messages(), [`${message} (run of workflow support at ${formatStartedAt(workflowRun.startedAt, true)})`]);
  } finally {
    diags.dispose();
  }

  // After a reload: read back from an older run than the newest recorded, it is named too.
  const restored = new RuntimeDiagnostics();
  try {
    restored.sawRun(laterRun);
    assert.ok(restored.restore(`${file}#workflow:support`, [violation(file, join(dir, 'w1.trace.jsonl'), message)], workflowRun));
    assert.deepEqual(messages(), [`${message} (run of workflow support at ${formatStartedAt(workflowRun.startedAt, true)})`]);
  } finally {
    restored.dispose();
  }
});

interface Outcome {
  status: string;
  trace: string;
}

test('labels: a run-time Problem of a target whose later run was of another target names the run it came from', async () => {
  await vscode.extensions.getExtension('handoff.handoff')!.activate();
  const c = vscode.workspace.getConfiguration('handoff');
  await c.update('traceDirectory', mkdtempSync(join(tmpdir(), 'handoff-labels-runs-')), vscode.ConfigurationTarget.Global);
  await c.update('provider', undefined, vscode.ConfigurationTarget.Global);
  const dir = mkdtempSync(join(tmpdir(), 'handoff-labels-copy-'));
  for (const f of ['support.agents.yaml', 'common.agents.yaml', 'support.script.json']) cpSync(join(root(), f), join(dir, f));
  const uri = vscode.Uri.file(join(dir, 'support.agents.yaml'));
  const ticket = JSON.parse(readFileSync(join(root(), 'inputs/ticket-billing.json'), 'utf8')) as unknown;
  const triager = await vscode.commands.executeCommand<Outcome>('handoff.runAgent', { file: uri.fsPath, agent: 'triager', input: ticket });
  assert.equal(triager.status, 'ok', JSON.stringify(triager));
  const sentiment = await vscode.commands.executeCommand<Outcome>('handoff.runAgent', { file: uri.fsPath, agent: 'sentiment', input: ticket });
  assert.equal(sentiment.status, 'ok', JSON.stringify(sentiment));
  const diags = await diagnosticsWhere(uri, (d) => d.some((x) => x.source === 'handoff-runtime'));
  const ofTriager = diags.filter((d) => d.source === 'handoff-runtime' && d.message.includes('Triage@2'));
  assert.equal(ofTriager.length, 2, diags.map((d) => d.message).join(' | '));
  for (const d of ofTriager) assert.match(d.message, /\(run of agent triager at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d( UTC)?\)$/);
}, { timeout: 60_000 });

/** Resolves once `ok` holds, checking now and on every change of the tabs. */
function tabWhere(ok: (t: vscode.Tab) => boolean): Promise<vscode.Tab> {
  return new Promise((resolve) => {
    const find = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find(ok);
    const sub = vscode.window.tabGroups.onDidChangeTabs(() => {
      const t = find();
      if (!t) return;
      sub.dispose();
      resolve(t);
    });
    const t = find();
    if (t) {
      sub.dispose();
      resolve(t);
    }
  });
}

test('labels: the diff tab Compare opens is titled by the runs, and its sides have readable names, not trace files or ids', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-labels-compare-'));
  const local = (h: number, m: number, s: number) => new Date(2026, 2, 10, h, m, s).toISOString();
  const line = (runId: string, startedAt: string) => `${JSON.stringify({ type: 'run', runId, workflow: 'support', file: 'support.agents.yaml', startedAt, input: {}, handoffVersion: '0.1.0' })}\n`;
  const a = vscode.Uri.file(join(dir, 'support-20260310-100005-mk1a2b3c.trace.jsonl'));
  const b = vscode.Uri.file(join(dir, 'support-20260310-100712-mk1a9z9z.trace.jsonl'));
  writeFileSync(a.fsPath, line('mk1a2b3c-3f2a1b', local(10, 0, 5)));
  writeFileSync(b.fsPath, line('mk1a9z9z-9c0d2e', local(10, 7, 12)));
  const log = { info() {}, warn() {}, error() {}, debug() {}, trace() {} } as unknown as vscode.LogOutputChannel;
  const ctx = { log } as unknown as HandoffContext;
  const docs = new OutputDocuments();
  // Registered after the extension's own: the workbench asks the latest provider of a scheme first.
  const reg = vscode.workspace.registerTextDocumentContentProvider(OUTPUT_SCHEME, docs);
  const controller = new TraceController(ctx, docs);
  const posted: ToWebview[] = [];
  const channel = { post: async (m: ToWebview) => void posted.push(m) } as unknown as Channel;
  const session = {} as TraceSession;
  try {
    await controller.handle(session, channel, { type: 'requestCompare', messageId: 1, a: a.toString(), b: b.toString() });
    const compare = posted.find((m): m is Extract<ToWebview, { type: 'compare' }> => m.type === 'compare');
    assert.ok(compare, JSON.stringify(posted));
    assert.deepEqual([compare.a.label, compare.b.label], ['run of 10:00:05', 'run of 10:07:12']);
    // What the webview's "Output" button sends for a step (webview/src/history.ts).
    await controller.handle(session, channel, {
      type: 'openDiff',
      title: `summarize: ${compare.a.label} ↔ ${compare.b.label}`,
      left: { label: `summarize-${compare.a.label}`, value: { text: 'before' } },
      right: { label: `summarize-${compare.b.label}`, value: { text: 'after' } },
    });
    const tab = await tabWhere((t) => t.input instanceof vscode.TabInputTextDiff && t.input.original.scheme === OUTPUT_SCHEME && t.label.includes('10:07:12'));
    try {
      assert.equal(tab.label, 'Output of summarize: run of 10:00:05 ↔ run of 10:07:12');
      const input = tab.input as vscode.TabInputTextDiff;
      assert.deepEqual([input.original.path, input.modified.path], ['summarize-run of 10:00:05.json', 'summarize-run of 10:07:12.json']);
      for (const side of [input.original, input.modified]) assert.ok(!/trace\.jsonl|\/\d+\/|handoff-labels/.test(side.path), `an internal path: ${side.toString()}`);
      assert.deepEqual(JSON.parse((await vscode.workspace.openTextDocument(input.modified)).getText()), { text: 'after' });
    } finally {
      await vscode.window.tabGroups.close(tab);
    }
  } finally {
    reg.dispose();
  }
});

test('labels: the input picker shows a recent input typed by hand by its fields, with its JSON as the detail; one from a file by the file', async () => {
  const file = join(root(), 'support.agents.yaml');
  const fromFile = JSON.parse(readFileSync(join(root(), 'inputs/ticket-billing.json'), 'utf8')) as unknown;
  const typed = { id: 'T-9', subject: 'My invoice is wrong and I was charged twice', customer: { id: 'C-1', plan: 'pro' }, body: 'please help' };
  const history = historyOf([recorded('typed', '2026-03-10T10:00:00.000Z', { input: typed }), recorded('filed', '2026-03-09T10:00:00.000Z', { input: fromFile })]);
  const shown: vscode.QuickPickItem[][] = [];
  const original = vscode.window.showQuickPick;
  // The picker is VS Code's; what it is given is what it shows.
  (vscode.window as { showQuickPick: unknown }).showQuickPick = async (items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>) => {
    shown.push([...(await items)]);
    return undefined;
  };
  try {
    assert.equal(await pickInput(history, file, { kind: 'workflow', name: 'support' }), undefined);
  } finally {
    (vscode.window as { showQuickPick: unknown }).showQuickPick = original;
  }
  const items = shown[0]!;
  assert.equal(items[0]!.label, 'id: "T-9", subject: "My invoice is wrong and…", customer: {2 fields}, …');
  assert.match(items[0]!.description ?? '', /^used .* · ok/);
  assert.equal(items[0]!.detail, '{ "id": "T-9", "subject": "My invoice is wrong and I was charged twice", "customer": { "id": "C-1", "plan": "pro" }, "body": "please help" }');
  assert.equal(items[1]!.label, 'as in inputs/ticket-billing.json');
}, { timeout: 30_000 });

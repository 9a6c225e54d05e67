/**
 * What a new user meets first, as a reviewer found it: the Workflows view's rows of a file
 * do not each carry that file's problem count (only the file row does); recent runs have a
 * view of their own with rows short enough for the side bar, saying "failed" as the trace
 * panel does; a run to a server without an API key asks before it starts (a local server
 * does not); Check Workspace says which problems are the definitions' and which come from
 * recent runs; the Run Agent picker says "an agent". Waits are on events, never sleeps.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { RecordedRun } from '../../../src/core/runs/history';
import type { HandoffContext } from '../../../src/extension/context';
import { checkSummary } from '../../../src/extension/language';
import { KeyPromptCancelled, KeyStore } from '../../../src/extension/keys';
import type { RunHistory } from '../../../src/extension/run/history';
import { pickTarget } from '../../../src/extension/run/pickers';
import { RuntimeDiagnostics } from '../../../src/extension/run/runtimeDiagnostics';
import { RecentRunsProvider } from '../../../src/extension/views/recentRunsView';
import { RunProviders, readRunSettings } from '../../../src/extension/run/providers';
import { loadProgram } from '../../../src/core/checker';
import { summaryText } from '../../../src/extension/views/runWords';
import { WorkflowsProvider, type Item } from '../../../src/extension/views/workflowsView';
import { test } from '../src/runner';

const root = () => vscode.workspace.workspaceFolders![0]!.uri.fsPath;
const MINUTE = 60_000;

test('newuser: only the file row of the Workflows view carries the file\'s problems; its workflow, agent and contract rows have no resource', async () => {
  const provider = new WorkflowsProvider();
  const files = await provider.getChildren();
  const support = files.find((f) => f.kind === 'file' && f.uri.fsPath === join(root(), 'support.agents.yaml'));
  assert.ok(support, `no support.agents.yaml row: ${files.map((f) => f.kind).join(', ')}`);
  assert.equal(provider.getTreeItem(support).resourceUri?.fsPath, join(root(), 'support.agents.yaml'), 'the file row keeps its resource (its badge, icon and colour)');
  const entries: Item[] = [];
  for (const section of await provider.getChildren(support)) entries.push(...(await provider.getChildren(section)));
  assert.deepEqual([...new Set(entries.map((e) => e.kind))].sort(), ['agent', 'contract', 'workflow']);
  for (const e of entries) {
    const item = provider.getTreeItem(e);
    // A file decoration (problem count, colour) goes on every row whose resourceUri is the file.
    assert.equal(item.resourceUri, undefined, `${e.kind} ${item.label as string} carries the file's decorations`);
    assert.equal(item.contextValue, e.kind, 'the context menus (Run Workflow…, Run Agent…) key on it');
    assert.ok(item.iconPath instanceof vscode.ThemeIcon);
    assert.match(String(item.tooltip), new RegExp(`^${e.kind} ${item.label as string}.* — support\\.agents\\.yaml:\\d+$`));
    assert.equal(item.command?.command, 'vscode.open');
  }
});

function recorded(runId: string, startedAt: string, extra: Partial<RecordedRun> = {}): RecordedRun {
  return {
    runId, target: { kind: 'agent', name: 'triager' }, file: 'support.agents.yaml', startedAt, input: {}, status: 'ok', durationMs: 3,
    violations: 0, agentInputs: {}, trace: join(tmpdir(), `${runId}.trace.jsonl`), mtimeMs: 0, ...extra,
  };
}

test('newuser: Recent Runs rows are short (the state, violations; the duration is in the tooltip) and a failed run says "failed"', async () => {
  const now = Date.parse('2026-03-10T12:00:00.000Z');
  const at = new Date(now - 3 * MINUTE).toISOString();
  const runs = [
    recorded('a', at, { violations: 1 }),
    recorded('b', at, { target: { kind: 'workflow', name: 'analytics' }, fallbacks: 1, violations: 2 }),
    recorded('c', at, { status: 'error', error: { kind: 'provider', message: 'connection failed' } }),
    recorded('', at, { noRunLine: true, file: '' }),
  ];
  const provider = new RecentRunsProvider(() => now);
  const changed = new vscode.EventEmitter<void>();
  const sub = provider.attachHistory({ runs: async () => runs, onDidChange: changed.event } as unknown as RunHistory, () => false);
  try {
    const rows = (await provider.getChildren()).map((u) => provider.getTreeItem(u));
    assert.deepEqual(rows.map((r) => `${r.label as string} ${r.description as string}`), [
      'agent triager 3 min ago · ok · 1 violation',
      'analytics 3 min ago · fallback · 2 violations',
      'agent triager 3 min ago · failed',
      'agent triager 3 min ago · ok · damaged',
    ]);
    assert.equal(rows[3]!.contextValue, 'run-damaged', 'no Replay Run for a trace without its run line');
    assert.match((rows[2]!.tooltip as vscode.MarkdownString).value, /failed · 3 ms · no violations/);
    assert.equal(rows[0]!.accessibilityInformation?.label, 'agent triager, 3 min ago, ok · 3 ms · 1 violation');
    assert.equal(rows[0]!.contextValue, 'run', 'Open Trace, Replay Run and Delete Run… key on it');
  } finally {
    sub.dispose();
  }
  assert.equal(summaryText({ status: 'error', durationMs: 400, violations: 0 }), 'failed · 400 ms · no violations');
});

test('newuser: the Recent Runs view is contributed to the Handoff side bar with the run rows\' actions', () => {
  const pkg = vscode.extensions.getExtension('handoff.handoff')!.packageJSON as {
    contributes: { views: Record<string, { id: string; name: string }[]>; menus: Record<string, { command: string; when?: string }[]> };
  };
  assert.deepEqual(pkg.contributes.views['handoff']!.map((v) => v.name), ['Workflows', 'Recent Runs']);
  const menus = pkg.contributes.menus['view/item/context']!;
  // A `when` clause's view of a row's contextValue: `viewItem == run`, or `viewItem =~ /^run/` (any run row, a damaged one too).
  const offered = (contextValue: string) =>
    [...new Set(menus.filter((m) => (m.when?.includes('viewItem == run') && contextValue === 'run') || (m.when?.includes('viewItem =~ /^run/') && contextValue.startsWith('run'))).map((m) => m.command))].sort();
  assert.deepEqual(offered('run'), ['handoff.deleteRun', 'handoff.openTrace', 'handoff.replayRun']);
  assert.deepEqual(offered('run-damaged'), ['handoff.deleteRun', 'handoff.openTrace'], 'a trace without its run line is not offered for replay');
  for (const m of menus) if (/viewItem (==|=~) \/?\^?run/.test(m.when ?? '')) assert.match(m.when!, /^view == handoff\.runs /);
});

/** A KeyStore over memory (secrets, approvals), with VS Code's warning message answered by `answer`. */
function keyStore(): { store: KeyStore; secrets: Map<string, string> } {
  const secrets = new Map<string, string>();
  const state = new Map<string, unknown>();
  const log = { info() {}, warn() {}, error() {}, debug() {}, trace() {} };
  const extension = {
    secrets: { get: async (k: string) => secrets.get(k), store: async (k: string, v: string) => void secrets.set(k, v), delete: async (k: string) => void secrets.delete(k) },
    globalState: { get: (k: string, d?: unknown) => state.get(k) ?? d, update: async (k: string, v: unknown) => void state.set(k, v) },
  };
  return { store: new KeyStore({ extension, log } as unknown as HandoffContext), secrets };
}

/** Runs `fn` with `showWarningMessage` answering `answers` in turn; returns what was asked. */
async function withWarnings<T>(answers: (string | undefined)[], fn: () => Promise<T>): Promise<{ asked: { message: string; options: unknown; items: string[] }[]; result: T | Error }> {
  const asked: { message: string; options: unknown; items: string[] }[] = [];
  const original = vscode.window.showWarningMessage;
  (vscode.window as { showWarningMessage: unknown }).showWarningMessage = async (message: string, options: unknown, ...items: string[]) => {
    asked.push({ message, options, items });
    return answers.shift();
  };
  try {
    return { asked, result: await fn().catch((e: Error) => e) };
  } finally {
    (vscode.window as { showWarningMessage: unknown }).showWarningMessage = original;
  }
}

test('newuser: a run to a server with no API key stored asks first (Set API Key…, Run Anyway); a local server goes without asking', async () => {
  const { store } = keyStore();
  // A local model (this machine, the local network) commonly needs no key: no question.
  for (const url of ['http://127.0.0.1:11434/v1', 'http://localhost:1234/v1', 'http://[::1]:8080/v1', 'http://192.168.1.20:8000/v1', 'http://ollama:11434/v1']) {
    const local = await withWarnings([], () => store.keyFor(url, 'user'));
    assert.deepEqual(local, { asked: [], result: undefined }, url);
  }
  // Cancelled: the run does not start.
  const cancelled = await withWarnings([undefined], () => store.keyFor('https://api.openai.com/v1', 'default'));
  assert.equal(cancelled.asked.length, 1);
  assert.equal(cancelled.asked[0]!.message, 'No API key for api.openai.com');
  assert.deepEqual(cancelled.asked[0]!.items, ['Set API Key…', 'Run Anyway']);
  assert.equal((cancelled.asked[0]!.options as vscode.MessageOptions).modal, true);
  assert.ok(cancelled.result instanceof KeyPromptCancelled, String(cancelled.result));
  // Run Anyway: no key, and not asked again for that origin in this window.
  const anyway = await withWarnings(['Run Anyway'], () => store.keyFor('https://api.openai.com/v1', 'default'));
  assert.deepEqual([anyway.asked.length, anyway.result], [1, undefined]);
  const again = await withWarnings([], () => store.keyFor('https://api.openai.com/v1', 'default'));
  assert.deepEqual(again, { asked: [], result: undefined });
  // Another origin is asked about on its own.
  const other = await withWarnings([undefined], () => store.keyFor('https://models.example.com/v1', 'default'));
  assert.equal(other.asked[0]?.message, 'No API key for models.example.com');
});

test('newuser: a run is asked only for the keys of servers its own agents call, not of every agent in the file', async () => {
  const { store } = keyStore();
  const file = join(mkdtempSync(join(tmpdir(), 'handoff-newuser-keys-')), 'two.agents.yaml');
  const text = `handoff: 1
models:
  local: { provider: openai, model: llama, base_url: "http://localhost:11434/v1" }
  cloud: { provider: openai, model: gpt-4.1-mini }
contracts:
  T: { version: 1, schema: { type: object } }
agents:
  near: { model: local, input: T, output: T, instructions: x }
  far: { model: cloud, input: T, output: T, instructions: x }
`;
  writeFileSync(file, text);
  const program = loadProgram([file], () => text);
  const log = { info() {}, warn() {}, error() {}, debug() {}, trace() {} } as unknown as vscode.LogOutputChannel;
  const near = await withWarnings([], () => new RunProviders(readRunSettings(file), file, store, log).prepare(program, { kind: 'agent', name: 'near' }));
  assert.deepEqual(near, { asked: [], result: undefined }, 'the local agent alone: no question about the cloud server');
  const far = await withWarnings([undefined], () => new RunProviders(readRunSettings(file), file, store, log).prepare(program, { kind: 'agent', name: 'far' }));
  assert.equal(far.asked[0]?.message, 'No API key for api.openai.com');
  assert.ok(far.result instanceof KeyPromptCancelled);
});

test('newuser: Set API Key… from the missing-key question stores the key, and the run sends it', async () => {
  const { store, secrets } = keyStore();
  const original = vscode.commands.executeCommand;
  const calls: unknown[] = [];
  // The command is the extension's (its own SecretStorage); here it stores into this store's.
  (vscode.commands as { executeCommand: unknown }).executeCommand = async (id: string, arg: { baseUrl: string }) => {
    calls.push([id, arg]);
    await store.store(new URL(arg.baseUrl).origin, 'sk-typed');
    return { origin: new URL(arg.baseUrl).origin, stored: true };
  };
  try {
    const set = await withWarnings(['Set API Key…'], () => store.keyFor('https://api.example.com/v1', 'definition'));
    assert.equal(set.result, 'sk-typed');
    assert.deepEqual(calls, [['handoff.setApiKey', { baseUrl: 'https://api.example.com/v1' }]]);
    assert.equal(secrets.get('handoff.apiKey:https://api.example.com'), 'sk-typed');
    // Typed for that origin when asked: a workspace-chosen URL is not asked about for approval next.
    const next = await withWarnings([], () => store.keyFor('https://api.example.com/v1', 'definition'));
    assert.deepEqual(next, { asked: [], result: 'sk-typed' });
  } finally {
    (vscode.commands as { executeCommand: unknown }).executeCommand = original;
  }
});

test('newuser: Check Workspace says the problems from recent runs apart from the definitions\'', async () => {
  assert.equal(checkSummary({ files: 4, errors: 0, warnings: 0 }, { errors: 0, warnings: 0 }), 'checked 4 definition files: 0 errors, 0 warnings.');
  assert.equal(
    checkSummary({ files: 4, errors: 0, warnings: 0 }, { errors: 2, warnings: 4 }),
    'checked 4 definition files: 0 errors, 0 warnings in the definitions; 2 errors and 4 warnings from recent runs are in Problems too.',
  );
  assert.equal(checkSummary({ files: 1, errors: 1, warnings: 1 }, { errors: 0, warnings: 1 }), 'checked 1 definition file: 1 error, 1 warning in the definitions; 1 warning from recent runs is in Problems too.');

  // A run-time violation in Problems (the same source as a run's): the command counts it apart.
  await vscode.extensions.getExtension('handoff.handoff')!.activate();
  const dir = mkdtempSync(join(tmpdir(), 'handoff-newuser-check-'));
  const file = join(dir, 'a.agents.yaml');
  writeFileSync(file, 'contracts:\n  Triage: {}\n');
  const diags = new RuntimeDiagnostics();
  try {
    const range = { file, start: { line: 1, column: 1 }, end: { line: 1, column: 6 } };
    const run = { runId: 'n1', startedAt: new Date().toISOString(), target: { kind: 'agent', name: 'triager' } } as const;
    diags.set(`${file}#agent:triager`, [{ range, anchor: { kind: 'contract', name: 'Triage' }, severity: 'error', message: 'Run-time violation of Triage@2', trace: { file: join(dir, 'n1.trace.jsonl'), line: 3 }, related: [] }], run);
    const before = (await vscode.commands.executeCommand<{ runtime: { errors: number; warnings: number }; message: string }>('handoff.checkWorkspace'));
    assert.ok(before.runtime.errors >= 1, JSON.stringify(before));
    assert.match(before.message, /^Handoff: checked \d+ definition files: \d+ errors?, \d+ warnings? in the definitions; \d+ errors?( and \d+ warnings?)? from recent runs (is|are) in Problems too\.$/);
  } finally {
    diags.dispose();
  }
}, { timeout: 60_000 });

test('newuser: the Run Agent picker asks for "an agent", Run Workflow for "a workflow"', async () => {
  const asked: (string | undefined)[] = [];
  const original = vscode.window.showQuickPick;
  (vscode.window as { showQuickPick: unknown }).showQuickPick = async (_items: unknown, options?: vscode.QuickPickOptions) => {
    asked.push(options?.placeHolder);
    return undefined;
  };
  try {
    await pickTarget('agent');
    await pickTarget('workflow');
  } finally {
    (vscode.window as { showQuickPick: unknown }).showQuickPick = original;
  }
  assert.deepEqual(asked, ['Pick an agent to run', 'Pick a workflow to run']);
}, { timeout: 30_000 });

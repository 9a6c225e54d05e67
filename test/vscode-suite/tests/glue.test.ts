/**
 * The VS Code glue where it meets the unusual: copies of a definition under other schemes,
 * untitled buffers, two runs feeding one trace panel, a run a reload cut off, a trace that
 * cannot be written, definition files renamed or unreadable. Waits are on events, never sleeps.
 */
import * as assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import type { TraceRecord } from '../../../src/core/tracing/records';
import { diagnosticsWhere } from '../src/diagnostics';
import { test } from '../src/runner';

interface Outcome {
  status: string;
  output?: Record<string, unknown>;
  error?: unknown;
  trace: string;
  traceError?: string;
  summary?: string;
  refused?: boolean;
  reason?: string;
  message?: string;
}

interface Processor {
  onRecord(r: TraceRecord): void;
  shutdown(): Promise<void>;
}

interface Api {
  panel: {
    processor(info?: { title?: string; traceFile?: string }): Processor;
    shown: { current?: { title: string; source?: string }; isLive: boolean; runRecord?: { runId: string }; recordCount: number };
  };
}

const root = () => vscode.workspace.workspaceFolders![0]!.uri.fsPath;
const support = () => join(root(), 'support.agents.yaml');
const ticket = () => JSON.parse(readFileSync(join(root(), 'inputs/ticket-billing.json'), 'utf8')) as unknown;
const runtimeDiags = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'handoff-runtime');

async function activate(): Promise<Api> {
  return vscode.extensions.getExtension<Api>('handoff.handoff')!.activate();
}

/** Scripted runs with traces in a fresh folder (or the one given). */
async function scripted(traceDir = mkdtempSync(join(tmpdir(), 'handoff-glue-'))): Promise<string> {
  await activate();
  const c = vscode.workspace.getConfiguration('handoff');
  await c.update('traceDirectory', traceDir, vscode.ConfigurationTarget.Global);
  await c.update('provider', undefined, vscode.ConfigurationTarget.Global);
  return traceDir;
}

async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  await vscode.workspace.openTextDocument(uri); // the workbench computes CodeLens for open documents only
  return (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)).map((l) => l.command?.title ?? '');
}

test('glue: a copy of a definition under another scheme (git:, a diff side) is not checked as a file', async () => {
  await activate();
  const scheme = 'handoff-glue-copy';
  const text = readFileSync(support(), 'utf8');
  const reg = vscode.workspace.registerTextDocumentContentProvider(scheme, { provideTextDocumentContent: () => text });
  try {
    // As a git: URI does: the file's path, under a scheme of its own (the import beside it does not exist there).
    const copy = vscode.Uri.from({ scheme, path: '/elsewhere/support.agents.yaml' });
    const doc = await vscode.workspace.openTextDocument(copy);
    assert.equal(doc.languageId, 'handoff-agents');
    await vscode.commands.executeCommand('handoff.checkWorkspace'); // resolves once checked and published
    assert.deepEqual(vscode.languages.getDiagnostics(copy).map((d) => d.message), []);
  } finally {
    reg.dispose();
  }
}, { timeout: 60_000 });

test('glue: an untitled Handoff buffer gets no run lens, is not saved by a run, and running it says to save it', async () => {
  const traceDir = await scripted();
  const doc = await vscode.workspace.openTextDocument({ language: 'handoff-agents', content: readFileSync(support(), 'utf8') });
  assert.ok(doc.isUntitled && doc.isDirty);
  try {
    assert.ok(!(await lensTitles(doc.uri)).includes('▶ Run'), 'no file to run');
    const refused = await vscode.commands.executeCommand<Outcome>('handoff.runWorkflow', doc.uri);
    assert.equal(refused.refused, true, JSON.stringify(refused));
    assert.match(String(refused.message), /Save .* before running it/);
    // A run elsewhere saves the dirty definition files, never this buffer (that would ask where).
    const r = await vscode.commands.executeCommand<Outcome>('handoff.runWorkflow', { file: 'support.agents.yaml', workflow: 'support', input: ticket() });
    assert.equal(r.status, 'ok', JSON.stringify(r));
    assert.ok(r.trace.startsWith(traceDir));
    assert.ok(doc.isUntitled && doc.isDirty && !doc.isClosed);
  } finally {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
}, { timeout: 60_000 });

const run = (runId: string, workflow: string): TraceRecord => ({ type: 'run', runId, workflow, file: `${workflow}.agents.yaml`, startedAt: new Date().toISOString(), input: {}, handoffVersion: '0.1.0' });
const span = (spanId: string): TraceRecord => ({ type: 'span', phase: 'start', spanId, kind: 'step', name: spanId, start: Date.now(), attributes: {} });
const end: TraceRecord = { type: 'run.end', status: 'ok', output: {} };

test('glue: two runs at once: the panel shows the newest coherently, and the older one ending does not end it', async () => {
  const panel = (await activate()).panel;
  const dir = mkdtempSync(join(tmpdir(), 'handoff-glue-panel-'));
  const a = panel.processor({ title: 'A', traceFile: join(dir, 'a.trace.jsonl') });
  a.onRecord(run('run-a', 'alpha'));
  a.onRecord(span('a1'));
  const b = panel.processor({ title: 'B', traceFile: join(dir, 'b.trace.jsonl') });
  a.onRecord(span('a2')); // the older run goes on writing
  b.onRecord(run('run-b', 'beta'));
  b.onRecord(span('b1'));
  a.onRecord(end);
  await a.shutdown();
  const shown = panel.shown;
  assert.equal(shown.current?.source, join(dir, 'b.trace.jsonl'), "the newer run's trace file is kept");
  assert.equal(shown.runRecord?.runId, 'run-b');
  assert.equal(shown.recordCount, 2, 'only the newer run\'s records');
  assert.equal(shown.isLive, true, "the older run's end did not end the newer run's live view");
  b.onRecord(end);
  await b.shutdown();
  assert.equal(panel.shown.isLive, false);
  assert.equal(panel.shown.recordCount, 3);
});

test('glue: a run a reload cut off (no run.end) is interrupted, not running: its lens says so and offers Replay last', async () => {
  await scripted();
  const r = await vscode.commands.executeCommand<Outcome>('handoff.runWorkflow', { file: 'support.agents.yaml', workflow: 'support', input: ticket() });
  assert.equal(r.status, 'ok', JSON.stringify(r));
  // The same trace as a window that died mid-run leaves it: no run.end line.
  const lines = readFileSync(r.trace, 'utf8').trim().split('\n');
  const cut = mkdtempSync(join(tmpdir(), 'handoff-glue-cut-'));
  writeFileSync(join(cut, basename(r.trace)), lines.slice(0, -1).join('\n') + '\n');
  await scripted(cut); // the run history re-reads its traces when the directory changes
  const titles = await lensTitles(vscode.Uri.file(support()));
  assert.ok(titles.some((t) => /^interrupted · /.test(t)), `titles: ${titles.join(', ')}`);
  assert.ok(titles.includes('↻ Replay last'), `titles: ${titles.join(', ')}`);
}, { timeout: 60_000 });

test('glue: a run whose trace cannot be written reports its own outcome, and why there is no trace', async () => {
  const blocker = join(mkdtempSync(join(tmpdir(), 'handoff-glue-nowrite-')), 'a-file');
  writeFileSync(blocker, 'not a folder');
  await scripted(join(blocker, 'runs'));
  const r = await vscode.commands.executeCommand<Outcome>('handoff.runWorkflow', { file: 'support.agents.yaml', workflow: 'support', input: ticket() });
  assert.equal(r.refused, undefined, `refused: ${JSON.stringify(r)}`);
  assert.equal(r.status, 'ok', JSON.stringify(r));
  assert.equal(r.output?.['ticket_id'], 'T-1042');
  assert.ok(r.traceError, 'the outcome says the trace could not be written');
  assert.match(r.summary ?? '', /^ok · /);
}, { timeout: 60_000 });

test('glue: run-time diagnostics go when their definition file is renamed', async () => {
  await scripted();
  const dir = mkdtempSync(join(tmpdir(), 'handoff-glue-rename-'));
  for (const f of ['support.agents.yaml', 'common.agents.yaml', 'support.script.json']) cpSync(join(root(), f), join(dir, f));
  const uri = vscode.Uri.file(join(dir, 'support.agents.yaml'));
  const r = await vscode.commands.executeCommand<Outcome>('handoff.runAgent', { file: uri.fsPath, agent: 'triager', input: ticket() });
  assert.equal(r.status, 'ok', JSON.stringify(r));
  assert.equal(runtimeDiags(uri).length, 2);
  const edit = new vscode.WorkspaceEdit();
  edit.renameFile(uri, vscode.Uri.file(join(dir, 'renamed.agents.yaml')));
  assert.ok(await vscode.workspace.applyEdit(edit));
  await diagnosticsWhere(uri, (d) => !d.some((x) => x.source === 'handoff-runtime'));
}, { timeout: 60_000 });

test('glue: an unreadable definition or input file is named, not thrown', async () => {
  await scripted();
  const dir = mkdtempSync(join(tmpdir(), 'handoff-glue-unreadable-'));
  const folder = join(dir, 'folder.agents.yaml');
  mkdirSync(folder); // named like a definition, but cannot be read as one
  const picked = await vscode.commands.executeCommand<Outcome>('handoff.runWorkflow', vscode.Uri.file(folder));
  assert.equal(picked.refused, true, JSON.stringify(picked));
  const input = await vscode.commands.executeCommand<Outcome>('handoff.runWorkflow', { file: 'support.agents.yaml', workflow: 'support', inputFile: join(dir, 'missing.json') });
  assert.equal(input.refused, true, JSON.stringify(input));
  assert.equal(input.reason, 'cancelled');
});

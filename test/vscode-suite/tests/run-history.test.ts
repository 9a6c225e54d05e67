/**
 * The run history behind the Workflows view, the CodeLens and the trace panel's History tab:
 * scans that share work instead of overlapping, traces read again only when they change, the
 * folders runs of this window wrote to, runs told apart by kind and definition file; and the
 * trace editor that follows a growing trace by its new lines.
 */
import * as assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { HandoffContext } from '../../../src/extension/context';
import { TraceController } from '../../../src/extension/panel/controller';
import { OutputDocuments } from '../../../src/extension/panel/diffDocs';
import { TraceEditorProvider } from '../../../src/extension/panel/editor';
import { loadRuns, workflowReliability } from '../../../src/extension/panel/history';
import { RunHistory } from '../../../src/extension/run/history';
import type { ToWebview } from '../../../src/shared/protocol';
import { test } from '../src/runner';

const runLine = (id: string, at: string, file: string, target = '"workflow":"support"') =>
  `${JSON.stringify({ type: 'run', runId: id, ...JSON.parse(`{${target}}`), file, startedAt: at, input: {}, handoffVersion: '0.1.0' })}\n`;
const END_OK = '{"type":"run.end","status":"ok"}\n';

/** Runs `fn` with handoff.traceDirectory set to `dir`, then puts the setting back. */
async function withTraceDirectory<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const c = vscode.workspace.getConfiguration('handoff');
  const before = c.inspect<string>('traceDirectory')?.globalValue;
  await c.update('traceDirectory', dir, vscode.ConfigurationTarget.Global);
  try {
    return await fn();
  } finally {
    await vscode.workspace.getConfiguration('handoff').update('traceDirectory', before, vscode.ConfigurationTarget.Global);
  }
}

test('run history: asked again while a scan runs, it queues one scan that every caller shares and that sees the new state', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-history-'));
  const file = join(dir, 'a.agents.yaml');
  writeFileSync(join(dir, 'a.trace.jsonl'), runLine('a', '2026-01-01T10:00:00.000Z', file));
  await withTraceDirectory(dir, async () => {
    const history = new RunHistory();
    try {
      const first = history.runs();
      writeFileSync(join(dir, 'b.trace.jsonl'), runLine('b', '2026-01-02T10:00:00.000Z', file));
      history.invalidate();
      const second = history.runs();
      history.invalidate();
      const third = history.runs();
      assert.equal(third, second, 'a second scan was started while one was waiting to start');
      assert.notEqual(second, first);
      assert.deepEqual((await second).map((r) => r.runId), ['b', 'a']);
      assert.deepEqual((await first).map((r) => r.runId).includes('a'), true);
      assert.equal(history.runs(), third, 'nothing changed since: the same answer');

      // A trace that grows (the run ends) is read again; the others are not.
      appendFileSync(join(dir, 'b.trace.jsonl'), END_OK);
      history.invalidate();
      assert.deepEqual((await history.runs()).map((r) => [r.runId, r.status]), [['b', 'ok'], ['a', 'running']]);
    } finally {
      history.dispose();
    }
  });
});

test('run history: the folders runs of this window wrote to stay listed (CodeLens, view and reliability)', async () => {
  const written = mkdtempSync(join(tmpdir(), 'handoff-history-written-'));
  const other = mkdtempSync(join(tmpdir(), 'handoff-history-other-'));
  const file = join(written, 'a.agents.yaml');
  const history = new RunHistory();
  try {
    // A run asks where its trace goes, and writes it there.
    const dir = await withTraceDirectory(written, async () => history.traceDirFor(file));
    assert.equal(dir, written);
    writeFileSync(join(dir, 'w.trace.jsonl'), runLine('w', '2026-01-01T10:00:00.000Z', file) + END_OK);
    await withTraceDirectory(other, async () => {
      history.invalidate();
      assert.deepEqual((await history.runs()).map((r) => r.runId), ['w'], 'the run written outside the trace directories is not listed');
      assert.equal((await history.lastRun(file, { kind: 'workflow', name: 'support' }))?.runId, 'w');
      assert.match((await workflowReliability('support', undefined, file))?.title ?? '', /over 1 run$/);
    });
  } finally {
    history.dispose();
  }
});

test('trace panel history: runs of a workflow of another file, or of an agent of the same name, are not counted', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-history-names-'));
  const mine = join(dir, 'mine.agents.yaml');
  const theirs = join(dir, 'theirs.agents.yaml');
  writeFileSync(join(dir, '1.trace.jsonl'), runLine('1', '2026-01-01T10:00:00.000Z', mine) + END_OK);
  writeFileSync(join(dir, '2.trace.jsonl'), runLine('2', '2026-01-02T10:00:00.000Z', mine) + END_OK);
  writeFileSync(join(dir, '3.trace.jsonl'), runLine('3', '2026-01-03T10:00:00.000Z', theirs) + END_OK);
  writeFileSync(join(dir, '4.trace.jsonl'), runLine('4', '2026-01-04T10:00:00.000Z', mine, '"agent":"support"') + END_OK);
  const dirs = [vscode.Uri.file(dir)];
  assert.deepEqual((await loadRuns({ kind: 'workflow', name: 'support', file: mine }, dirs)).map((r) => r.run.runId), ['1', '2']);
  assert.deepEqual((await loadRuns({ kind: 'workflow', name: 'support', file: theirs }, dirs)).map((r) => r.run.runId), ['3']);
  assert.deepEqual((await loadRuns({ kind: 'agent', name: 'support', file: mine }, dirs)).map((r) => r.run.runId), ['4']);
  assert.equal((await loadRuns('support', dirs)).length, 4, 'a name alone matches every run of that name');
  await withTraceDirectory(dir, async () => {
    assert.match((await workflowReliability('support', undefined, mine))?.title ?? '', /over 2 runs$/);
    // Without a file, every workflow run of that name in the folders (the trace directories may hold other tests' runs, so the folder is given).
    assert.deepEqual((await loadRuns({ kind: 'workflow', name: 'support' }, dirs)).map((r) => r.run.runId), ['1', '2', '3'], 'an agent of the same name is not a workflow');
  });
});

/** A webview panel that records what it is sent, and a way to close it. */
function fakePanel() {
  const posted: ToWebview[] = [];
  const waiting: { until: (m: ToWebview) => boolean; resolve: () => void }[] = [];
  let receive: ((m: unknown) => void) | undefined;
  const onDispose: (() => void)[] = [];
  let disposed = false;
  let html = '';
  let subscriptions = 0;
  const webview = {
    options: {},
    cspSource: 'vscode-resource:',
    asWebviewUri: (u: vscode.Uri) => u,
    get html() {
      return html;
    },
    set html(v: string) {
      if (disposed) throw new Error('Webview is disposed');
      html = v;
    },
    postMessage: async (m: ToWebview) => {
      if (disposed) throw new Error('Webview is disposed');
      posted.push(m);
      for (const w of [...waiting]) {
        if (!w.until(m)) continue;
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve();
      }
      return true;
    },
    onDidReceiveMessage: (cb: (m: unknown) => void) => {
      receive = cb;
      subscriptions++;
      return { dispose: () => void subscriptions-- };
    },
  };
  const panel = {
    webview,
    onDidDispose: (cb: () => void) => {
      onDispose.push(cb);
      return { dispose() {} };
    },
  } as unknown as vscode.WebviewPanel;
  return {
    panel,
    posted,
    /** Resolves at the next message sent that `until` accepts. */
    next: (until: (m: ToWebview) => boolean) => new Promise<void>((resolve) => waiting.push({ until, resolve })),
    say: (m: unknown) => receive?.(m),
    dispose: () => {
      disposed = true;
      for (const cb of onDispose) cb();
    },
    get subscriptions() {
      return subscriptions;
    },
  };
}

function editorProvider(): TraceEditorProvider {
  const log = { info() {}, warn() {}, error() {}, debug() {}, trace() {} } as unknown as vscode.LogOutputChannel;
  const ctx = { extension: { extensionUri: vscode.extensions.getExtension('handoff.handoff')!.extensionUri }, log } as unknown as HandoffContext;
  return new TraceEditorProvider(ctx, new TraceController(ctx, new OutputDocuments()));
}

const isDone = (m: ToWebview) => m.type === 'recordsText' && m.done === true;
const textOf = (msgs: ToWebview[]) => msgs.map((m) => (m.type === 'recordsText' ? m.text : `<${m.type}>`)).join('');

test('trace editor: a growing trace is followed by its new lines only; a reloaded webview gets it whole; a shorter file is read again', async () => {
  // In the workspace: the workbench watches files there (a run writes its traces there too).
  const dir = join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, '.handoff', 'editor-test');
  mkdirSync(dir, { recursive: true });
  const trace = join(dir, `grow-${Date.now()}.trace.jsonl`);
  const first = runLine('g', '2026-01-01T10:00:00.000Z', join(dir, 'a.agents.yaml'));
  const span = '{"type":"span","phase":"start","spanId":"1","kind":"workflow","name":"support","start":1,"attributes":{}}\n';
  try {
    writeFileSync(trace, first + span.slice(0, 20)); // the last line is still being written
    const p = fakePanel();
    const resolved = editorProvider().resolveCustomEditor({ uri: vscode.Uri.file(trace), dispose() {} }, p.panel);
    let loaded = p.next(isDone);
    p.say({ type: 'ready' });
    await resolved;
    await loaded;
    assert.equal(textOf(p.posted.filter((m) => m.type === 'recordsText')), first, 'only the complete lines are shown');

    p.posted.length = 0;
    loaded = p.next(isDone);
    appendFileSync(trace, span.slice(20) + END_OK);
    await loaded;
    assert.equal(textOf(p.posted), span + END_OK, 'not only the new lines were sent');

    p.posted.length = 0;
    loaded = p.next(isDone);
    p.say({ type: 'ready' });
    await loaded;
    assert.equal(textOf(p.posted), `<init><reset>${first}${span}${END_OK}`);

    p.posted.length = 0;
    loaded = p.next(isDone);
    writeFileSync(trace, first);
    await loaded;
    assert.equal(textOf(p.posted), `<reset>${first}`, 'a file that shrank is read again whole');
    p.dispose();
    assert.equal(p.subscriptions, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, { timeout: 30_000 });

test('trace editor: closing the tab while the trace loads stops following it and sends nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-editor-'));
  const trace = join(dir, 'closed.trace.jsonl');
  writeFileSync(trace, runLine('c', '2026-01-01T10:00:00.000Z', join(dir, 'a.agents.yaml')) + END_OK);
  const p = fakePanel();
  const resolved = editorProvider().resolveCustomEditor({ uri: vscode.Uri.file(trace), dispose() {} }, p.panel);
  p.dispose(); // before the load ends
  await resolved; // and no error from a webview that is gone
  assert.equal(p.subscriptions, 0, 'the webview channel was left listening');
  assert.deepEqual(p.posted, []);
});

test('trace editor: a change to handoff.prices reaches an open trace tab without a reload', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-editor-prices-'));
  const trace = join(dir, 'priced.trace.jsonl');
  writeFileSync(trace, runLine('p', '2026-01-01T10:00:00.000Z', join(dir, 'a.agents.yaml')) + END_OK);
  const p = fakePanel();
  const config = vscode.workspace.getConfiguration('handoff');
  const before = config.inspect('prices')?.globalValue;
  try {
    const resolved = editorProvider().resolveCustomEditor({ uri: vscode.Uri.file(trace), dispose() {} }, p.panel);
    const loaded = p.next(isDone);
    p.say({ type: 'ready' });
    await resolved;
    await loaded;
    const init = p.next((m) => m.type === 'init' && m.prices['test-model']?.input === 7);
    await config.update('prices', { 'test-model': { input: 7, output: 9 } }, vscode.ConfigurationTarget.Global);
    await init;
  } finally {
    await config.update('prices', before, vscode.ConfigurationTarget.Global);
    p.dispose();
  }
  assert.equal(p.subscriptions, 0);
});

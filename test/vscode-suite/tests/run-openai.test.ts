/**
 * Running against the project's OpenAI-compatible test server (`handoff.provider: openai`,
 * `handoff.baseUrl` pointing at it), with a key set through Set API Key…'s programmatic
 * form: the key goes to the server, never into settings, logs or traces; a contract
 * violation the server provokes becomes a diagnostic, and a later passing run clears it.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { test } from '../src/runner';
import { startFakeOpenAI, type FakeOpenAI } from '../../support/fake-openai';

interface Outcome {
  runId: string;
  status: string;
  output?: Record<string, unknown>;
  error?: unknown;
  trace: string;
  violations: number;
}

const SECRET = `sk-handoff-e2e-${Math.random().toString(36).slice(2)}`;
const root = () => vscode.workspace.workspaceFolders![0]!.uri.fsPath;
const support = () => vscode.Uri.file(join(root(), 'support.agents.yaml'));
const ticket = () => JSON.parse(readFileSync(join(root(), 'inputs/ticket-billing.json'), 'utf8')) as unknown;
const valid = { category: 'billing', urgency: 4, summary: 'Charged twice for March.' };

async function withServer(fn: (server: FakeOpenAI, ext: vscode.ExtensionContext) => Promise<void>): Promise<void> {
  const api = await vscode.extensions.getExtension<{ ctx: { extension: vscode.ExtensionContext } }>('handoff.handoff')!.activate();
  const server = await startFakeOpenAI();
  const c = vscode.workspace.getConfiguration('handoff');
  const G = vscode.ConfigurationTarget.Global;
  try {
    await c.update('traceDirectory', mkdtempSync(join(tmpdir(), 'handoff-openai-e2e-')), G);
    await c.update('provider', 'openai', G);
    await c.update('baseUrl', server.url, G);
    await fn(server, api.ctx.extension);
  } finally {
    await c.update('provider', undefined, G);
    await c.update('baseUrl', undefined, G);
    await server.close();
  }
}

const runtimeDiags = () => vscode.languages.getDiagnostics(support()).filter((d) => d.source === 'handoff-runtime' && d.message.includes('got 9'));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

test('run-openai: a violation the server provokes is a diagnostic; the key reached the server and nothing else', async () => {
  await withServer(async (server, ext) => {
    const set = await vscode.commands.executeCommand<{ origin: string; stored: boolean }>('handoff.setApiKey', { baseUrl: server.url, key: SECRET });
    assert.deepEqual(set, { origin: new URL(server.url).origin, stored: true });
    server.enqueue({ reply: { ...valid, urgency: 9 } }, { reply: valid });
    const r = await vscode.commands.executeCommand<Outcome>('handoff.runAgent', { file: 'support.agents.yaml', agent: 'triager', input: ticket() });
    assert.equal(r.status, 'ok', JSON.stringify(r));
    assert.deepEqual(r.output, valid);
    assert.equal(server.requests.length, 2, 'one violating reply, one repair');
    assert.equal(server.requests[0]!.headers['authorization'], `Bearer ${SECRET}`);

    const diags = runtimeDiags();
    assert.equal(diags.length, 2, `diagnostics: ${vscode.languages.getDiagnostics(support()).map((d) => d.message).join(' | ')}`);
    assert.match(diags[0]!.message, /Triage@2 at \/urgency: must be <= 5; got 9 \(agent triager\)/);

    const trace = readFileSync(r.trace, 'utf8');
    assert.match(trace, /"name":"contract.violation","time":[\d.]+,"attributes":\{"contract":"Triage","version":2,"path":"\/urgency","message":"must be <= 5","value":9\}/, 'the trace records the violation');
    assert.ok(!trace.includes(SECRET), 'the API key is in the trace');
    const settings = JSON.stringify(vscode.workspace.getConfiguration('handoff')) + readFileSync(join(dirname(dirname(ext.globalStorageUri.fsPath)), 'settings.json'), 'utf8');
    assert.ok(!settings.includes(SECRET), 'the API key is in the settings');
    // The log is written by the workbench: wait (bounded) until it holds this run, then look.
    const deadline = Date.now() + 10_000;
    let log = '';
    while (Date.now() < deadline && !log.includes(r.runId)) {
      log = filesUnder(ext.logUri.fsPath).map((f) => readFileSync(f, 'utf8')).join('\n');
      if (!log.includes(r.runId)) await new Promise((res) => setTimeout(res, 200));
    }
    assert.ok(log.includes(r.runId), `the log under ${ext.logUri.fsPath} never showed run ${r.runId}`);
    assert.ok(!log.includes(SECRET), 'the API key is in the log');
  });
}, { timeout: 60_000 });

test('run-openai: a later run that passes clears the run-time diagnostics', async () => {
  assert.equal(runtimeDiags().length, 2, 'the previous test left no diagnostics to clear');
  await withServer(async (server) => {
    server.enqueue({ reply: valid });
    const r = await vscode.commands.executeCommand<Outcome>('handoff.runAgent', { file: 'support.agents.yaml', agent: 'triager', input: ticket() });
    assert.equal(r.status, 'ok', JSON.stringify(r));
    assert.equal(r.violations, 0);
    assert.deepEqual(runtimeDiags(), []);
  });
}, { timeout: 60_000 });

test('run-openai: while a run waits for the model, the workflow CodeLens says it is running (the trace folder is watched by nobody)', async () => {
  await withServer(async (server) => {
    await vscode.commands.executeCommand('handoff.setApiKey', { baseUrl: server.url, key: SECRET });
    server.enqueue({ stall: true });
    const run = vscode.commands.executeCommand<Outcome>('handoff.runWorkflow', { file: 'support.agents.yaml', workflow: 'support', input: ticket() });
    await server.waitForRequests(1);
    await vscode.workspace.openTextDocument(support()); // the workbench computes CodeLens for open documents only
    // The lenses are asked for again until the history has read the new trace; each ask is a round trip, not a sleep.
    let titles: string[] = [];
    for (let i = 0; i < 500 && !titles.some((t) => t.startsWith('running')); i++) {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', support());
      titles = lenses.map((l) => l.command?.title ?? '');
    }
    assert.ok(titles.some((t) => t.startsWith('running')), `lenses: ${titles.join(' | ')}`);
    await server.close(); // the stalled call fails, and the run with it
    const r = await run;
    assert.equal(r.status, 'error', JSON.stringify(r));
    // A failed run of support would count in other tests' reliability figures: its trace goes.
    rmSync(r.trace, { force: true });
  });
}, { timeout: 60_000 });

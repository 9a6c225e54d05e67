/**
 * Running from VS Code on the scripted provider (the examples' embedded default): the run
 * commands with arguments finish with the output the trace records, run-time violations
 * become `handoff-runtime` diagnostics on the contract and the agent, CodeLens shows the
 * last run, and Replay Run… answers from the trace.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { diagnosticsWhere } from '../src/diagnostics';
import { test } from '../src/runner';

interface Outcome {
  runId: string;
  status: string;
  output?: Record<string, unknown>;
  error?: { message: string; kind: string };
  trace: string;
  summary: string;
  violations: number;
  refused?: boolean;
  reason?: string;
}

const root = () => vscode.workspace.workspaceFolders![0]!.uri.fsPath;
const support = () => join(root(), 'support.agents.yaml');
const ticket = () => JSON.parse(readFileSync(join(root(), 'inputs/ticket-billing.json'), 'utf8')) as unknown;
let traceDir: string | undefined;
let first: Outcome | undefined;

async function useScripted(): Promise<void> {
  await vscode.extensions.getExtension('handoff.handoff')!.activate();
  traceDir ??= mkdtempSync(join(tmpdir(), 'handoff-run-e2e-'));
  const c = vscode.workspace.getConfiguration('handoff');
  await c.update('traceDirectory', traceDir, vscode.ConfigurationTarget.Global);
  await c.update('provider', undefined, vscode.ConfigurationTarget.Global);
}

function lastRecord(trace: string): Record<string, unknown> {
  const lines = readFileSync(trace, 'utf8').trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>;
}

async function runSupport(): Promise<Outcome> {
  await useScripted();
  return vscode.commands.executeCommand<Outcome>('handoff.runWorkflow', { file: 'support.agents.yaml', workflow: 'support', input: ticket() });
}

/** The run the later tests look at (made here when a name filter skipped the first test). */
async function firstRun(): Promise<Outcome> {
  first ??= await runSupport();
  return first;
}

test('run: Run Workflow with arguments finishes with the output its trace records', async () => {
  const r = await runSupport();
  assert.equal(r.refused, undefined, `refused: ${JSON.stringify(r)}`);
  assert.equal(r.status, 'ok', `run ended ${r.status}: ${JSON.stringify(r.error)}`);
  assert.equal(r.output?.['ticket_id'], 'T-1042');
  assert.ok(r.trace.startsWith(traceDir!), `trace ${r.trace} is not under handoff.traceDirectory ${traceDir}`);
  assert.ok(existsSync(r.trace));
  const end = lastRecord(r.trace);
  assert.equal(end['type'], 'run.end');
  assert.deepEqual(end['output'], r.output, 'the command returns exactly what the trace records');
  assert.match(r.summary, /^ok · [\d.]+ (ms|s) · 1 violation$/);
  first = r;
}, { timeout: 60_000 });

test('run: a violation seen at run time is a handoff-runtime diagnostic on the contract and the agent, linked to the trace', async () => {
  const run = await firstRun();
  const text = readFileSync(support(), 'utf8').split('\n');
  const diags = vscode.languages.getDiagnostics(vscode.Uri.file(support())).filter((d) => d.source === 'handoff-runtime');
  assert.equal(diags.length, 2, `expected 2 runtime diagnostics, got: ${diags.map((d) => d.message).join(' | ')}`);
  const lines = diags.map((d) => text[d.range.start.line]!.trim()).sort();
  assert.deepEqual(lines, ['Triage:', 'triager:']);
  for (const d of diags) {
    assert.match(d.message, /Triage@2 at \/urgency: must be <= 5; got 7 \(agent triager, step triage\)/);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning, 'a repaired violation is a warning');
    assert.equal(d.relatedInformation?.[0]?.location.uri.fsPath, run.trace);
    const traceLine = readFileSync(run.trace, 'utf8').split('\n')[d.relatedInformation![0]!.location.range.start.line]!;
    assert.match(traceLine, /"name":"contract.violation"/, 'the related location is the violation event line of the trace');
  }
});

test('run: CodeLens shows Run, Replay last and the last run summary above the workflow, Try above agents', async () => {
  await firstRun();
  // The workbench computes CodeLens for open documents only.
  await vscode.workspace.openTextDocument(vscode.Uri.file(support()));
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', vscode.Uri.file(support()));
  const titles = lenses.map((l) => l.command?.title ?? '');
  assert.ok(titles.includes('▶ Run'), `titles: ${titles.join(', ')}`);
  assert.ok(titles.includes('↻ Replay last'), `titles: ${titles.join(', ')}`);
  assert.ok(titles.some((t) => /^ok · .* · 1 violation$/.test(t)), `no summary lens in: ${titles.join(', ')}`);
  assert.equal(titles.filter((t) => t === '▶ Try').length, 5, 'one Try per agent of support.agents.yaml');
});

test('run: Replay Run answers from the trace and gives the same output', async () => {
  const recorded = await firstRun();
  const r = await vscode.commands.executeCommand<Outcome>('handoff.replayRun', { trace: recorded.trace });
  assert.equal(r.status, 'ok', JSON.stringify(r));
  assert.notEqual(r.trace, recorded.trace);
  assert.deepEqual(r.output, recorded.output);
  assert.equal(r.violations, 1, 'the recorded violating reply is replayed too');
}, { timeout: 60_000 });

test('run: Run Agent runs one agent; unknown names are refused with a message', async () => {
  await useScripted();
  const r = await vscode.commands.executeCommand<Outcome>('handoff.runAgent', { file: 'support.agents.yaml', agent: 'sentiment', input: ticket() });
  assert.equal(r.status, 'ok', JSON.stringify(r));
  assert.deepEqual(r.output, { tone: 'angry', score: -0.6 });
  const bad = await vscode.commands.executeCommand<Outcome>('handoff.runWorkflow', { file: 'support.agents.yaml', workflow: 'nope', input: {} });
  assert.equal(bad.refused, true);
  assert.equal(bad.reason, 'invalid');
}, { timeout: 60_000 });

test('run: definitions that do not check are refused before anything runs, as handoff run refuses them', async () => {
  await useScripted();
  const dir = mkdtempSync(join(tmpdir(), 'handoff-run-broken-'));
  const file = join(dir, 'broken.agents.yaml');
  writeFileSync(file, 'handoff: 1\nagents:\n  a:\n    input: Missing\n    output: AlsoMissing\n    instructions: hi\n');
  const before = readdirSync(traceDir!).length;
  const r = await vscode.commands.executeCommand<Outcome & { message: string }>('handoff.runAgent', { file, agent: 'a', input: {} });
  assert.equal(r.refused, true, JSON.stringify(r));
  assert.equal(r.reason, 'invalid');
  assert.match(r.message, /do not check \(\d+ errors?; first at .*broken\.agents\.yaml:4:\d+/);
  assert.equal(readdirSync(traceDir!).length, before, 'a trace was written for a refused run');
});

/** A trace's records with what differs between two runs (ids, times) taken out, in a stable order. */
function normalisedTrace(file: string): string[] {
  const records = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const paths = new Map<unknown, string>();
  return records
    .map((r) => {
      const c = { ...r };
      if (c['type'] === 'span' && c['phase'] === 'start') paths.set(c['spanId'], `${c['parentId'] ? paths.get(c['parentId']) : ''}/${String(c['kind'])}:${String(c['name'])}`);
      if (c['spanId'] !== undefined) c['spanId'] = paths.get(c['spanId']) ?? c['spanId'];
      if (c['parentId'] !== undefined) c['parentId'] = paths.get(c['parentId']) ?? c['parentId'];
      for (const k of ['runId', 'startedAt', 'start', 'end', 'time']) delete c[k];
      return JSON.stringify(c);
    })
    .sort(); // parallel steps may interleave differently
}

test('run: the editor records a run exactly as handoff run does (ids and times aside)', async () => {
  const r = await runSupport();
  assert.equal(r.status, 'ok', JSON.stringify(r));
  const cli = join(vscode.extensions.getExtension('handoff.handoff')!.extensionPath, 'dist', 'cli.js');
  const cliTrace = join(mkdtempSync(join(tmpdir(), 'handoff-cli-')), 'cli.trace.jsonl');
  const stdout = execFileSync(process.execPath, [cli, 'run', support(), '--workflow', 'support', '--input', `@${join(root(), 'inputs/ticket-billing.json')}`, '--provider', 'scripted', '--trace', cliTrace], {
    cwd: root(),
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.deepEqual(JSON.parse(stdout), r.output, 'handoff run prints the output the command returned');
  const ours = normalisedTrace(r.trace);
  const theirs = normalisedTrace(cliTrace);
  assert.ok(ours.length > 10, `only ${ours.length} records`);
  assert.deepEqual(ours, theirs);
}, { timeout: 60_000 });

test('run: run-time diagnostics follow their contract and agent when the file is edited', async () => {
  await useScripted();
  // A copy outside the workspace, so that the edit never touches the examples.
  const dir = mkdtempSync(join(tmpdir(), 'handoff-run-edit-'));
  for (const f of ['support.agents.yaml', 'common.agents.yaml', 'support.script.json']) cpSync(join(root(), f), join(dir, f));
  const file = join(dir, 'support.agents.yaml');
  const r = await vscode.commands.executeCommand<Outcome>('handoff.runAgent', { file, agent: 'triager', input: ticket() });
  assert.equal(r.status, 'ok', JSON.stringify(r));
  const uri = vscode.Uri.file(file);
  const lines = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'handoff-runtime').map((d) => d.range.start.line).sort((a, b) => a - b);
  const before = lines();
  assert.equal(before.length, 2);
  const doc = await vscode.workspace.openTextDocument(uri);
  const edit = new vscode.WorkspaceEdit();
  edit.insert(uri, new vscode.Position(0, 0), '# one more line\n# and another\n');
  assert.ok(await vscode.workspace.applyEdit(edit));
  assert.ok(doc.isDirty);
  // They move once typing pauses (the checker's delay), not on every keystroke.
  const moved = before.map((l) => l + 2);
  await diagnosticsWhere(uri, () => JSON.stringify(lines()) === JSON.stringify(moved));
  assert.deepEqual(lines(), moved);
});

/**
 * Rerun from here, in the real extension host: a recorded run of the support workflow is
 * rerun from `answer`; the new run is recorded like any other, the steps before `answer`
 * are answered from the recording (replay), and only `answer`'s agents reach the provider.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { test } from '../src/runner';

interface Outcome {
  status: string;
  trace: string;
  output?: unknown;
  error?: unknown;
  refused?: boolean;
  message?: string;
}

const root = () => vscode.workspace.workspaceFolders![0]!.uri.fsPath;

/** Which provider answered each llm span of a trace, by agent. */
function providersByAgent(trace: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const line of readFileSync(trace, 'utf8').trim().split('\n')) {
    const r = JSON.parse(line) as { type: string; phase?: string; kind?: string; attributes?: Record<string, unknown> };
    if (r.type !== 'span' || r.phase !== 'start' || r.kind !== 'llm') continue;
    const agent = String(r.attributes?.['handoff.agent']);
    const provider = String(r.attributes?.['gen_ai.provider.name']);
    out.set(agent, (out.get(agent) ?? new Set()).add(provider));
  }
  return out;
}

test('rerun: from a step, only that step and those after it call the provider', async () => {
  await vscode.extensions.getExtension('handoff.handoff')!.activate();
  const c = vscode.workspace.getConfiguration('handoff');
  await c.update('traceDirectory', mkdtempSync(join(tmpdir(), 'handoff-rerun-e2e-')), vscode.ConfigurationTarget.Global);
  await c.update('provider', undefined, vscode.ConfigurationTarget.Global);
  const input = JSON.parse(readFileSync(join(root(), 'inputs/ticket-billing.json'), 'utf8')) as unknown;
  const first = await vscode.commands.executeCommand<Outcome>('handoff.runWorkflow', { file: 'support.agents.yaml', workflow: 'support', input });
  assert.equal(first.status, 'ok', JSON.stringify(first));

  const again = await vscode.commands.executeCommand<Outcome>('handoff.rerunFrom', { trace: first.trace, step: 'answer' });
  assert.equal(again.refused, undefined, `refused: ${JSON.stringify(again)}`);
  assert.equal(again.status, 'ok', JSON.stringify(again.error));
  assert.notEqual(again.trace, first.trace, 'the rerun is recorded in a trace of its own');
  assert.deepEqual(again.output, first.output);

  const used = providersByAgent(again.trace);
  for (const upstream of ['triager', 'sentiment', 'billing_agent']) assert.deepEqual([...(used.get(upstream) ?? [])], ['replay'], upstream);
  for (const downstream of ['writer', 'reviewer']) assert.deepEqual([...(used.get(downstream) ?? [])], ['scripted'], downstream);

  const refused = await vscode.commands.executeCommand<Outcome>('handoff.rerunFrom', { trace: first.trace, step: 'no_such_step' });
  assert.equal(refused.refused, true);
  assert.match(String(refused.message), /has no step 'no_such_step'/);
});

test('rerun: the workflow CodeLens shows its reliability over the recorded runs', async () => {
  const uri = vscode.Uri.file(join(root(), 'support.agents.yaml'));
  // The workbench computes CodeLens for open documents only.
  await vscode.workspace.openTextDocument(uri);
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
  const titles = lenses.map((l) => l.command?.title ?? '');
  const reliability = titles.find((t) => t.startsWith('reliability '));
  assert.ok(reliability, `no reliability lens among ${JSON.stringify(titles)}`);
  // Every recorded run of the scripted support workflow succeeded (the triager after a repair).
  assert.match(reliability, /^reliability 100\s?% over \d+ runs?$/);
});

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test } from '../src/runner';

interface Manifest {
  contributes?: { commands?: { command: string }[] };
}

function contributedCommands(): string[] {
  const ext = vscode.extensions.getExtension('handoff.handoff');
  assert.ok(ext, 'handoff.handoff is not installed');
  const ids = ((ext.packageJSON as Manifest).contributes?.commands ?? []).map((c) => c.command);
  assert.ok(ids.length > 0, 'the manifest contributes no commands');
  return ids;
}

test('every contributed command is registered', async () => {
  // Activation registers every command before it returns.
  await vscode.extensions.getExtension('handoff.handoff')?.activate();
  const registered = new Set(await vscode.commands.getCommands(true));
  const missing = contributedCommands().filter((id) => !registered.has(id));
  assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
});

test('handoff.refreshWorkflows runs without throwing', async () => {
  await vscode.extensions.getExtension('handoff.handoff')?.activate();
  await vscode.commands.executeCommand('handoff.refreshWorkflows');
});

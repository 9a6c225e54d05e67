/**
 * The `vscode-lm` provider: agents answered by a chat model registered with VS Code's
 * Language Model API (here a fake one this test extension registers, vendor `handoff-test`),
 * with no key. The contract goes into the prompt, the JSON comes out of the streamed text.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { test } from '../src/runner';

// The chat provider API is newer than the @types/vscode this repo builds against.
interface ChatInfo {
  id: string;
  name: string;
  family: string;
  version: string;
  maxInputTokens: number;
  maxOutputTokens: number;
  capabilities: Record<string, unknown>;
}
interface LmRegistry {
  registerLanguageModelChatProvider(vendor: string, provider: {
    provideLanguageModelChatInformation(): ChatInfo[];
    provideLanguageModelChatResponse(model: ChatInfo, messages: readonly { content: readonly unknown[] }[], options: unknown, progress: vscode.Progress<unknown>): Promise<void>;
    provideTokenCount(model: ChatInfo, text: unknown): Promise<number>;
  }): vscode.Disposable;
}

const textOf = (m: { content: readonly unknown[] }) => m.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');

test('run-lm: an agent runs on a VS Code chat model; the reply JSON is taken from fenced text', async () => {
  await vscode.extensions.getExtension('handoff.handoff')!.activate();
  const prompts: string[] = [];
  const lm = vscode.lm as unknown as LmRegistry;
  assert.equal(typeof lm.registerLanguageModelChatProvider, 'function', 'this VS Code has no registerLanguageModelChatProvider');
  const model: ChatInfo = { id: 'handoff-fake-json', name: 'Fake JSON', family: 'fake-json', version: '1', maxInputTokens: 100_000, maxOutputTokens: 4_000, capabilities: {} };
  const reg = lm.registerLanguageModelChatProvider('handoff-test', {
    provideLanguageModelChatInformation: () => [model],
    async provideLanguageModelChatResponse(_m, messages, _o, progress) {
      prompts.push(messages.map(textOf).join('\n---\n'));
      for (const piece of ['Here you go:\n```json\n{"tone": "angry", ', '"score": -0.5}\n```\n']) progress.report(new vscode.LanguageModelTextPart(piece));
    },
    provideTokenCount: async (_m, text) => (typeof text === 'string' ? text.length : 10),
  });
  const c = vscode.workspace.getConfiguration('handoff');
  const G = vscode.ConfigurationTarget.Global;
  try {
    await c.update('traceDirectory', mkdtempSync(join(tmpdir(), 'handoff-lm-e2e-')), G);
    await c.update('provider', 'vscode-lm', G);
    const root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const input = JSON.parse(readFileSync(join(root, 'inputs/ticket-billing.json'), 'utf8')) as unknown;
    const r = await vscode.commands.executeCommand<{ status: string; output?: unknown; error?: unknown; trace: string }>('handoff.runAgent', { file: 'support.agents.yaml', agent: 'sentiment', input });
    assert.equal(r.status, 'ok', JSON.stringify(r));
    assert.deepEqual(r.output, { tone: 'angry', score: -0.5 });
    assert.equal(prompts.length, 1);
    assert.match(prompts[0]!, /Rate the tone of this message/, 'the agent instructions reach the model');
    assert.match(prompts[0]!, /JSON Schema \(contract Sentiment\):\n\{.*"tone"/, 'the contract is in the prompt');
    const trace = readFileSync(r.trace, 'utf8');
    assert.match(trace, /"gen_ai.provider.name":"vscode-lm"/, 'the trace names the provider');
  } finally {
    await c.update('provider', undefined, G);
    reg.dispose();
  }
}, { timeout: 60_000 });

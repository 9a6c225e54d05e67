/**
 * The `vscode-lm` provider: agents answered by the chat models the user already has in VS
 * Code (`vscode.lm`), with no key. The Language Model API has no response format, so the
 * contract goes into the prompt and the JSON is taken from the streamed text; the engine
 * validates it against the contract like any other reply (and retries or repairs).
 */
import * as vscode from 'vscode';
import { ProviderError, type ModelProvider, type ModelRequest, type ModelResponse } from '../../core/providers/types';
import { extractJsonText, jsonInstruction, lmSelectors } from '../../core/runs/jsonText';

export class LanguageModelProvider implements ModelProvider {
  readonly name = 'vscode-lm';

  constructor(private readonly log?: vscode.LogOutputChannel) {}

  async complete(req: ModelRequest): Promise<ModelResponse> {
    const signal = req.signal;
    const model = await this.select(req.model);
    const messages = toMessages(req);
    const cts = new vscode.CancellationTokenSource();
    let timedOut = false;
    const onAbort = () => cts.cancel();
    signal.addEventListener('abort', onAbort, { once: true });
    const timer = req.timeoutMs ? setTimeout(() => ((timedOut = true), cts.cancel()), req.timeoutMs) : undefined;
    try {
      if (signal.aborted) throw new ProviderError('cancelled', 'the call was cancelled');
      const response = await model.sendRequest(messages, { justification: `Handoff runs agent ${req.agent} of your workflow.` }, cts.token);
      let text = '';
      for await (const chunk of response.text) {
        text += chunk;
        req.onChunk?.(chunk);
      }
      if (cts.token.isCancellationRequested) throw cancelled(timedOut, req);
      const usage = await countUsage(model, messages, text, cts.token);
      return { text: extractJsonText(text), finishReason: 'stop', model: `${model.vendor}/${model.family}`, usage };
    } catch (err) {
      if (err instanceof ProviderError) throw err;
      if (cts.token.isCancellationRequested) throw cancelled(timedOut, req);
      throw toProviderError(err);
    } finally {
      if (timer) clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      cts.dispose();
    }
  }

  private async select(name: string): Promise<vscode.LanguageModelChat> {
    for (const selector of lmSelectors(name)) {
      const [found] = await vscode.lm.selectChatModels(selector);
      if (found) return found;
    }
    const [any] = await vscode.lm.selectChatModels();
    if (any) {
      this.log?.info(`vscode-lm: no chat model matches "${name}"; using ${any.vendor}/${any.family}`);
      return any;
    }
    throw new ProviderError('client', `no VS Code language model is available (asked for "${name}"); install or sign in to a chat model provider`, { retryable: false });
  }
}

function toMessages(req: ModelRequest): vscode.LanguageModelChatMessage[] {
  const out: vscode.LanguageModelChatMessage[] = [];
  // The API has no system role: system text goes first, as the user's.
  const system = req.messages.filter((m) => m.role === 'system').map((m) => m.content);
  system.push(jsonInstruction(req.responseSchema));
  out.push(vscode.LanguageModelChatMessage.User(system.join('\n\n')));
  for (const m of req.messages) {
    if (m.role === 'user') out.push(vscode.LanguageModelChatMessage.User(m.content));
    if (m.role === 'assistant') out.push(vscode.LanguageModelChatMessage.Assistant(m.content));
  }
  return out;
}

async function countUsage(model: vscode.LanguageModelChat, messages: vscode.LanguageModelChatMessage[], text: string, token: vscode.CancellationToken): Promise<ModelResponse['usage']> {
  try {
    const counts = await Promise.all(messages.map((m) => model.countTokens(m, token)));
    return { inputTokens: counts.reduce((a, b) => a + b, 0), outputTokens: await model.countTokens(text, token) };
  } catch {
    return undefined;
  }
}

function cancelled(timedOut: boolean, req: ModelRequest): ProviderError {
  return timedOut ? new ProviderError('timeout', `no reply within ${req.timeoutMs} ms`) : new ProviderError('cancelled', 'the call was cancelled');
}

function toProviderError(err: unknown): ProviderError {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof vscode.LanguageModelError) {
    if (err.code === vscode.LanguageModelError.NoPermissions().code) return new ProviderError('auth', `VS Code language model: ${message} (the user did not allow Handoff to use it)`);
    if (err.code === vscode.LanguageModelError.Blocked().code) return new ProviderError('rate_limit', `VS Code language model: ${message}`);
    if (err.code === vscode.LanguageModelError.NotFound().code) return new ProviderError('client', `VS Code language model: ${message}`);
  }
  return new ProviderError('server', `VS Code language model: ${message}`);
}

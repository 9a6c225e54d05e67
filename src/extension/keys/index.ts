/**
 * API keys: kept in SecretStorage under the origin of the base URL they are for, never in
 * settings, logs or traces. A base URL that the workspace chose (workspace settings or a
 * definition file's model profile) gets a stored key only once the user approved that
 * origin; approvals are remembered in globalState.
 *
 * A run to a server for which no key is stored asks first (Set API Key…, Run Anyway, or
 * cancel), unless the server is local (`localOrigin.ts`: a local model usually needs none)
 * or the user said Run Anyway for that origin before in this window.
 *
 * `handoff.setApiKey` asks for the base URL and the key; its programmatic form
 * `{ baseUrl, key }` (tests, scripts) skips the prompts, and an empty key deletes.
 */
import * as vscode from 'vscode';
import { Commands } from '../commandIds';
import { registerCommand } from '../commands';
import type { HandoffContext } from '../context';
import { approve, decideKey, originOf, secretName, trustedSource, type UrlSource } from '../../core/runs/origins';
import { isLocalOrigin } from './localOrigin';

const APPROVED = 'handoff.approvedKeyOrigins';

export interface SetApiKeyArgs {
  readonly baseUrl?: string;
  readonly key?: string;
}

/** The user cancelled a run when asked about its missing API key: the run does not start. */
export class KeyPromptCancelled extends Error {
  constructor(readonly origin: string) {
    super(`no API key for ${origin}: the run was cancelled`);
  }
}

export class KeyStore {
  /** Origins the user chose Run Anyway for, without a key (this window). */
  private readonly keyless = new Set<string>();

  constructor(private readonly ctx: HandoffContext) {}

  private get secrets(): vscode.SecretStorage {
    return this.ctx.extension.secrets;
  }

  approved(): string[] {
    return this.ctx.extension.globalState.get<string[]>(APPROVED, []);
  }

  async store(origin: string, key: string): Promise<void> {
    if (key) await this.secrets.store(secretName(origin), key);
    else await this.secrets.delete(secretName(origin));
  }

  /**
   * The key to send to `baseUrl`, or undefined (none stored, or the user did not approve a
   * workspace-chosen origin). Asks at most once per origin.
   */
  async keyFor(baseUrl: string, source: UrlSource): Promise<string | undefined> {
    const origin = originOf(baseUrl);
    const key = origin ? await this.secrets.get(secretName(origin)) : undefined;
    const decision = decideKey(baseUrl, source, key !== undefined, this.approved());
    if (decision.action === 'none') {
      if (origin && key === undefined) return this.missing(origin, baseUrl, source);
      this.ctx.log.info(`no API key sent: ${decision.reason}`);
      return undefined;
    }
    if (decision.action === 'ask') {
      const where = source === 'definition' ? 'a definition file' : 'the workspace settings';
      const pick = await vscode.window.showWarningMessage(
        `The base URL ${decision.origin} comes from ${where}. Send your stored API key for ${decision.origin} to it?`,
        { modal: true, detail: 'Approve only servers you trust: the key lets them use your account. You are asked once per origin.' },
        'Send Key',
      );
      if (pick !== 'Send Key') {
        this.ctx.log.warn(`API key for ${decision.origin} withheld: the origin was not approved`);
        return undefined;
      }
      await this.ctx.extension.globalState.update(APPROVED, approve(this.approved(), decision.origin));
      this.ctx.log.info(`origin ${decision.origin} approved for its stored API key`);
    }
    return key;
  }

  /**
   * No key is stored for `origin`: a local server goes without one; otherwise the user says
   * whether to set one now (the run then sends it), to run without one, or to cancel the run
   * (`KeyPromptCancelled`). Asked before the run starts, never in its middle.
   */
  private async missing(origin: string, baseUrl: string, source: UrlSource): Promise<string | undefined> {
    if (isLocalOrigin(baseUrl) || this.keyless.has(origin)) {
      this.ctx.log.info(`no API key sent: none is stored for ${origin}`);
      return undefined;
    }
    const host = new URL(origin).host;
    const pick = await vscode.window.showWarningMessage(
      `No API key for ${host}`,
      {
        modal: true,
        detail: `The run's model calls go to ${origin}, and no API key is stored for it: a server that needs one refuses them. ` +
          'Set API Key… keeps a key in VS Code’s secret storage for this origin only; Run Anyway runs without a key (a server that needs none).',
      },
      'Set API Key…',
      'Run Anyway',
    );
    if (pick === 'Run Anyway') {
      this.keyless.add(origin);
      this.ctx.log.info(`no API key sent to ${origin}: the run was started without one`);
      return undefined;
    }
    if (pick === 'Set API Key…') {
      const set = await vscode.commands.executeCommand<{ origin: string; stored: boolean } | undefined>(Commands.setApiKey, { baseUrl });
      const key = set?.stored ? await this.secrets.get(secretName(origin)) : undefined;
      if (key !== undefined) {
        // Typed for this origin when this run asked: that approves it (a workspace-chosen one is not asked about again).
        if (!trustedSource(source)) await this.ctx.extension.globalState.update(APPROVED, approve(this.approved(), origin));
        return key;
      }
    }
    this.ctx.log.info(`run cancelled: no API key for ${origin}`);
    throw new KeyPromptCancelled(origin);
  }
}

export function registerKeys(ctx: HandoffContext): KeyStore {
  const store = new KeyStore(ctx);
  registerCommand(ctx, Commands.setApiKey, async (arg?: unknown) => {
    const args = (typeof arg === 'object' && arg !== null ? arg : {}) as SetApiKeyArgs;
    let baseUrl = args.baseUrl;
    if (baseUrl === undefined) {
      baseUrl = await vscode.window.showInputBox({
        title: 'Handoff: Set API Key (1/2)',
        prompt: 'Base URL of the OpenAI-compatible server the key is for',
        value: vscode.workspace.getConfiguration('handoff', vscode.window.activeTextEditor?.document.uri).get<string>('baseUrl') ?? 'https://api.openai.com/v1',
        validateInput: (v) => (originOf(v) ? undefined : 'Enter an http(s) URL'),
        ignoreFocusOut: true,
      });
      if (baseUrl === undefined) return undefined;
    }
    const origin = originOf(baseUrl);
    if (!origin) {
      void vscode.window.showErrorMessage(`Handoff: "${baseUrl}" is not an http(s) URL.`);
      return { error: 'not an http(s) URL' };
    }
    let key = args.key;
    if (key === undefined) {
      key = await vscode.window.showInputBox({
        title: `Handoff: Set API Key (2/2) for ${origin}`,
        prompt: 'The key is kept in VS Code’s secret storage for this origin only. Leave empty to delete it.',
        password: true,
        ignoreFocusOut: true,
      });
      if (key === undefined) return undefined;
    }
    await store.store(origin, key.trim());
    ctx.log.info(key.trim() ? `API key stored for ${origin}` : `API key deleted for ${origin}`);
    if (args.key === undefined) void vscode.window.showInformationMessage(key.trim() ? `Handoff: API key stored for ${origin}.` : `Handoff: API key for ${origin} deleted.`);
    return { origin, stored: key.trim() !== '' };
  });
  return store;
}

/**
 * Which provider and model answer each agent of a run, from settings (`handoff.provider`,
 * `handoff.baseUrl`, `handoff.defaultModel`, `handoff.models`, `handoff.scriptFile`) and the
 * definition's model profiles. Providers are made before the run starts, so a missing
 * script or an approval prompt for a key comes before anything runs, not in its middle.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { ModelProfile } from '../../core/model/definition';
import type { Program, ResolvedAgent } from '../../core/model/program';
import type { ModelProvider } from '../../core/providers/types';
import type { ModelBinding } from '../../core/engine/context';
import { agentsOfRun } from '../../core/engine/reach';
import type { RunTarget } from '../../core/runs/summary';
import { baseUrlProblem, settingSource, shownUrl, trustedSource, type UrlSource } from '../../core/runs/origins';
import type { KeyStore } from '../keys';
import { LanguageModelProvider } from './lmProvider';

export interface RunSettings {
  readonly provider: string;
  readonly baseUrl: string;
  readonly baseUrlSource: UrlSource;
  readonly defaultModel: string;
  readonly models: Readonly<Record<string, ModelProfile>>;
  readonly modelsSource: UrlSource;
  readonly scriptFile: string;
  readonly concurrency: number;
}

export function readRunSettings(file: string): RunSettings {
  const scope = vscode.Uri.file(file);
  const c = vscode.workspace.getConfiguration('handoff', scope);
  return {
    provider: c.get<string>('provider') || 'scripted',
    baseUrl: c.get<string>('baseUrl') || 'https://api.openai.com/v1',
    baseUrlSource: settingSource(c.inspect('baseUrl')),
    defaultModel: c.get<string>('defaultModel') || 'gpt-4.1-mini',
    models: c.get<Record<string, ModelProfile>>('models') ?? {},
    modelsSource: settingSource(c.inspect('models')),
    scriptFile: c.get<string>('scriptFile') ?? '',
    concurrency: c.get<number>('concurrency') ?? 4,
  };
}

/** What one agent is bound to, before providers exist. */
interface Plan {
  readonly providerName: string;
  readonly baseUrl: string;
  readonly baseUrlSource: UrlSource;
  readonly model: string;
  readonly profile: ModelProfile | undefined;
}

export interface ProviderOverride {
  /** Answer every call with this provider instead (replay). */
  readonly provider: ModelProvider;
}

export class RunProviders {
  private readonly made = new Map<string, ModelProvider>();

  constructor(
    private readonly settings: RunSettings,
    private readonly file: string,
    private readonly keys: KeyStore,
    private readonly log: vscode.LogOutputChannel,
    private readonly override?: ProviderOverride,
  ) {}

  private plan(agent: ResolvedAgent): Plan {
    const name = agent.def.model ?? 'default';
    const fromSettings = this.settings.models[name];
    const profile: ModelProfile | undefined = agent.model ?? fromSettings;
    const ownBaseUrl = profile?.base_url;
    const baseUrlSource: UrlSource = ownBaseUrl === undefined
      ? this.settings.baseUrlSource
      : fromSettings?.base_url === ownBaseUrl ? this.settings.modelsSource : 'definition';
    return {
      providerName: profile?.provider ?? this.settings.provider,
      baseUrl: ownBaseUrl ?? this.settings.baseUrl,
      baseUrlSource,
      model: profile?.model ?? this.settings.defaultModel,
      profile,
    };
  }

  private key(p: Plan): string {
    return p.providerName === 'openai' ? `openai ${p.baseUrl}` : p.providerName;
  }

  /**
   * Makes every provider the run's agents need: those the target reaches (its steps, workers,
   * routers, planners and critics, through nested workflows), not every agent visible from the
   * file, so that a run is never asked for the key of a server it would not call. Throws an
   * Error a person can act on.
   */
  async prepare(program: Program, target: RunTarget): Promise<void> {
    if (this.override) return;
    for (const agent of agentsOfRun(program, this.file, target.kind === 'workflow' ? target.name : undefined, target.kind === 'agent' ? target.name : undefined)) {
      const p = this.plan(agent);
      const key = this.key(p);
      if (!this.made.has(key)) this.made.set(key, await this.make(p));
    }
  }

  bind(agent: ResolvedAgent): ModelBinding {
    const p = this.plan(agent);
    const provider = this.override?.provider ?? this.made.get(this.key(p));
    if (!provider) throw new Error(`no provider was prepared for agent ${agent.name} (${p.providerName})`);
    return { provider, model: p.model, temperature: p.profile?.temperature, maxTokens: p.profile?.max_tokens };
  }

  /** Names of the providers made, for the log (never keys). */
  describe(): string {
    return this.override ? this.override.provider.name : [...this.made.keys()].join(', ') || 'none';
  }

  private async make(p: Plan): Promise<ModelProvider> {
    switch (p.providerName) {
      case 'scripted': {
        const { ScriptedProvider, loadScript } = await import('../../core/providers/scripted');
        return new ScriptedProvider(loadScript(this.scriptPath()));
      }
      case 'vscode-lm':
        return new LanguageModelProvider(this.log);
      case 'openai': {
        const problem = baseUrlProblem(p.baseUrl);
        if (problem) throw new Error(`the base URL ${shownUrl(p.baseUrl)} ${problem}`);
        const apiKey = await this.keys.keyFor(p.baseUrl, p.baseUrlSource);
        return makeOpenAi(p.baseUrl, apiKey, apiKey !== undefined || trustedSource(p.baseUrlSource));
      }
      default:
        throw new Error(`unknown provider "${p.providerName}": use openai, scripted, vscode-lm (or replay through Replay Run…)`);
    }
  }

  /** `handoff.scriptFile` (relative to the workspace folder), or the `*.script.json` beside the definition. */
  scriptPath(): string {
    if (this.settings.scriptFile) {
      const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(this.file));
      return path.resolve(folder?.uri.fsPath ?? path.dirname(this.file), this.settings.scriptFile);
    }
    return this.file.replace(/\.agents\.ya?ml$/, '.script.json');
  }
}

async function makeOpenAi(baseUrl: string, apiKey: string | undefined, trusted: boolean): Promise<ModelProvider> {
  const { OpenAIProvider } = await import('../../core/providers/openai');
  // The SDK insists on a key; a server that needs none (a local model) gets a placeholder. A
  // server a workspace or a definition chose, and the user has not approved, gets none of the
  // account's identifiers or custom headers either.
  return new OpenAIProvider({ apiKey: apiKey ?? 'no-key', baseURL: baseUrl, accountHeaders: trusted });
}

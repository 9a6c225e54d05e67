/**
 * The options of `handoff run`, parsed and checked. A bad option is a usage error (exit 2)
 * with a message that says what was expected.
 */
import { durationMs, MAX_DURATION_MS } from '../core/model/definition';
import { baseUrlProblem, originOf, shownUrl } from '../core/runs/origins';

export class RunUsageError extends Error {}

export interface RunArgs {
  file: string;
  workflow?: string;
  agent?: string;
  input?: string;
  baseUrl?: string;
  /** Origins (`https://host:port`, lower-cased) whose profile base URLs may receive the API key. */
  trustOrigins: string[];
  model?: string;
  apiKeyEnv: string;
  provider?: 'openai' | 'scripted';
  script?: string;
  replay?: string;
  trace?: string;
  concurrency?: number;
  timeout?: string;
  resume?: string;
  otlp?: string;
  help?: boolean;
}

const VALUE_FLAGS: Record<string, keyof RunArgs> = {
  '--workflow': 'workflow',
  '--agent': 'agent',
  '--input': 'input',
  '--base-url': 'baseUrl',
  '--model': 'model',
  '--api-key-env': 'apiKeyEnv',
  '--provider': 'provider',
  '--script': 'script',
  '--replay': 'replay',
  '--trace': 'trace',
  '--concurrency': 'concurrency',
  '--timeout': 'timeout',
  '--resume': 'resume',
  '--otlp': 'otlp',
};

export const RUN_USAGE = `Usage: handoff run FILE [--workflow NAME | --agent NAME] [--input JSON | --input @FILE] [options]

Options:
  --base-url URL        send every openai agent to this OpenAI-compatible server, whatever
                        its model profile's base_url says (the command line wins); without it
                        an agent goes to its profile's base_url, else https://api.openai.com/v1
  --trust-origin ORIGIN also send the API key to profile base_urls on this origin, such as
                        https://my-gateway.example.com (repeatable); without it only
                        https://api.openai.com and --base-url receive the key, and other
                        origins a definition names are called without it
  --model NAME          the model for profiles that name none
  --api-key-env VAR     the environment variable that holds the key (default OPENAI_API_KEY)
  --provider P          openai or scripted
  --script FILE         scripted replies (default: FILE's *.script.json beside it)
  --replay TRACE        answer every model call from a recorded trace, no network
  --trace FILE          where to write the trace (default: .handoff/runs/<name>-<time>-<id>.trace.jsonl)
  --concurrency N       agent steps at once in the whole run, nested graphs included (default 4)
  --timeout DURATION    a time limit for the whole run (500ms, 30s, 5m)
  --resume RUNID        continue a plan run from its checkpoint
  --otlp URL            also export the spans to an OTLP/HTTP endpoint`;

export function parseRunArgs(argv: readonly string[]): RunArgs {
  const out: Record<string, unknown> & { help?: boolean; workflow?: string; agent?: string; provider?: string; replay?: string; concurrency?: unknown; timeout?: string; apiKeyEnv?: string; baseUrl?: string } = { apiKeyEnv: 'OPENAI_API_KEY' };
  const trustOrigins: string[] = [];
  const positional: string[] = [];
  const seen: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--help' || a === '-h') {
      out.help = true;
      continue;
    }
    if (!a.startsWith('--')) {
      // `-x` is no file name: options are spelled out (`--workflow`), and only -h is short.
      if (a.startsWith('-') && a !== '-') throw new RunUsageError(`unknown option ${a} (options are spelled out, such as --workflow)`);
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const repeated = flag === '--trust-origin';
    const key = VALUE_FLAGS[flag];
    if (!key && !repeated) throw new RunUsageError(`unknown option ${flag}`);
    const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '') throw new RunUsageError(`${flag} needs a value`);
    if (key) {
      // The last of two would win silently, and the first was meant too: say so.
      if (Object.hasOwn(seen, key)) throw new RunUsageError(`${flag} is given twice ('${seen[key]}' and '${value}')`);
      seen[key] = value;
      (out as Record<string, unknown>)[key] = value;
      continue;
    }
    const origin = originOnly(value);
    if (!origin) throw new RunUsageError(`--trust-origin takes an origin (scheme, host and port only) such as https://my-gateway.example.com, not '${value}'`);
    if (!trustOrigins.includes(origin)) trustOrigins.push(origin);
  }
  if (out.help) return { file: '', apiKeyEnv: 'OPENAI_API_KEY', trustOrigins: [], help: true };
  if (positional.length !== 1) throw new RunUsageError(positional.length === 0 ? 'name the definition file to run' : `one definition file, not ${positional.length}`);
  if (out.workflow && out.agent) throw new RunUsageError('give --workflow or --agent, not both');
  if (out.provider !== undefined && out.provider !== 'openai' && out.provider !== 'scripted') throw new RunUsageError(`--provider must be openai or scripted, not '${out.provider}'`);
  if (out.replay && out.provider) throw new RunUsageError('give --replay or --provider, not both');
  if (out.concurrency !== undefined) {
    const n = /^\d+$/.test(String(out.concurrency)) ? Number(out.concurrency) : NaN; // not 0x10, 1e1 or ' 4'
    if (!Number.isInteger(n) || n < 1 || n > 64) throw new RunUsageError(`--concurrency must be a whole number from 1 to 64, not '${String(out.concurrency)}'`);
    out.concurrency = n;
  }
  if (out.timeout !== undefined) {
    const ms = timeoutMs(out.timeout);
    if (ms === undefined) throw new RunUsageError(`--timeout must be a duration such as 500ms, 30s or 5m, not '${out.timeout}'`);
    // Timers take at most 2^31 - 1 ms (about 24.8 days); a longer one would fire at once.
    if (ms < 1 || ms > MAX_DURATION_MS) throw new RunUsageError(`--timeout must be from 1ms to 24 days (${MAX_DURATION_MS} ms), not '${out.timeout}'`);
  }
  if (out.otlp !== undefined && !originOf(String(out.otlp))) throw new RunUsageError(`--otlp must be an http(s) URL of an OTLP/HTTP endpoint, such as http://localhost:4318/v1/traces, not '${shownUrl(String(out.otlp))}'`);
  if (out.script !== undefined && out.provider !== 'scripted') throw new RunUsageError('--script is read by the scripted provider: add --provider scripted');
  if (out.resume !== undefined && out.input !== undefined) throw new RunUsageError('--resume continues a run with its own input: leave out --input');
  // A name, not a key: keys are long mixes of cases and digits, or start as keys do (sk-, gsk_…); the value is never echoed.
  if (out.apiKeyEnv && (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(out.apiKeyEnv) || looksLikeKey(out.apiKeyEnv))) throw new RunUsageError('--api-key-env takes the name of an environment variable (such as OPENAI_API_KEY), never a key');
  if (out.baseUrl !== undefined) {
    const problem = baseUrlProblem(out.baseUrl);
    if (problem) throw new RunUsageError(`--base-url ${shownUrl(out.baseUrl)} ${problem}`);
  }
  return { ...(out as unknown as RunArgs), trustOrigins, file: positional[0]! };
}

/** Milliseconds of a duration (`500ms`, `30s`, `5m`, `2h`; a bare number is seconds, as in definitions); undefined when it is none. */
export function timeoutMs(text: string): number | undefined {
  if (!/^\d+(\.\d+)?(ms|s|m|h)?$/.test(text)) return undefined;
  return durationMs(/^\d+(\.\d+)?$/.test(text) ? Number(text) : text);
}

/** The origin `value` names, when it is an http(s) origin and nothing more (no path, query or user). */
function originOnly(value: string): string | undefined {
  const origin = originOf(value);
  if (!origin) return undefined;
  const u = new URL(value.trim());
  if ((u.pathname !== '/' && u.pathname !== '') || u.search || u.hash || u.username || u.password) return undefined;
  return origin;
}

/** A value that is more likely a key than a variable name. */
function looksLikeKey(value: string): boolean {
  if (/^(sk|gsk|xai|pk|rk|key|api)[-_][A-Za-z0-9]/i.test(value) && value.length >= 16 && /[a-z]/.test(value) && /\d/.test(value)) return true;
  return value.length >= 24 && /[a-z]/.test(value) && /[A-Z]/.test(value) && /\d/.test(value);
}

/**
 * The `scripted` provider: answers model calls from a script instead of a model, for the
 * bundled examples, demos without network, and fast tests. It records every call it gets.
 *
 * Script file format (`*.script.json`, by default beside the definition file:
 * `support.agents.yaml` → `support.script.json`):
 *
 *   {
 *     "replies": {
 *       "<agentName>": [ <reply>, <reply>, ... ]
 *     },
 *     "match": [
 *       { "agent": "<agentName>", "input": { ...partial input... }, "reply": <reply> }
 *     ]
 *   }
 *
 * - Each agent's `replies` list is consumed in order, one reply per model call (retries and
 *   repairs are calls too); when the list runs out its last reply repeats.
 * - `match` entries take precedence: the first whose `agent` is the called agent and whose
 *   `input` is contained in the call's input (objects: every given key matches, recursively;
 *   arrays and scalars: equal) answers. Matching entries are not consumed.
 * - A reply is one of:
 *     any JSON value             the output object, sent as the assistant's JSON text
 *     { "$text": "raw text" }    raw assistant text (to script malformed JSON); add
 *                                "$finish": "length" to simulate a truncated reply
 *     { "$refusal": "why" }      the model refuses
 *     { "$error": { "status": 503, "retryAfter": 1, "message": "..." } }
 *                                a provider fault: the HTTP status (429, 5xx: retried;
 *                                other 4xx: not), optional Retry-After in seconds
 *   An object is a directive only when its first key starts with `$`; any other object is an
 *   output.
 * - An agent with neither replies nor a match is an error of the call that names the agent.
 * - No reply reports token usage: a script has no tokens to count, and a trace that said 0
 *   would be a made-up figure (the panel and `handoff trace` show "not reported" instead).
 */
import { z } from 'zod';
import { MAX_SCRIPT_BYTES, readTextFile } from '../files';
import { parseJsonText } from '../jsonParse';
import { kindForStatus, ProviderError, type ModelProvider, type ModelRequest, type ModelResponse } from './types';

export type ScriptReply = unknown;

export interface Script {
  readonly replies?: Record<string, readonly ScriptReply[]>;
  readonly match?: readonly { readonly agent: string; readonly input?: unknown; readonly reply: ScriptReply }[];
}

/** A reply computed per call (tests): return a script reply, or a promise of one. */
export type ScriptFunction = (req: ModelRequest) => ScriptReply | Promise<ScriptReply>;

const MatchEntry = z.looseObject({ agent: z.string().min(1, 'the agent is named'), input: z.unknown().optional(), reply: z.unknown() });
const ScriptFile = z.looseObject({
  replies: z.record(z.string(), z.array(z.unknown(), 'expected a list of replies')).optional(),
  match: z.array(MatchEntry, 'expected a list of { agent, input, reply }').optional(),
});

/** Where a script's value is wrong: `match.0.agent`, or `the script` for the whole of it. */
function at(path: readonly PropertyKey[]): string {
  return path.length ? path.map(String).join('.') : 'the script';
}

/**
 * Reads and checks a script file; throws an Error that names the file and the place in it
 * (`at match.1: "reply" is missing`). Keys starting with `$` (`$comment`, `$schema`) are
 * notes; any other key the format does not have is refused, so that a typo (`reply` for
 * `replies`) is not a script that silently answers nothing.
 */
export function loadScript(path: string): Script {
  let text: string;
  try {
    text = readTextFile(path, MAX_SCRIPT_BYTES);
  } catch (err) {
    throw new Error(`cannot read script ${path}: ${(err as Error).message}`, { cause: err });
  }
  const parsed = parseJsonText(text);
  if (!parsed.ok) throw new Error(`script ${path}:${parsed.line}:${parsed.column}: not JSON: ${parsed.message} (a script is JSON: { "replies": { "<agent>": [ … ] } })`);
  const json = parsed.value;
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new Error(`script ${path}: expected an object with "replies" and/or "match"`);
  const r = ScriptFile.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const key = issue.path.at(-1);
    // A required key that is absent: zod says "expected string, received undefined".
    if (issue.code === 'invalid_type' && / received undefined$/.test(issue.message) && key !== undefined) {
      throw new Error(`script ${path}: at ${at(issue.path.slice(0, -1))}: "${String(key)}" is missing`);
    }
    throw new Error(`script ${path}: at ${at(issue.path)}: ${issue.message}`);
  }
  const unknown = Object.keys(json).filter((k) => !k.startsWith('$') && k !== 'replies' && k !== 'match');
  if (unknown.length) throw new Error(`script ${path}: unknown key "${unknown[0]}" (a script has "replies" and "match"; notes go under keys that start with $)`);
  r.data.match?.forEach((m, i) => {
    const extra = Object.keys(m).find((k) => k !== 'agent' && k !== 'input' && k !== 'reply' && !k.startsWith('$'));
    if (extra) throw new Error(`script ${path}: at match.${i}: unknown key "${extra}" (an entry has "agent", "input" and "reply")`);
  });
  for (const [agent, list] of Object.entries(r.data.replies ?? {})) {
    list.forEach((reply, i) => {
      const problem = directiveProblem(reply);
      if (problem) throw new Error(`script ${path}: at replies.${agent}.${i}: ${problem}`);
    });
  }
  r.data.match?.forEach((m, i) => {
    const problem = directiveProblem(m.reply);
    if (problem) throw new Error(`script ${path}: at match.${i}.reply: ${problem}`);
  });
  return r.data as Script;
}

const KINDS = new Set(['rate_limit', 'server', 'timeout', 'connection', 'client', 'auth', 'truncated', 'refusal', 'cancelled', 'no_reply']);

/** What is wrong with a reply that is a directive (an object whose first key starts with `$`), or undefined. */
function directiveProblem(reply: unknown): string | undefined {
  if (!reply || typeof reply !== 'object' || Array.isArray(reply)) return undefined;
  const r = reply as Record<string, unknown>;
  const keys = Object.keys(r);
  if (!keys[0]?.startsWith('$')) return undefined;
  const which = ['$text', '$refusal', '$error'].filter((k) => k in r);
  if (which.length !== 1) return which.length === 0 ? `"${keys[0]}" is no reply directive (a reply starting with $ is { "$text": … }, { "$refusal": … } or { "$error": … }; an output whose first key starts with $ cannot be scripted)` : `a reply is one of ${which.join(', ')}, not several`;
  const extra = keys.find((k) => k !== which[0] && !(k === '$finish' && which[0] === '$text'));
  if (extra) return `"${extra}" does not go with ${which[0]}`;
  if ('$text' in r && typeof r['$text'] !== 'string') return '"$text" must be a string (the raw reply)';
  if ('$finish' in r && typeof r['$finish'] !== 'string') return '"$finish" must be a string such as "length"';
  if ('$refusal' in r && typeof r['$refusal'] !== 'string') return '"$refusal" must be a string (why the model refuses)';
  if ('$error' in r) {
    const e = r['$error'];
    if (!e || typeof e !== 'object' || Array.isArray(e)) return '"$error" must be an object such as { "status": 503, "retryAfter": 1 }';
    const { status, retryAfter, message, kind, ...rest } = e as Record<string, unknown>;
    const unknownKey = Object.keys(rest)[0];
    if (unknownKey !== undefined) return `"$error" has no "${unknownKey}" (it has status, retryAfter, message and kind)`;
    if (status !== undefined && !(Number.isInteger(status) && (status as number) >= 100 && (status as number) <= 599)) return `"$error".status must be an HTTP status from 100 to 599, not ${JSON.stringify(status)}`;
    if (retryAfter !== undefined && !(typeof retryAfter === 'number' && retryAfter >= 0)) return `"$error".retryAfter must be seconds (a number, 0 or more), not ${JSON.stringify(retryAfter)}`;
    if (message !== undefined && typeof message !== 'string') return '"$error".message must be a string';
    if (kind !== undefined && !(typeof kind === 'string' && KINDS.has(kind))) return `"$error".kind must be one of ${[...KINDS].join(', ')}, not ${JSON.stringify(kind)}`;
  }
  return undefined;
}

/** The agents a script answers for, in its order (to warn of names no definition has). */
export function scriptAgents(script: Script): string[] {
  return [...new Set([...Object.keys(script.replies ?? {}), ...(script.match ?? []).map((m) => m.agent)])];
}

/** True when `partial` is contained in `actual` (see the format above). */
export function containsPartial(actual: unknown, partial: unknown): boolean {
  if (partial && typeof partial === 'object' && !Array.isArray(partial)) {
    if (!actual || typeof actual !== 'object' || Array.isArray(actual)) return false;
    const a = actual as Record<string, unknown>;
    return Object.entries(partial as Record<string, unknown>).every(([k, v]) => containsPartial(a[k], v));
  }
  return JSON.stringify(actual) === JSON.stringify(partial);
}

export class ScriptedProvider implements ModelProvider {
  readonly name = 'scripted';
  /** Every request received, in order (a call-recording fake for tests). */
  readonly calls: ModelRequest[] = [];
  private readonly used = new Map<string, number>();

  constructor(private readonly script: Script | ScriptFunction) {}

  static fromFile(path: string): ScriptedProvider {
    return new ScriptedProvider(loadScript(path));
  }

  /** How many calls named this agent. */
  callsFor(agent: string): ModelRequest[] {
    return this.calls.filter((c) => c.agent === agent);
  }

  /** A script file answers from memory at once and does not read `req.signal`; a script function may wait, so its reply races the signal. */
  async complete(req: ModelRequest): Promise<ModelResponse> {
    this.calls.push(req);
    let reply: ScriptReply;
    if (typeof this.script === 'function') {
      const signal = req.signal;
      if (signal.aborted) throw new ProviderError('cancelled', 'cancelled before the request');
      reply = await raceAbort(Promise.resolve(this.script(req)), signal);
    } else {
      reply = this.pick(req);
    }
    return toResponse(reply, req);
  }

  private pick(req: ModelRequest): ScriptReply {
    const script = this.script as Script;
    for (const m of script.match ?? []) {
      if (m.agent === req.agent && (m.input === undefined || containsPartial(req.input, m.input))) return m.reply;
    }
    const list = script.replies?.[req.agent];
    if (!list || list.length === 0) {
      throw new ProviderError('no_reply', `the script has no reply for agent '${req.agent}'`, { retryable: false });
    }
    const i = this.used.get(req.agent) ?? 0;
    this.used.set(req.agent, i + 1);
    return list[Math.min(i, list.length - 1)];
  }
}

function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new ProviderError('cancelled', 'cancelled'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/** Turns one script reply into a response, or throws the fault it describes. */
export function toResponse(reply: ScriptReply, req: Pick<ModelRequest, 'model' | 'onChunk'>): ModelResponse {
  const model = req.model || 'scripted';
  if (reply && typeof reply === 'object' && !Array.isArray(reply)) {
    const first = Object.keys(reply)[0];
    if (first?.startsWith('$')) {
      const r = reply as Record<string, unknown>;
      if ('$error' in r) {
        const e = (r['$error'] ?? {}) as { status?: number; retryAfter?: number; message?: string; kind?: string };
        const status = e.status ?? 500;
        const kind = (e.kind as ReturnType<typeof kindForStatus> | undefined) ?? kindForStatus(status);
        throw new ProviderError(kind, e.message ?? `scripted error ${status}`, {
          status,
          retryAfterMs: e.retryAfter !== undefined ? e.retryAfter * 1000 : undefined,
        });
      }
      if ('$refusal' in r) return { text: '', finishReason: 'stop', refusal: String(r['$refusal']), model };
      if ('$text' in r) {
        const text = String(r['$text']);
        req.onChunk?.(text);
        return { text, finishReason: typeof r['$finish'] === 'string' ? r['$finish'] : 'stop', model };
      }
    }
  }
  const text = JSON.stringify(reply);
  req.onChunk?.(text);
  return { text, finishReason: 'stop', model };
}

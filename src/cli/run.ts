/**
 * `handoff run FILE [--workflow NAME | --agent NAME] [--input JSON | --input @FILE] [options]`:
 * runs one workflow or agent, prints its output as one line of JSON on stdout, progress on
 * stderr, and records the trace. Exit 0 done, 1 the run ended in error (or was cancelled),
 * 2 bad usage or definitions that do not check (the diagnostics are printed).
 *
 * Where openai agents go: `--base-url` sends every one of them there; without it an agent goes
 * to its model profile's `base_url`, else to `OPENAI_BASE_URL` or https://api.openai.com/v1.
 * The API key goes only to origins the user chose: https://api.openai.com, that default,
 * `--base-url`, and `--trust-origin`. A definition file cannot send the key elsewhere: its
 * other origins are called without it, with one warning on stderr for each.
 */
import { oneLine } from './oneLine';
import { randomBytes } from 'node:crypto';
import { accessSync, closeSync, constants, existsSync, openSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { agentsOfRun, checkpointPath, newRunId, profileBinding, readCheckpoint, runWorkflow } from '../core/engine';
import { traceFileName } from '../core/runs/history';
import type { ModelBinding } from '../core/engine/context';
import type { Program, ResolvedAgent } from '../core/model/program';
import { OpenAIProvider } from '../core/providers/openai';
import { ReplayProvider } from '../core/providers/replay';
import { loadScript, ScriptedProvider, scriptAgents } from '../core/providers/scripted';
import { didYouMean } from '../core/checker/suggest';
import type { ModelProvider } from '../core/providers/types';
import { baseUrlProblem, originOf, shownUrl } from '../core/runs/origins';
import type { TraceProcessor } from '../core/tracing/processor';
import { TraceFileWriter } from '../core/tracing/writer';
import { claimLock, fsReason, makeDirs, MAX_INPUT_BYTES, processAlive, readTextFile } from '../core/files';
import { parseJsonText } from '../core/jsonParse';
import { patternOf } from '../core/model/definition';
import { MAX_JSON_DEPTH, nestsDeeperThan, nonFiniteNumberAt } from '../core/schema/depth';
import { compileValidator } from '../core/schema/validator';
import { loadProgram } from './program';
import { stderrProgress } from './progress';
import { parseRunArgs, RUN_USAGE, RunUsageError, timeoutMs, type RunArgs } from './runArgs';

export interface RunCommandIO {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly signal?: AbortSignal;
  readonly loadProgram?: (file: string) => Program | Promise<Program>;
  /**
   * For tests: the URL agents go to when neither `--base-url` nor their profile names one
   * (default `OPENAI_BASE_URL` or https://api.openai.com/v1). Its origin is trusted with the key.
   */
  readonly defaultBaseUrl?: string;
}

const OPENAI_BASE_URL = 'https://api.openai.com/v1';
const OPENAI_ORIGIN = 'https://api.openai.com';
/** What the SDK is given as the key where the key is withheld: it insists on one. Not a secret. */
export const NO_KEY_PLACEHOLDER = 'no-key';

const processIO = (): RunCommandIO => ({
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  env: process.env,
  cwd: process.cwd(),
});

export async function runCommand(argv: string[], io: RunCommandIO = processIO()): Promise<number> {
  let args: RunArgs;
  try {
    args = parseRunArgs(argv);
  } catch (err) {
    if (err instanceof RunUsageError) {
      io.stderr(`handoff run: ${err.message}\n\n${RUN_USAGE}\n`);
      return 2;
    }
    throw err;
  }
  if (args.help) {
    io.stdout(`${RUN_USAGE}\n`);
    return 0;
  }
  // One line, whatever a name or a message holds (a file name, a server's words).
  const usage = (msg: string) => (io.stderr(`handoff run: ${oneLine(msg)}\n`), 2);
  const file = resolve(io.cwd, args.file);
  if (!existsSync(file)) return usage(`no such file: ${args.file}`);
  if (!statSync(file).isFile()) return usage(`${args.file} is not a definition file (${statSync(file).isDirectory() ? 'a folder' : 'not a regular file'})`);
  let program: Program;
  try {
    program = await (io.loadProgram ?? loadProgram)(file);
  } catch (err) {
    return usage(`cannot read ${args.file}: ${fsReason(err)}`);
  }
  const errors = program.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    for (const d of errors) io.stderr(`${oneLine(relative(io.cwd, d.range.file) || d.range.file)}:${d.range.start.line}:${d.range.start.column} ${d.severity} ${d.code} ${oneLine(d.message)}\n`);
    io.stderr(`handoff run: the definitions do not check (${errors.length} error${errors.length === 1 ? '' : 's'}); nothing was run\n`);
    return 2;
  }
  let workflow = args.workflow;
  if (!workflow && !args.agent && !args.resume) {
    const names = program.workflowNames(file);
    if (names.length !== 1) return usage(names.length ? `name a workflow with --workflow: ${names.join(', ')}` : 'this file has no workflow; name an agent with --agent');
    workflow = names[0];
  }
  if (workflow && !program.workflow(workflow, file)) {
    const names = program.workflowNames(file);
    return usage(`no workflow named '${workflow}'${didYouMean(workflow, names).text || `; there are: ${names.join(', ') || 'none'}`}`);
  }
  if (args.agent && !program.agent(args.agent, file)) {
    const names = program.agentNames(file);
    return usage(`no agent named '${args.agent}'${didYouMean(args.agent, names).text || `; there are: ${names.join(', ') || 'none'}`}`);
  }
  let input: unknown;
  if (args.input !== undefined) {
    const fromFile = args.input.startsWith('@') ? args.input.slice(1) : undefined;
    if (fromFile === '') return usage('--input @ needs a file name after the @ (--input @inputs/ticket.json)');
    let text: string;
    try {
      text = fromFile !== undefined ? readTextFile(resolve(io.cwd, fromFile), MAX_INPUT_BYTES) : args.input;
    } catch (err) {
      return usage(`--input: cannot read ${fromFile}: ${(err as NodeJS.ErrnoException).code ? fsReason(err) : (err as Error).message}`);
    }
    const parsed = parseJsonText(text);
    if (!parsed.ok) return usage(`--input ${fromFile !== undefined ? `${fromFile}:` : ''}${parsed.line}:${parsed.column}: not JSON: ${parsed.message}`);
    if (nestsDeeperThan(parsed.value)) return usage(`--input: ${fromFile ?? 'the value'} nests more than ${MAX_JSON_DEPTH} levels deep`);
    const huge = nonFiniteNumberAt(text, parsed.value);
    if (huge !== undefined) return usage(`--input${fromFile !== undefined ? ` ${fromFile}` : ''}: the number at ${huge || '/'} is too large for JSON (it would become null)`);
    input = parsed.value;
    // Input that breaks the target's input contract is bad usage, said before anything runs.
    const kind = workflow ? 'workflow' : 'agent';
    const target = workflow ? program.workflow(workflow, file) : args.agent ? program.agent(args.agent, file) : undefined;
    const contract = target?.input;
    if (contract) {
      const check = compileValidator(contract.schema)(input);
      if (!check.ok) {
        const first = check.errors.slice(0, 3).map((e) => `at ${e.path || '/'}: ${e.message}`).join('; ');
        return usage(`--input${fromFile !== undefined ? ` ${fromFile}` : ''} does not fit ${contract.name}@${contract.version}, the input contract of ${kind} '${workflow ?? args.agent}': ${first}${check.errors.length > 3 ? ` (and ${check.errors.length - 3} more)` : ''}`);
      }
    }
  } else if (!args.resume) return usage('give the input with --input JSON or --input @FILE');

  let name = workflow ?? args.agent ?? 'run';
  if (args.resume) {
    try {
      const cp = readCheckpoint(checkpointPath(io.cwd, args.resume), args.resume);
      if (resolve(io.cwd, cp.file) !== file) return usage(`--resume: run ${args.resume} is a run of ${relative(io.cwd, resolve(io.cwd, cp.file)) || cp.file}, not of ${args.file}`);
      // The run continues its own workflow: another named here would be silently ignored.
      if (args.agent !== undefined) return usage(`--resume: run ${args.resume} is a run of workflow '${cp.workflow}'; leave out --agent`);
      if (args.workflow !== undefined && args.workflow !== cp.workflow) return usage(`--resume: run ${args.resume} is a run of workflow '${cp.workflow}', not of '${args.workflow}'`);
      const wf = program.workflow(cp.workflow, file);
      if (!wf) return usage(`--resume: run ${args.resume} is a run of workflow '${cp.workflow}', which ${args.file} no longer defines`);
      if (patternOf(wf.def) !== 'plan') return usage(`--resume: workflow '${cp.workflow}' is no longer a plan workflow; only plan runs can be resumed`);
      // The run itself, or another resume of it, still going: both would make the same calls.
      const holder = lockHolder(`${checkpointPath(io.cwd, args.resume)}.lock`);
      if (holder !== undefined) return usage(`--resume: run ${args.resume} is still going (process ${holder}); resume it once it has ended`);
      name = cp.workflow;
    } catch (err) {
      return usage(`--resume: ${(err as Error).message}`);
    }
  }
  let models: { provider: ModelProvider; bind?: (agent: ResolvedAgent) => ModelBinding };
  try {
    models = makeProviders(args, file, io, () => agentsOfRun(program, file, args.resume ? name : workflow, workflow ? undefined : args.agent), () => program.agentNames(file), args.resume ? { workflow: name, allowEmpty: true } : workflow ? { workflow } : { agent: args.agent });
  } catch (err) {
    return usage((err as Error).message);
  }
  // The run id is made here, so that the default trace file is named after it, as the editor names its traces.
  const runId = args.resume ?? newRunId();
  const tracePath = args.trace
    ? resolve(io.cwd, args.trace)
    : join(io.cwd, '.handoff', 'runs', traceFileName({ kind: workflow || args.resume ? 'workflow' : 'agent', name }, new Date(), args.resume ? `${runId}-resumed-${randomBytes(2).toString('hex')}` : runId));
  // A trace file holds one run, and the run must not go unrecorded: refuse a path that holds
  // something already or cannot be written before anything runs.
  const traceRel = relative(io.cwd, tracePath);
  const traceName = traceRel && !traceRel.startsWith('..') ? traceRel : tracePath;
  // A plan run writes a checkpoint after each step: a folder it cannot write would fail the run after its first model calls.
  const planWf = args.resume ? program.workflow(name, file) : workflow ? program.workflow(workflow, file) : undefined;
  if (planWf && patternOf(planWf.def) === 'plan' && ((planWf.def as { checkpoint?: boolean }).checkpoint !== false || args.resume)) {
    const dir = dirname(checkpointPath(io.cwd, 'x'));
    try {
      makeDirs(dir);
      accessSync(dir, constants.W_OK);
    } catch (err) {
      return usage(`cannot write checkpoints to ${relative(io.cwd, dir) || dir}: ${fsReason(err)}`);
    }
  }
  const claim = claimTrace(tracePath);
  if (typeof claim === 'string') return usage(`--trace: ${traceName} ${claim}`);
  let writer: TraceFileWriter;
  try {
    writer = new TraceFileWriter(tracePath);
  } catch (err) {
    claim.release();
    return usage(`cannot write the trace ${traceName}: ${(err as Error).message}`);
  }
  const processors: TraceProcessor[] = [writer, stderrProgress(io.stderr)];
  const otlp = args.otlp ? (await import('../core/tracing/otlp')).otlpProcessor(args.otlp) : undefined;
  // The export waits for the output: the run's own flush (which awaits every processor) must
  // not wait for a slow endpoint, so the run sees a face of it that only takes the records.
  if (otlp) processors.push({ onRecord: (r) => otlp.onRecord(r), flush: async () => {}, shutdown: async () => {} });

  const stop = new AbortController();
  /** A signal after the run ended stops waiting for the OTLP export. */
  let cutExport = (): void => {};
  const exportCut = new Promise<void>((resolve) => (cutExport = resolve));
  let signalled = false;
  const onSigint = () => {
    // A second signal while the run winds down stops at once; the trace keeps every record
    // made so far (the writer writes what is queued on exit), without its run.end.
    if (signalled) {
      io.stderr('handoff run: stopped\n');
      process.exit(1);
    }
    signalled = true;
    io.stderr('handoff run: cancelling… (again to stop at once)\n');
    stop.abort();
    cutExport();
  };
  // Ctrl-C, and the SIGTERM that CI runners, `timeout` and `docker stop` send: the run is
  // cancelled and its trace ends with run.end, as on any cancellation.
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  if (!io.signal) for (const sig of signals) process.on(sig, onSigint);
  io.signal?.addEventListener('abort', () => stop.abort(), { once: true });
  try {
    const result = await runWorkflow({
      runId,
      program,
      file,
      workflow,
      agent: workflow ? undefined : args.agent,
      input,
      provider: models.provider,
      bind: models.bind,
      model: args.model,
      processors,
      signal: stop.signal,
      concurrency: args.concurrency,
      timeoutMs: args.timeout ? timeoutMs(args.timeout) : undefined,
      cwd: io.cwd,
      resume: args.resume,
    });
    await Promise.all(processors.map((p) => p.shutdown()));
    if (writer.error) io.stderr(`handoff run: the trace ${oneLine(traceName)} could not be written: ${fsReason(writer.error)}\n`);
    else io.stderr(`trace: ${oneLine(traceName)}  run: ${result.runId}\n`);
    if (result.status === 'ok') io.stdout(`${JSON.stringify(result.output ?? null)}\n`);
    else io.stderr(`handoff run: ${result.status === 'cancelled' ? 'cancelled' : `failed (${result.error?.kind}): ${oneLine(result.error?.message ?? '')}`}\n`);
    // The export last, once the result is out: a slow or dead endpoint delays only the exit
    // (at most the exporter's time limit), and Ctrl-C ends the wait.
    if (otlp) {
      let failed: string | undefined;
      // An export that times out rejects: a warning, never an internal error of the command.
      const sent = otlp.shutdown().then(
        () => true,
        (e: unknown) => ((failed = e instanceof Error ? e.message : String(e)), true),
      );
      if (!(await Promise.race([sent, exportCut.then(() => false)]))) {
        io.stderr(`handoff run: warning: the export to ${shownUrl(args.otlp!)} was cut short\n`);
        // The exporter's request (and its timer) would hold the process until its time limit.
        if (!io.signal) setImmediate(() => process.exit());
      } else if (otlp.error ?? failed) io.stderr(`handoff run: warning: the spans could not be exported to ${shownUrl(args.otlp!)}: ${oneLine(otlp.error ?? failed ?? '')}\n`);
    }
    // A run whose record is lost did not fully succeed: its output stands, the exit says what was lost.
    if (result.status === 'ok' && writer.error) {
      io.stderr('handoff run: the run ended ok, but its trace is incomplete: exit status 1\n');
      return 1;
    }
    return result.status === 'ok' ? 0 : 1;
  } finally {
    for (const sig of signals) process.off(sig, onSigint);
    claim.release();
  }
}

/**
 * Claims `path` for this run's trace, or says why it cannot have it: it holds a run already
 * (a trace file holds one run: an empty file, such as mktemp makes, is fine), it is a folder
 * or a device, it cannot be created, or another run is writing it. Two runs given the same
 * path at once would interleave their records, and a new trace stays empty for a moment
 * after it is created; so the claim is a lock beside it (`<path>.lock`, created exclusively,
 * holding the process id), released when the run ends. A lock left by a process that is
 * gone (killed) is taken over.
 */
function claimTrace(path: string): { release(): void } | string {
  const lock = `${path}.lock`;
  try {
    const st = statSync(path, { throwIfNoEntry: false });
    if (st?.isDirectory()) return 'is a folder; give a file path';
    if (st && !st.isFile()) return 'is not a regular file (a device or a pipe would not keep the trace); give a file path';
    if (st && st.size > 0) return 'exists already; a trace file holds one run: give a new path, or remove the file';
    makeDirs(dirname(path));
  } catch (err) {
    return `cannot be written: ${fsReason(err)}`;
  }
  let held: ReturnType<typeof claimLock>;
  try {
    held = claimLock(lock);
  } catch (err) {
    return `cannot be written: ${fsReason(err)}`;
  }
  if ('heldBy' in held) return `is being written by another run (process ${held.heldBy}); give a new path`;
  const { release } = held;
  try {
    // Another run may have written it between the look above and the lock.
    if ((statSync(path, { throwIfNoEntry: false })?.size ?? 0) > 0) {
      release();
      return 'exists already; a trace file holds one run: give a new path, or remove the file';
    }
    closeSync(openSync(path, 'a'));
  } catch (err) {
    release();
    return `cannot be written: ${fsReason(err)}`;
  }
  return { release };
}

/** The live process that holds a lock file, if one does. */
function lockHolder(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 && processAlive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

function makeProviders(args: RunArgs, file: string, io: RunCommandIO, agents: () => ResolvedAgent[], agentNames: () => string[], target: { workflow?: string; agent?: string; allowEmpty?: boolean }): { provider: ModelProvider; bind?: (agent: ResolvedAgent) => ModelBinding } {
  if (args.replay) {
    const provider = ReplayProvider.fromFile(resolve(io.cwd, args.replay), target);
    const d = provider.damaged;
    if (d.length > 0) io.stderr(`handoff run: warning: ${d.length} line${d.length === 1 ? '' : 's'} of ${oneLine(args.replay)} could not be read (line ${d.slice(0, 5).map((x) => x.line).join(', ')}${d.length > 5 ? ', …' : ''}); the answers recorded there are missing\n`);
    if (provider.tornTail) io.stderr(`handoff run: warning: the last line of ${oneLine(args.replay)} is cut short (the recorded run was stopped while writing it); what it recorded is missing\n`);
    return { provider };
  }
  if (args.provider === 'scripted') {
    const script = args.script ? resolve(io.cwd, args.script) : join(dirname(file), `${file.replace(/^.*[\\/]/, '').replace(/\.agents\.ya?ml$/, '')}.script.json`);
    if (!existsSync(script)) throw new Error(`no script for the scripted provider: ${relative(io.cwd, script)} does not exist (give one with --script FILE)`);
    const loaded = loadScript(script);
    const known = new Set(agentNames());
    for (const name of scriptAgents(loaded).filter((a) => !known.has(a))) {
      io.stderr(`handoff run: warning: ${oneLine(`${relative(io.cwd, script)} answers agent '${name}', which ${relative(io.cwd, file)} does not define${didYouMean(name, known).text}`)}\n`);
    }
    return { provider: new ScriptedProvider(loaded) };
  }
  const routes = new OpenAIRoutes(args, io);
  // Every agent the run can reach gets its provider now, so a bad base_url or a missing key
  // is a usage error before anything runs; bind() makes any other on first use, by the same rules.
  for (const agent of agents()) routes.provider(agent);
  routes.warn();
  return {
    provider: { name: 'openai', complete: () => Promise.reject(new Error('handoff run binds every agent itself')) },
    bind: (agent) => {
      const provider = routes.provider(agent);
      routes.warn();
      return profileBinding(agent, provider, args.model);
    },
  };
}

/** Where an agent's calls go, and whether the API key goes with them. */
interface Route {
  readonly url: string;
  readonly origin: string;
  readonly sendKey: boolean;
  /** The profile whose base_url chose the URL, when one did. */
  readonly profile?: string;
}

/** The OpenAI providers of a run: one per distinct URL, each with the key or without it. */
class OpenAIRoutes {
  private readonly key: string | undefined;
  private readonly defaultUrl: string;
  private readonly defaultOrigin: string | undefined;
  /** Origins the user chose, which may receive the key. */
  private readonly trusted: ReadonlySet<string>;
  private readonly made = new Map<string, ModelProvider>();
  /** Untrusted origins called without the key, with the profiles that named them. */
  private readonly withheld = new Map<string, Set<string>>();
  private readonly warned = new Set<string>();

  constructor(
    private readonly args: RunArgs,
    private readonly io: RunCommandIO,
  ) {
    this.key = io.env[args.apiKeyEnv] || undefined;
    // OPENAI_BASE_URL is what the openai SDK itself falls back to: set by the user, like the key.
    this.defaultUrl = io.defaultBaseUrl ?? (io.env['OPENAI_BASE_URL'] || OPENAI_BASE_URL);
    this.defaultOrigin = originOf(this.defaultUrl);
    this.trusted = new Set([OPENAI_ORIGIN, ...(this.defaultOrigin ? [this.defaultOrigin] : []), ...args.trustOrigins]);
  }

  route(agent: ResolvedAgent): Route {
    if (this.args.baseUrl) return { url: this.args.baseUrl, origin: originOf(this.args.baseUrl) ?? '', sendKey: true };
    const profile = agent.model;
    const openai = profile?.provider === undefined || profile.provider === 'openai';
    // Another provider would silently become OpenAI's: say which this command has instead.
    if (!openai && profile) {
      const where = profile.provider === 'vscode-lm' ? 'runs in VS Code only' : 'is not one that handoff run has (it has openai)';
      throw new Error(`model profile '${profile.name}' (of agent '${agent.name}') names provider '${profile.provider}', which ${where}; answer every agent from a script with --provider scripted, or from a recorded run with --replay TRACE`);
    }
    if (openai && profile?.base_url !== undefined) {
      const origin = originOf(profile.base_url);
      const problem = baseUrlProblem(profile.base_url);
      if (!origin || problem) throw new Error(`model profile '${profile.name}' (of agent '${agent.name}'): base_url ${shownUrl(profile.base_url)} ${problem ?? 'is not an http(s) URL'}`);
      return { url: profile.base_url.trim(), origin, sendKey: this.trusted.has(origin), profile: profile.name };
    }
    const defaultProblem = baseUrlProblem(this.defaultUrl);
    if (!this.defaultOrigin || defaultProblem) throw new Error(`OPENAI_BASE_URL ${shownUrl(this.defaultUrl)} ${defaultProblem ?? 'is not an http(s) URL'}`);
    return { url: this.defaultUrl, origin: this.defaultOrigin, sendKey: true };
  }

  /** The provider for an agent, made on first use. Throws an Error a person can act on. */
  provider(agent: ResolvedAgent): ModelProvider {
    const r = this.route(agent);
    if (r.sendKey && !this.key && (r.origin === OPENAI_ORIGIN || (!this.args.baseUrl && r.profile === undefined))) {
      throw new Error(`no API key for agent '${agent.name}', which goes to ${r.origin}: set ${this.args.apiKeyEnv} (or name another variable with --api-key-env), or run without a network with --provider scripted or --replay TRACE`);
    }
    if (!r.sendKey) {
      let profiles = this.withheld.get(r.origin);
      if (!profiles) this.withheld.set(r.origin, (profiles = new Set()));
      if (r.profile) profiles.add(r.profile);
    }
    let p = this.made.get(r.url);
    if (!p) this.made.set(r.url, (p = new OpenAIProvider({ apiKey: (r.sendKey && this.key) || NO_KEY_PLACEHOLDER, baseURL: r.url, accountHeaders: r.sendKey })));
    return p;
  }

  /** One line on stderr for each untrusted origin not yet reported. */
  warn(): void {
    for (const [origin, profiles] of this.withheld) {
      if (this.warned.has(origin)) continue;
      this.warned.add(origin);
      const names = [...profiles].map((n) => `'${n}'`).join(', ');
      this.io.stderr(`handoff run: the API key in ${this.args.apiKeyEnv} is withheld from ${origin} (the base_url of model profile ${names}), which a definition chose; calls go there without it. To send it, add --trust-origin ${origin}\n`);
    }
  }
}

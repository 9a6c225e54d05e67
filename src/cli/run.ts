/**
 * `handoff run FILE [--workflow NAME | --agent NAME] [--input JSON | --input @FILE] [options]`:
 * runs one workflow or agent, prints its output as one line of JSON on stdout, progress on
 * stderr, and records the trace. Exit 0 done, 1 the run ended in error (or was cancelled),
 * 2 bad usage or definitions that do not check (the diagnostics are printed).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { checkpointPath, readCheckpoint, runWorkflow } from '../core/engine';
import { durationMs } from '../core/model/definition';
import type { Program } from '../core/model/program';
import { OpenAIProvider } from '../core/providers/openai';
import { ReplayProvider } from '../core/providers/replay';
import { ScriptedProvider } from '../core/providers/scripted';
import type { ModelProvider } from '../core/providers/types';
import type { TraceProcessor } from '../core/tracing/processor';
import { TraceFileWriter } from '../core/tracing/writer';
import { loadProgram } from './program';
import { stderrProgress } from './progress';
import { parseRunArgs, RUN_USAGE, RunUsageError, type RunArgs } from './runArgs';

export interface RunCommandIO {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly signal?: AbortSignal;
  readonly loadProgram?: (file: string) => Program | Promise<Program>;
}

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
  const usage = (msg: string) => (io.stderr(`handoff run: ${msg}\n`), 2);
  const file = resolve(io.cwd, args.file);
  if (!existsSync(file)) return usage(`no such file: ${args.file}`);
  let program: Program;
  try {
    program = await (io.loadProgram ?? loadProgram)(file);
  } catch (err) {
    return usage(`cannot load ${args.file}: ${(err as Error).message}`);
  }
  const errors = program.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    for (const d of errors) io.stderr(`${relative(io.cwd, d.range.file) || d.range.file}:${d.range.start.line}:${d.range.start.column} ${d.severity} ${d.code} ${d.message}\n`);
    io.stderr(`handoff run: the definitions do not check (${errors.length} error${errors.length === 1 ? '' : 's'}); nothing was run\n`);
    return 2;
  }
  let workflow = args.workflow;
  if (!workflow && !args.agent && !args.resume) {
    const names = program.workflowNames(file);
    if (names.length !== 1) return usage(names.length ? `name a workflow with --workflow: ${names.join(', ')}` : 'this file has no workflow; name an agent with --agent');
    workflow = names[0];
  }
  if (workflow && !program.workflow(workflow, file)) return usage(`no workflow named '${workflow}'; there are: ${program.workflowNames(file).join(', ') || 'none'}`);
  if (args.agent && !program.agent(args.agent, file)) return usage(`no agent named '${args.agent}'; there are: ${program.agentNames(file).join(', ') || 'none'}`);
  let input: unknown;
  if (args.input !== undefined) {
    try {
      input = JSON.parse(args.input.startsWith('@') ? readFileSync(resolve(io.cwd, args.input.slice(1)), 'utf8') : args.input);
    } catch (err) {
      return usage(`--input: ${(err as Error).message}`);
    }
  } else if (!args.resume) return usage('give the input with --input JSON or --input @FILE');

  let provider: ModelProvider;
  try {
    provider = makeProvider(args, file, io);
  } catch (err) {
    return usage((err as Error).message);
  }
  let name = workflow ?? args.agent ?? 'run';
  if (args.resume) {
    try {
      name = readCheckpoint(checkpointPath(io.cwd, args.resume)).workflow;
    } catch (err) {
      return usage(`--resume: ${(err as Error).message}`);
    }
  }
  const tracePath = args.trace
    ? resolve(io.cwd, args.trace)
    : join(io.cwd, '.handoff', 'runs', `${name}-${new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}.trace.jsonl`);
  const writer = new TraceFileWriter(tracePath);
  const processors: TraceProcessor[] = [writer, stderrProgress(io.stderr)];
  if (args.otlp) processors.push((await import('../core/tracing/otlp')).otlpProcessor(args.otlp));

  const stop = new AbortController();
  const onSigint = () => {
    io.stderr('handoff run: cancelling…\n');
    stop.abort();
  };
  if (!io.signal) process.once('SIGINT', onSigint);
  io.signal?.addEventListener('abort', () => stop.abort(), { once: true });
  try {
    const result = await runWorkflow({
      program,
      file,
      workflow,
      agent: workflow ? undefined : args.agent,
      input,
      provider,
      model: args.model,
      processors,
      signal: stop.signal,
      concurrency: args.concurrency,
      timeoutMs: args.timeout ? durationMs(/^\d+(\.\d+)?$/.test(args.timeout) ? Number(args.timeout) : args.timeout) : undefined,
      cwd: io.cwd,
      resume: args.resume,
    });
    await Promise.all(processors.map((p) => p.shutdown()));
    io.stderr(`trace: ${relative(io.cwd, tracePath)}  run: ${result.runId}\n`);
    if (result.status === 'ok') {
      io.stdout(`${JSON.stringify(result.output ?? null)}\n`);
      return 0;
    }
    io.stderr(`handoff run: ${result.status === 'cancelled' ? 'cancelled' : `failed (${result.error?.kind}): ${result.error?.message}`}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

function makeProvider(args: RunArgs, file: string, io: RunCommandIO): ModelProvider {
  if (args.replay) return ReplayProvider.fromFile(resolve(io.cwd, args.replay));
  if (args.provider === 'scripted') {
    const script = args.script ? resolve(io.cwd, args.script) : join(dirname(file), `${file.replace(/^.*[\\/]/, '').replace(/\.agents\.ya?ml$/, '')}.script.json`);
    if (!existsSync(script)) throw new Error(`no script for the scripted provider: ${relative(io.cwd, script)} does not exist (give one with --script FILE)`);
    return ScriptedProvider.fromFile(script);
  }
  const key = io.env[args.apiKeyEnv];
  if (!key && !args.baseUrl) {
    throw new Error(`no API key: set ${args.apiKeyEnv} (or name another variable with --api-key-env), or run without a network with --provider scripted or --replay TRACE`);
  }
  return new OpenAIProvider({ apiKey: key || 'none', baseURL: args.baseUrl });
}

/**
 * `runWorkflow`: runs one workflow (or one agent) of a checked program and records it.
 * The input is checked against the input contract first; the run ends in exactly one of
 * `ok`, `error` or `cancelled`, recorded as the `run.end` line, after every span has ended.
 */
import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { dirname } from 'node:path';
import { claimLock, fsReason, makeDirs } from '../files';
import type { Program, ResolvedAgent } from '../model/program';
import type { ModelProvider } from '../providers/types';
import type { TraceProcessor } from '../tracing/processor';
import type { TraceError } from '../tracing/records';
import { Tracer } from '../tracing/tracer';
import { HANDOFF_VERSION } from '../version';
import { callAgent } from './agentCall';
import { checkpointPath, readCheckpoint, writeCheckpoint, type Checkpoint } from './checkpoint';
import type { EngineContext, ModelBinding } from './context';
import { CancelledError, isCancelled, RunError, toTraceError } from './errors';
import { Semaphore } from './semaphore';
import { defaultTiming, type Timing } from './timing';
import { findWorkflow, runWorkflowNode } from './workflow';
import { patternOf, type PlanWorkflow } from '../model/definition';

export interface RunOptions {
  readonly program: Program;
  /** The definition file (absolute path) whose names the run sees. */
  readonly file: string;
  readonly workflow?: string;
  readonly agent?: string;
  readonly input?: unknown;
  /** Answers every call whose model profile names no provider found in `providers`. */
  readonly provider: ModelProvider;
  /** Providers by the name a model profile gives (`provider: openai`). */
  readonly providers?: Readonly<Record<string, ModelProvider>>;
  /** The model for profiles that name none. */
  readonly model?: string;
  /** Or bind agents to providers yourself. */
  readonly bind?: (agent: ResolvedAgent) => ModelBinding;
  readonly processors?: readonly TraceProcessor[];
  readonly signal?: AbortSignal;
  /** The run's time limit in ms: when it runs out the run ends in error (kind `deadline`). */
  readonly timeoutMs?: number;
  /** Graph steps at once; default 4. */
  readonly concurrency?: number;
  /** Where `.handoff/checkpoints/` lives; default process.cwd(). */
  readonly cwd?: string;
  readonly runId?: string;
  /** Continue a plan run from its checkpoint (the workflow and input come from it). */
  readonly resume?: string;
  readonly timing?: Partial<Timing>;
  readonly onChunk?: (agent: string, text: string) => void;
}

export interface RunResult {
  readonly runId: string;
  readonly status: 'ok' | 'error' | 'cancelled';
  readonly output?: unknown;
  readonly error?: TraceError;
}

export function newRunId(): string {
  return `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

export async function runWorkflow(opts: RunOptions): Promise<RunResult> {
  const cwd = opts.cwd ?? process.cwd();
  let resume: Checkpoint | undefined;
  let runId = opts.runId ?? newRunId();
  let workflow = opts.workflow;
  let input = opts.input;
  const tracer = new Tracer(opts.processors ?? []);
  const stop = new AbortController();
  setMaxListeners(0, stop.signal); // every in-flight call listens to it
  const onAbort = () => stop.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.signal?.aborted) stop.abort();
  let deadlineHit = false;
  const deadline = opts.timeoutMs !== undefined ? setTimeout(() => ((deadlineHit = true), stop.abort()), opts.timeoutMs) : undefined;
  const deadlineAt = opts.timeoutMs !== undefined ? performance.now() + opts.timeoutMs : undefined;
  const overDeadline =
    deadlineAt === undefined
      ? undefined
      : (): boolean => {
          if (performance.now() < deadlineAt) return false;
          deadlineHit = true;
          stop.abort();
          return true;
        };
  const finish = async (result: RunResult): Promise<RunResult> => {
    if (deadline) clearTimeout(deadline);
    opts.signal?.removeEventListener('abort', onAbort);
    tracer.endRun(result.status, result);
    await tracer.flush();
    return result;
  };
  try {
    if (opts.resume) {
      resume = readCheckpoint(checkpointPath(cwd, opts.resume), opts.resume);
      runId = resume.runId;
      workflow = resume.workflow;
      input = resume.input;
    }
  } catch (err) {
    tracer.startRun({ runId, workflow, agent: opts.agent, file: opts.file, startedAt: new Date().toISOString(), input, handoffVersion: HANDOFF_VERSION });
    return finish({ runId, status: 'error', error: toTraceError(err) });
  }
  tracer.startRun({ runId, workflow, agent: workflow ? undefined : opts.agent, file: opts.file, startedAt: new Date().toISOString(), input, handoffVersion: HANDOFF_VERSION });
  const bindings = new Map<ResolvedAgent, ModelBinding>();
  const bind = opts.bind ?? ((agent: ResolvedAgent) => defaultBind(agent, opts));
  const ctx: EngineContext = {
    program: memoProgram(opts.program),
    tracer,
    signal: stop.signal,
    stepSlots: new Semaphore(Math.max(1, opts.concurrency ?? 4)),
    timing: { ...defaultTiming, ...opts.timing },
    runId,
    bind: (agent) => {
      let b = bindings.get(agent);
      if (!b) bindings.set(agent, (b = bind(agent)));
      return b;
    },
    onChunk: opts.onChunk,
    overDeadline,
  };
  try {
    let output: unknown;
    if (workflow) {
      const wf = findWorkflow(ctx, workflow, opts.file);
      let run = ctx;
      // `checkpoint: false` writes none; a checkpoint written before is still resumed.
      let lock: { release(): void } | undefined;
      if (patternOf(wf.def) === 'plan' && ((wf.def as PlanWorkflow).checkpoint || resume)) {
        const path = checkpointPath(cwd, runId);
        // One run at a time writes a checkpoint: a resume while the run (or another resume of
        // it) still goes would repeat its steps and their model calls, and the last writer
        // would take the checkpoint back.
        lock = claimCheckpoint(path, runId);
        const state: Checkpoint = resume ?? { version: 1, runId, file: opts.file, workflow, input, done: [], status: 'running' };
        state.status = 'running';
        run = { ...ctx, checkpoint: { path, state } };
      } else if (resume) {
        throw new RunError('checkpoint', `workflow '${workflow}' is not a plan workflow; only plan runs can be resumed`);
      }
      let finished = false;
      try {
        output = await runWorkflowNode(run, wf, input, undefined);
        finished = true;
      } finally {
        try {
          if (run.checkpoint) {
            run.checkpoint.state.status = finished ? 'ok' : stop.signal.aborted ? 'cancelled' : 'error';
            writeCheckpoint(run.checkpoint.path, run.checkpoint.state);
          }
        } finally {
          lock?.release();
        }
      }
    } else if (opts.agent) {
      const agent = opts.program.agent(opts.agent, opts.file);
      if (!agent) throw new RunError('definition', `no agent named '${opts.agent}' is visible from ${opts.file}`);
      output = await callAgent(ctx, agent, input, undefined);
    } else {
      throw new RunError('definition', 'name a workflow or an agent to run');
    }
    if (stop.signal.aborted || overDeadline?.()) throw new CancelledError();
    return await finish({ runId, status: 'ok', output });
  } catch (err) {
    if (deadlineHit) return finish({ runId, status: 'error', error: { message: `the run did not finish within its time limit (${opts.timeoutMs} ms)`, kind: 'deadline' } });
    if (isCancelled(err) || stop.signal.aborted) return finish({ runId, status: 'cancelled', error: { message: 'the run was cancelled', kind: 'cancelled' } });
    return finish({ runId, status: 'error', error: toTraceError(err) });
  }
}

/** The lock of a checkpoint (`<path>.lock`), or a RunError saying which process holds it. */
function claimCheckpoint(path: string, runId: string): { release(): void } {
  let held: ReturnType<typeof claimLock>;
  try {
    makeDirs(dirname(path));
    held = claimLock(`${path}.lock`);
  } catch (err) {
    throw new RunError('checkpoint', `cannot write the checkpoint ${path}: ${fsReason(err)}`);
  }
  if ('heldBy' in held) throw new RunError('checkpoint', `run ${runId} is still going (process ${held.heldBy}${held.heldBy === process.pid ? ', this one' : ''}): its checkpoint is in use; resume it once it has ended`);
  return held;
}

function defaultBind(agent: ResolvedAgent, opts: RunOptions): ModelBinding {
  const profile = agent.model;
  return profileBinding(agent, (profile?.provider && opts.providers?.[profile.provider]) || opts.provider, opts.model);
}

/** An agent's calls bound to `provider`: its model profile's model and settings (the model `model`, else `default`, when the profile names none). */
export function profileBinding(agent: ResolvedAgent, provider: ModelProvider, model?: string): ModelBinding {
  const profile = agent.model;
  return {
    provider,
    model: profile?.model ?? model ?? 'default',
    temperature: profile?.temperature,
    maxTokens: profile?.max_tokens,
  };
}

/** The program's lookups, remembered for the run (the program does not change during it). */
function memoProgram(p: Program): Program {
  const memo = <T>(f: (name: string, from: string) => T) => {
    const m = new Map<string, T>();
    return (name: string, from: string): T => {
      const key = `${from}\u0000${name}`;
      let v = m.get(key);
      if (v === undefined && !m.has(key)) m.set(key, (v = f(name, from)));
      return v as T;
    };
  };
  return {
    files: p.files,
    diagnostics: p.diagnostics,
    contract: memo((n, f) => p.contract(n, f)),
    agent: memo((n, f) => p.agent(n, f)),
    workflow: memo((n, f) => p.workflow(n, f)),
    agentNames: (f) => p.agentNames(f),
    workflowNames: (f) => p.workflowNames(f),
    contractNames: (f) => p.contractNames(f),
  };
}

/**
 * The recorded runs of a workflow: the `*.trace.jsonl` files in the trace directory whose
 * `run` record names it (the same kind of target, of the same definition file when one is
 * given), newest last, with their metrics, anomaly findings (each run against the runs before
 * it) and the agents' reliability. Also used for the workflow's CodeLens.
 *
 * Every trace of the directories is looked at, whatever other runs wrote since: its first
 * record (the `run` record, a line or two read) says whose run it holds. Only the newest
 * MAX_RUNS runs of the target are read whole, a few at once, into a few numbers (their metrics
 * and their agents' outcomes), not kept as whole trace models. Both are read once while the
 * file keeps its size and time.
 */
import { createReadStream } from 'node:fs';
import { dirname, isAbsolute, normalize, resolve } from 'node:path';
import * as vscode from 'vscode';
import { TraceParser, parseTrace } from '../../core/tracing/reader';
import type { RunRecord, TraceRecord } from '../../core/tracing/records';
import {
  TraceModel,
  agentOutcomes,
  compoundEstimate,
  detectAnomalies,
  formatReliability,
  liveRuns,
  runMetrics,
  sumOutcomes,
  type AgentReliability,
  type Outcomes,
  type PlanStep,
  type RunMetrics,
  parseTraceText,
} from '../../core/traceview';
import type { HistoryRun, ToWebview } from '../../shared/protocol';
import { runTraceDirs } from '../run/history';

const MAX_RUNS = 50;
/** The trace files whose `run` record is remembered (a few strings each). */
const MAX_HEADS = 20_000;
/** The files read at once: their first lines to pick a target's runs, then those runs whole. */
const READ_CONCURRENCY = 4;
/** The files stat'ed at once in a directory. */
const STAT_CONCURRENCY = 32;
/** How much of a trace is read at a time while looking for its `run` record. */
const HEAD_CHUNK = 64 * 1024;

export async function readRecords(uri: vscode.Uri): Promise<TraceRecord[]> {
  const bytes = await vscode.workspace.fs.readFile(uri);
  return parseTrace(new TextDecoder().decode(bytes)).records;
}

/**
 * The trace directories to look in: the setting under each workspace folder, the folders the
 * runs of this window wrote to (beside the definition file when no folder is open), and `extra`.
 */
export function traceDirectories(extra?: vscode.Uri): vscode.Uri[] {
  // Each folder's own setting (it is resource-scoped): an absolute one names that folder, a relative one is under the workspace folder.
  const dirs: vscode.Uri[] = [];
  for (const f of vscode.workspace.workspaceFolders ?? []) {
    const rel = vscode.workspace.getConfiguration('handoff', f.uri).get<string>('traceDirectory', '.handoff/runs');
    const d = isAbsolute(rel) ? vscode.Uri.file(rel) : vscode.Uri.joinPath(f.uri, rel);
    if (!dirs.some((known) => known.toString() === d.toString())) dirs.push(d);
  }
  for (const d of [...runTraceDirs().map((p) => vscode.Uri.file(p)), ...(extra ? [extra] : [])]) {
    if (!dirs.some((known) => known.toString() === d.toString())) dirs.push(d);
  }
  return dirs;
}

interface TraceFile {
  uri: vscode.Uri;
  mtime: number;
  size: number;
}

/** Every trace file of the directories (however many, whoever wrote them). */
/** The trace files listed once, for several questions in a row (the CodeLens of each workflow of a file). */
export type TraceListing = Promise<TraceFile[]>;

/** Lists the trace directories' files now; pass the result to `workflowReliability` for each workflow of a file. */
export function listTraceFiles(): TraceListing {
  return traceFiles(traceDirectories());
}

async function traceFiles(dirs: vscode.Uri[]): Promise<TraceFile[]> {
  const lists = await Promise.all(
    dirs.map(async (dir) => {
      let entries: [string, vscode.FileType][];
      try {
        entries = await vscode.workspace.fs.readDirectory(dir);
      } catch {
        return [];
      }
      const files = entries.filter(([name, type]) => type === vscode.FileType.File && name.endsWith('.trace.jsonl'));
      const stamped = await mapLimited(files, STAT_CONCURRENCY, async ([name]): Promise<TraceFile | undefined> => {
        const uri = vscode.Uri.joinPath(dir, name);
        try {
          const stat = await vscode.workspace.fs.stat(uri);
          return { uri, mtime: stat.mtime, size: stat.size };
        } catch {
          return undefined; // deleted since the listing
        }
      });
      return stamped.filter((f) => f !== undefined);
    }),
  );
  return lists.flat();
}

/** `fn` of each item, at most `limit` at once, in the items' order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** What the history and the reliability need of one recorded run. */
export interface LoadedRun {
  readonly uri: vscode.Uri;
  readonly run: RunHead;
  readonly status: 'ok' | 'error' | 'cancelled' | 'running';
  readonly metrics: RunMetrics;
  /** How each agent's calls ended in this run. */
  readonly outcomes: ReadonlyMap<string, Outcomes>;
}

/** What a trace's `run` record says of the run: enough to pick the runs of a target and order them. */
type RunHead = Pick<RunRecord, 'runId' | 'workflow' | 'agent' | 'file' | 'startedAt'>;

/** The runs to list: of a workflow or an agent, of one definition file (absolute path) when given. */
export interface HistoryTarget {
  readonly kind: 'workflow' | 'agent';
  readonly name: string;
  readonly file?: string;
}

function headOf(first: TraceRecord | undefined): RunHead | undefined {
  if (first?.type !== 'run') return undefined;
  const { runId, workflow, agent, file, startedAt } = first;
  return { runId, workflow, agent, file, startedAt };
}

/** The compact form of a trace's records; undefined when they do not start with a `run` record. */
export function compactRun(uri: vscode.Uri, records: readonly TraceRecord[]): LoadedRun | undefined {
  const run = headOf(records[0]);
  if (!run) return undefined;
  const model = TraceModel.from(records);
  return { uri, run, status: model.runEnd?.status ?? 'running', metrics: runMetrics(model), outcomes: agentOutcomes(model) };
}

/**
 * The `run` record a trace starts with (its first record, as `compactRun` takes it), reading
 * the file only up to that record: a line or two, not the whole trace. A file not on a local
 * disk is read whole.
 */
async function readHead(uri: vscode.Uri): Promise<RunHead | undefined> {
  if (uri.scheme !== 'file') return headOf((await readRecords(uri))[0]);
  const parser = new TraceParser();
  const stream = createReadStream(uri.fsPath, { highWaterMark: HEAD_CHUNK });
  let pending: Buffer[] = [];
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let from = 0;
      for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, from)) {
        pending.push(chunk.subarray(from, nl));
        parser.line(new TextDecoder().decode(Buffer.concat(pending)));
        pending = [];
        from = nl + 1;
        const first = parser.numbered()[0];
        if (first) return headOf(first.record);
      }
      if (from < chunk.length) pending.push(chunk.subarray(from));
    }
  } finally {
    stream.destroy();
  }
  if (pending.length) parser.line(new TextDecoder().decode(Buffer.concat(pending)), true);
  return headOf(parser.numbered()[0]?.record);
}

/** A file's entry in a cache, valid while its size and mtime are those it was read at. */
interface Stamped<T> {
  mtime: number;
  size: number;
  value: T;
}

/** A cache by trace URI of what was read of each file, the least recently used dropped beyond `max`. */
class FileCache<T> {
  private readonly entries = new Map<string, Stamped<T>>();
  constructor(private readonly max: number) {}

  get(f: TraceFile): Stamped<T> | undefined {
    const key = f.uri.toString();
    const entry = this.entries.get(key);
    if (!entry || entry.mtime !== f.mtime || entry.size !== f.size) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  set(f: TraceFile, value: T): void {
    const key = f.uri.toString();
    this.entries.delete(key);
    this.entries.set(key, { mtime: f.mtime, size: f.size, value });
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }
}

/** Runs read before (their compact form), kept while the file's size and mtime are unchanged. */
const cache = new FileCache<LoadedRun | undefined>(MAX_RUNS * 8);
/** Each trace's `run` record (a few strings), kept while the file's size and mtime are unchanged. */
const heads = new FileCache<RunHead | undefined>(MAX_HEADS);

/** The root a definition file's relative path in a trace is taken from (as the run history takes it). */
function rootOf(file: string): string {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file)) ?? vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.fsPath ?? dirname(file);
}

function matches(run: RunHead, target: string | HistoryTarget): boolean {
  if (typeof target === 'string') return (run.workflow ?? run.agent) === target;
  const kind = run.agent !== undefined && run.workflow === undefined ? 'agent' : 'workflow';
  if (kind !== target.kind || (run.workflow ?? run.agent) !== target.name) return false;
  if (target.file === undefined) return true;
  const recorded = isAbsolute(run.file) ? run.file : resolve(rootOf(target.file), run.file);
  return normalize(recorded) === normalize(target.file);
}

/**
 * The recorded runs of a target, oldest first (at most the newest MAX_RUNS). A name alone
 * matches any workflow or agent of that name; a `HistoryTarget` only the runs of its kind
 * (and of its definition file). Every trace file's first record says which run it holds, so
 * the runs of the target are found however many traces other runs wrote since; only those
 * listed are read whole, a few at once.
 */
export async function loadRuns(target: string | HistoryTarget, dirs: vscode.Uri[] | TraceListing): Promise<LoadedRun[]> {
  const files = await (Array.isArray(dirs) ? traceFiles(dirs) : dirs);
  const picked = await mapLimited(files, READ_CONCURRENCY, async (f): Promise<{ f: TraceFile; head: RunHead } | undefined> => {
    let head: RunHead | undefined;
    const known = heads.get(f);
    if (known) head = known.value;
    else {
      try {
        head = await readHead(f.uri);
      } catch {
        return undefined; // unreadable (or deleted since the listing): not cached, tried again next time
      }
      heads.set(f, head);
    }
    return head && matches(head, target) ? { f, head } : undefined;
  });
  const newest = picked
    .filter((p) => p !== undefined)
    .sort((a, b) => a.head.startedAt.localeCompare(b.head.startedAt))
    .slice(-MAX_RUNS);
  const loaded = await mapLimited(newest, READ_CONCURRENCY, async ({ f }): Promise<LoadedRun | undefined> => {
    const known = cache.get(f);
    if (known) return known.value;
    let records: TraceRecord[];
    try {
      // The fast reader of the trace view (the records the zod schemas would give, without
      // joining them into spans): the history needs only the model's metrics and outcomes.
      records = parseTraceText(new TextDecoder().decode(await vscode.workspace.fs.readFile(f.uri))).records;
    } catch {
      return undefined;
    }
    const run = compactRun(f.uri, records);
    cache.set(f, run);
    return run;
  });
  const runs = loaded.filter((r): r is LoadedRun => r !== undefined && matches(r.run, target));
  runs.sort((a, b) => a.run.startedAt.localeCompare(b.run.startedAt));
  return runs;
}

/** Each agent's outcomes summed over the runs (what `agentReliability` gives for whole trace models). */
export function reliabilityOf(runs: readonly LoadedRun[]): AgentReliability[] {
  return sumOutcomes(runs.map((r) => r.outcomes));
}

export function historyMessage(workflow: string, runs: LoadedRun[], plan?: PlanStep[], inReplyTo?: number): ToWebview {
  const metrics: RunMetrics[] = runs.map((r) => r.metrics);
  const list: HistoryRun[] = runs.map((r, i) => ({
    source: r.uri.toString(),
    runId: r.run.runId,
    startedAt: r.run.startedAt,
    status: r.status,
    latencyMs: metrics[i]!.latencyMs,
    tokens: metrics[i]!.tokens,
    violations: metrics[i]!.violations,
    ...(metrics[i]!.replay ? { replay: metrics[i]!.replay } : {}),
    anomalies: detectAnomalies(metrics[i]!, metrics.slice(0, i)),
  }));
  const agents = reliabilityOf(runs);
  const steps = plan?.filter((p) => p.agent).map((p) => ({ name: p.name, agent: p.agent! }));
  const estimate = compoundEstimate(agents, steps);
  return { type: 'history', inReplyTo, workflow, runs: list, agents, estimate };
}

/**
 * The reliability of a workflow over its recorded runs (replays left out), for the workflow's CodeLens (the
 * run feature's CodeLens provider calls this): undefined when it has no recorded runs. Only
 * workflow runs count (not those of an agent of the same name) and, given its definition file
 * (absolute path), only those of that file.
 */
export async function workflowReliability(workflow: string, plan?: PlanStep[], file?: string, listing?: TraceListing): Promise<{ title: string; tooltip: string } | undefined> {
  // A replay (every model call answered from a recording) observed nothing new: it is not one of the runs counted.
  const runs = liveRuns(await loadRuns({ kind: 'workflow', name: workflow, file }, listing ?? traceDirectories()));
  if (runs.length === 0) return undefined;
  const agents = reliabilityOf(runs);
  const steps = plan?.filter((p) => p.agent).map((p) => ({ name: p.name, agent: p.agent! }));
  return formatReliability(compoundEstimate(agents, steps), runs.length);
}

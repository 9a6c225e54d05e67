/**
 * The recorded runs of a workflow: the `*.trace.jsonl` files in the trace directory whose
 * `run` record names it (the same kind of target, of the same definition file when one is
 * given), newest last, with their metrics, anomaly findings (each run against the runs before
 * it) and the agents' reliability. Also used for the workflow's CodeLens.
 *
 * Each trace is read once while it keeps its size and time, into a few numbers (its metrics
 * and its agents' outcomes), not kept as a whole trace model.
 */
import { dirname, isAbsolute, normalize, resolve } from 'node:path';
import * as vscode from 'vscode';
import { parseTrace } from '../../core/tracing/reader';
import type { RunRecord, TraceRecord } from '../../core/tracing/records';
import {
  TraceModel,
  agentOutcomes,
  compoundEstimate,
  detectAnomalies,
  formatReliability,
  runMetrics,
  sumOutcomes,
  type AgentReliability,
  type Outcomes,
  type PlanStep,
  type RunMetrics,
} from '../../core/traceview';
import type { HistoryRun, ToWebview } from '../../shared/protocol';
import { runTraceDirs } from '../run/history';

const MAX_RUNS = 50;

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
      const stamped = await Promise.all(
        files.map(async ([name]): Promise<TraceFile | undefined> => {
          const uri = vscode.Uri.joinPath(dir, name);
          try {
            const stat = await vscode.workspace.fs.stat(uri);
            return { uri, mtime: stat.mtime, size: stat.size };
          } catch {
            return undefined; // deleted since the listing
          }
        }),
      );
      return stamped.filter((f) => f !== undefined);
    }),
  );
  return lists.flat().sort((a, b) => a.mtime - b.mtime).slice(-MAX_RUNS * 4);
}

/** What the history and the reliability need of one recorded run. */
export interface LoadedRun {
  readonly uri: vscode.Uri;
  readonly run: Pick<RunRecord, 'runId' | 'workflow' | 'agent' | 'file' | 'startedAt'>;
  readonly status: 'ok' | 'error' | 'cancelled' | 'running';
  readonly metrics: RunMetrics;
  /** How each agent's calls ended in this run. */
  readonly outcomes: ReadonlyMap<string, Outcomes>;
}

/** The runs to list: of a workflow or an agent, of one definition file (absolute path) when given. */
export interface HistoryTarget {
  readonly kind: 'workflow' | 'agent';
  readonly name: string;
  readonly file?: string;
}

/** The compact form of a trace's records; undefined when they do not start with a `run` record. */
export function compactRun(uri: vscode.Uri, records: readonly TraceRecord[]): LoadedRun | undefined {
  const first = records[0];
  if (first?.type !== 'run') return undefined;
  const model = TraceModel.from(records);
  const { runId, workflow, agent, file, startedAt } = first;
  return { uri, run: { runId, workflow, agent, file, startedAt }, status: model.runEnd?.status ?? 'running', metrics: runMetrics(model), outcomes: agentOutcomes(model) };
}

/** Runs read before, by trace URI, kept while the file's size and mtime are unchanged. */
const cache = new Map<string, { mtime: number; size: number; run: LoadedRun | undefined }>();

/** The root a definition file's relative path in a trace is taken from (as the run history takes it). */
function rootOf(file: string): string {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file)) ?? vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.fsPath ?? dirname(file);
}

function matches(run: LoadedRun['run'], target: string | HistoryTarget): boolean {
  if (typeof target === 'string') return (run.workflow ?? run.agent) === target;
  const kind = run.agent !== undefined && run.workflow === undefined ? 'agent' : 'workflow';
  if (kind !== target.kind || (run.workflow ?? run.agent) !== target.name) return false;
  if (target.file === undefined) return true;
  const recorded = isAbsolute(run.file) ? run.file : resolve(rootOf(target.file), run.file);
  return normalize(recorded) === normalize(target.file);
}

/**
 * The recorded runs of a target, oldest first. A name alone matches any workflow or agent of
 * that name; a `HistoryTarget` only the runs of its kind (and of its definition file).
 */
export async function loadRuns(target: string | HistoryTarget, dirs: vscode.Uri[]): Promise<LoadedRun[]> {
  const runs: LoadedRun[] = [];
  for (const f of await traceFiles(dirs)) {
    const key = f.uri.toString();
    let entry = cache.get(key);
    if (!entry || entry.mtime !== f.mtime || entry.size !== f.size) {
      let records: TraceRecord[];
      try {
        records = await readRecords(f.uri);
      } catch {
        continue;
      }
      entry = { mtime: f.mtime, size: f.size, run: compactRun(f.uri, records) };
      cache.delete(key);
      cache.set(key, entry);
      if (cache.size > MAX_RUNS * 8) cache.delete(cache.keys().next().value!);
    }
    const loaded = entry.run;
    if (!loaded || !matches(loaded.run, target)) continue;
    runs.push(loaded);
  }
  runs.sort((a, b) => a.run.startedAt.localeCompare(b.run.startedAt));
  return runs.slice(-MAX_RUNS);
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
    anomalies: detectAnomalies(metrics[i]!, metrics.slice(0, i)),
  }));
  const agents = reliabilityOf(runs);
  const steps = plan?.filter((p) => p.agent).map((p) => ({ name: p.name, agent: p.agent! }));
  const estimate = compoundEstimate(agents, steps);
  return { type: 'history', inReplyTo, workflow, runs: list, agents, estimate };
}

/**
 * The reliability of a workflow over its recorded runs, for the workflow's CodeLens (the
 * run feature's CodeLens provider calls this): undefined when it has no recorded runs. Only
 * workflow runs count (not those of an agent of the same name) and, given its definition file
 * (absolute path), only those of that file.
 */
export async function workflowReliability(workflow: string, plan?: PlanStep[], file?: string): Promise<{ title: string; tooltip: string } | undefined> {
  const runs = await loadRuns({ kind: 'workflow', name: workflow, file }, traceDirectories());
  if (runs.length === 0) return undefined;
  const agents = reliabilityOf(runs);
  const steps = plan?.filter((p) => p.agent).map((p) => ({ name: p.name, agent: p.agent! }));
  return formatReliability(compoundEstimate(agents, steps), runs.length);
}

/**
 * The recorded runs of a workflow: the `*.trace.jsonl` files in the trace directory whose
 * `run` record names it, newest last, with their metrics, anomaly findings (each run against
 * the runs before it) and the agents' reliability. Also used for the workflow's CodeLens.
 */
import { isAbsolute } from 'node:path';
import * as vscode from 'vscode';
import { parseTrace } from '../../core/tracing/reader';
import type { RunRecord, TraceRecord } from '../../core/tracing/records';
import {
  TraceModel,
  agentReliability,
  compoundEstimate,
  detectAnomalies,
  formatReliability,
  runMetrics,
  type PlanStep,
  type RunMetrics,
} from '../../core/traceview';
import type { HistoryRun, ToWebview } from '../../shared/protocol';

const MAX_RUNS = 50;

export async function readRecords(uri: vscode.Uri): Promise<TraceRecord[]> {
  const bytes = await vscode.workspace.fs.readFile(uri);
  return parseTrace(new TextDecoder().decode(bytes)).records;
}

/** The trace directories to look in: the setting under each workspace folder, and `extra`. */
export function traceDirectories(extra?: vscode.Uri): vscode.Uri[] {
  const rel = vscode.workspace.getConfiguration('handoff').get<string>('traceDirectory', '.handoff/runs');
  // An absolute setting names one folder; a relative one is found in every workspace folder.
  const dirs = isAbsolute(rel) ? [vscode.Uri.file(rel)] : (vscode.workspace.workspaceFolders ?? []).map((f) => vscode.Uri.joinPath(f.uri, rel));
  if (extra && !dirs.some((d) => d.toString() === extra.toString())) dirs.push(extra);
  return dirs;
}

async function traceFiles(dirs: vscode.Uri[]): Promise<{ uri: vscode.Uri; mtime: number }[]> {
  const out: { uri: vscode.Uri; mtime: number }[] = [];
  for (const dir of dirs) {
    let entries: [string, vscode.FileType][];
    try {
      entries = await vscode.workspace.fs.readDirectory(dir);
    } catch {
      continue;
    }
    for (const [name, type] of entries) {
      if (type !== vscode.FileType.File || !name.endsWith('.trace.jsonl')) continue;
      const uri = vscode.Uri.joinPath(dir, name);
      const stat = await vscode.workspace.fs.stat(uri);
      out.push({ uri, mtime: stat.mtime });
    }
  }
  return out.sort((a, b) => a.mtime - b.mtime).slice(-MAX_RUNS * 4);
}

export interface LoadedRun {
  readonly uri: vscode.Uri;
  readonly run: RunRecord;
  readonly model: TraceModel;
}

/** Runs read before, by trace URI, kept while the file's mtime is unchanged. */
const cache = new Map<string, { mtime: number; run: LoadedRun | undefined }>();

export async function loadRuns(workflow: string, dirs: vscode.Uri[]): Promise<LoadedRun[]> {
  const runs: LoadedRun[] = [];
  for (const f of await traceFiles(dirs)) {
    const key = f.uri.toString();
    let entry = cache.get(key);
    if (!entry || entry.mtime !== f.mtime) {
      let records: TraceRecord[];
      try {
        records = await readRecords(f.uri);
      } catch {
        continue;
      }
      const run = records[0]?.type === 'run' ? records[0] : undefined;
      entry = { mtime: f.mtime, run: run ? { uri: f.uri, run, model: TraceModel.from(records) } : undefined };
      cache.set(key, entry);
      if (cache.size > MAX_RUNS * 8) cache.delete(cache.keys().next().value!);
    }
    const loaded = entry.run;
    if (!loaded || (loaded.run.workflow ?? loaded.run.agent) !== workflow) continue;
    runs.push(loaded);
  }
  runs.sort((a, b) => a.run.startedAt.localeCompare(b.run.startedAt));
  return runs.slice(-MAX_RUNS);
}

export function historyMessage(workflow: string, runs: LoadedRun[], plan?: PlanStep[], inReplyTo?: number): ToWebview {
  const metrics: RunMetrics[] = runs.map((r) => runMetrics(r.model));
  const list: HistoryRun[] = runs.map((r, i) => ({
    source: r.uri.toString(),
    runId: r.run.runId,
    startedAt: r.run.startedAt,
    status: r.model.runEnd?.status ?? 'running',
    latencyMs: metrics[i]!.latencyMs,
    tokens: metrics[i]!.tokens,
    violations: metrics[i]!.violations,
    anomalies: detectAnomalies(metrics[i]!, metrics.slice(0, i)),
  }));
  const agents = agentReliability(runs.map((r) => r.model));
  const steps = plan?.filter((p) => p.agent).map((p) => ({ name: p.name, agent: p.agent! }));
  const estimate = compoundEstimate(agents, steps);
  return { type: 'history', inReplyTo, workflow, runs: list, agents, estimate };
}

/**
 * The reliability of a workflow over its recorded runs, for the workflow's CodeLens (the
 * run feature's CodeLens provider calls this): undefined when it has no recorded runs.
 */
export async function workflowReliability(workflow: string, plan?: PlanStep[]): Promise<{ title: string; tooltip: string } | undefined> {
  const runs = await loadRuns(workflow, traceDirectories());
  if (runs.length === 0) return undefined;
  const agents = agentReliability(runs.map((r) => r.model));
  const steps = plan?.filter((p) => p.agent).map((p) => ({ name: p.name, agent: p.agent! }));
  return formatReliability(compoundEstimate(agents, steps), runs.length);
}

/**
 * Run history: the recorded runs in a trace directory (`.handoff/runs/*.trace.jsonl`, the
 * CLI's default), newest first, and the questions the editor asks of it: the last run of a
 * workflow or agent, and the inputs recently given to one.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, normalize, resolve } from 'node:path';
import { readTraceLines } from './traceLines';
import { summarizeRun, summarizeRunWithoutRunLine, type RunSummary, type RunTarget } from './summary';

export interface RecordedRun extends RunSummary {
  /** Absolute path of the trace file. */
  readonly trace: string;
  readonly mtimeMs: number;
}

export const TRACE_SUFFIX = '.trace.jsonl';

/**
 * The summaries of traces read before, by path, each kept while its file keeps the size and
 * modification time it was read at: a scan reads only the traces written since the last one
 * (a run's own trace grows line by line; the others do not change).
 */
export class RunCache {
  private readonly entries = new Map<string, { size: number; mtimeMs: number; run: Promise<RecordedRun | undefined> }>();

  constructor(private readonly max = 400) {}

  /** The summary of `path` as it is now: read again only when its size or time changed. */
  read(path: string, size: number, mtimeMs: number): Promise<RecordedRun | undefined> {
    const known = this.entries.get(path);
    if (known && known.size === size && known.mtimeMs === mtimeMs) return known.run;
    const run = readRun(path, mtimeMs);
    this.entries.delete(path); // re-inserted last: the oldest entries go first
    this.entries.set(path, { size, mtimeMs, run });
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
    return run;
  }

  /** Forgets the traces of `dir` that are gone (deleted or renamed). */
  keepOnly(dir: string, paths: ReadonlySet<string>): void {
    const prefix = join(dir, '');
    for (const p of this.entries.keys()) if (p.startsWith(prefix) && !paths.has(p)) this.entries.delete(p);
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * Reads the `limit` most recently written traces of a directory; a missing directory is no
 * runs. With a cache, a trace whose size and time are unchanged is not read again.
 */
export async function scanRuns(dir: string, limit = 50, cache?: RunCache): Promise<RecordedRun[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(TRACE_SUFFIX));
  } catch {
    return [];
  }
  const stamped = await Promise.all(
    names.map(async (n) => {
      const path = join(dir, n);
      try {
        const s = await stat(path);
        return { path, mtimeMs: s.mtimeMs, size: s.size };
      } catch {
        return undefined;
      }
    }),
  );
  const present = stamped.filter((s) => s !== undefined);
  cache?.keepOnly(dir, new Set(present.map((s) => s.path)));
  const recent = present.sort((a, b) => b.mtimeMs - a.mtimeMs).slice(0, limit);
  const runs = await Promise.all(recent.map(async (s) => (cache ? cache.read(s.path, s.size, s.mtimeMs) : readRun(s.path, s.mtimeMs))));
  return sortRuns(runs.filter((r) => r !== undefined));
}

/**
 * One trace file's summary, or undefined when it cannot be read or holds no run (no `run`
 * line and no span). A trace whose `run` line was lost is listed from its spans (`noRunLine`).
 */
export async function readRun(path: string, mtimeMs = 0): Promise<RecordedRun | undefined> {
  try {
    const lines = readTraceLines(await readFile(path, 'utf8'));
    const summary = summarizeRun(lines) ?? summarizeRunWithoutRunLine(lines);
    return summary && { ...summary, trace: path, mtimeMs };
  } catch {
    return undefined;
  }
}

/** Newest first: by start time, then by file time. */
export function sortRuns<T extends RunSummary & { mtimeMs: number }>(runs: T[]): T[] {
  return runs.sort((a, b) => (Date.parse(b.startedAt) || 0) - (Date.parse(a.startedAt) || 0) || b.mtimeMs - a.mtimeMs);
}

/** Whether a trace's `file` names this definition file (traces may hold it relative to the workspace root). */
export function sameDefinition(traceFile: string, absFile: string, root: string): boolean {
  const a = normalize(isAbsolute(traceFile) ? traceFile : resolve(root, traceFile));
  return a === normalize(absFile);
}

export function runsOf(runs: readonly RecordedRun[], absFile: string, target: RunTarget, root: string): RecordedRun[] {
  return runs.filter((r) => r.target.kind === target.kind && r.target.name === target.name && sameDefinition(r.file, absFile, root));
}

/**
 * The distinct inputs given to a target, most recent first: a workflow's run inputs; for an
 * agent, also what it was handed inside workflow runs of the same file.
 */
export function recentInputs(runs: readonly RecordedRun[], absFile: string, target: RunTarget, root: string, limit = 10): { input: unknown; run: RecordedRun }[] {
  const seen = new Set<string>();
  const out: { input: unknown; run: RecordedRun }[] = [];
  for (const run of runs) {
    if (!sameDefinition(run.file, absFile, root)) continue;
    const candidates = run.target.kind === target.kind && run.target.name === target.name ? [run.input] : [];
    if (target.kind === 'agent') candidates.push(...(run.agentInputs[target.name] ?? []));
    for (const input of candidates) {
      if (input === undefined) continue;
      const key = JSON.stringify(input);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ input, run });
      if (out.length >= limit) return out;
    }
  }
  return out;
}

/**
 * A new trace file name, the same from the command line and the editor:
 * `<target>-<yyyymmdd-hhmmss>-<runId>.trace.jsonl`, safe on every OS, sortable by time, and
 * found by the run id that `handoff run` prints.
 */
export function traceFileName(target: RunTarget, startedAt: Date, runId: string): string {
  const stamp = startedAt.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const safe = target.name.replace(/[^A-Za-z0-9_.-]/g, '_');
  return `${safe}-${stamp}-${runId.replace(/[^A-Za-z0-9-]/g, '').slice(0, 40)}${TRACE_SUFFIX}`;
}

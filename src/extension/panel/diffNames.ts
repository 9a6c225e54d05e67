/**
 * The names a comparison of two runs goes by where people read them: the runs' labels in
 * the compare message (which the webview puts in the diff editor's title), the diff tab's
 * title, and the paths of the two read-only documents. A run is named by when it started
 * ("run of 10:00:05"), not by its trace file. Pure: no VS Code here.
 */
import { TRACE_SUFFIX } from '../../core/runs/history';

export interface ComparedRun {
  readonly runId: string;
  readonly startedAt: string;
}

/**
 * The labels of runs A and B: `run of 10:00:05` (the date too when they started on different
 * days), and the short run id when that leaves them alike. A trace without a run record is
 * named by its file.
 */
export function compareLabels(a: ComparedRun | undefined, b: ComparedRun | undefined, fileA: string, fileB: string): [string, string] {
  const sameDay = a && b && localDate(a.startedAt) !== undefined && localDate(a.startedAt) === localDate(b.startedAt);
  const name = (r: ComparedRun | undefined, file: string): string => (r ? `run of ${when(r.startedAt, !sameDay)}` : fileName(file));
  let la = name(a, fileA);
  let lb = name(b, fileB);
  if (la === lb) {
    la = a ? `${la} (${shortRunId(a.runId)})` : la;
    lb = b ? `${lb} (${shortRunId(b.runId)})` : lb;
  }
  return [la, lb];
}

/** A run id as people can tell it from another: the random part of an engine id (`lx3k9a-3f2a1b` → `3f2a1b`). */
export function shortRunId(runId: string): string {
  const m = /^[0-9a-z]+-([0-9a-f]{6})$/.exec(runId);
  if (m) return m[1]!;
  return runId.length > 12 ? `${runId.slice(0, 11)}…` : runId;
}

/** The diff tab's title: says it shows outputs (`Output of summarize: run of 10:00:05 ↔ run of 10:07:12`). */
export function diffTitle(title: string): string {
  const t = title.trim() || 'two runs';
  return (/\boutputs?\b/i.test(t) ? t : `Output of ${t}`).slice(0, 200);
}

/**
 * A document's path for its label: readable, one segment, `.json`. Characters that would make
 * it another path or a query go; the document's id is kept elsewhere in the URI.
 */
export function diffDocPath(label: string): string {
  // eslint-disable-next-line no-control-regex
  const safe = label.replace(/[\u0000-\u001f\u007f/\\?#%]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 80).trim();
  return `${safe || 'output'}.json`;
}

function fileName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.endsWith(TRACE_SUFFIX) ? base.slice(0, -TRACE_SUFFIX.length) : base;
}

function p2(n: number): string {
  return String(n).padStart(2, '0');
}

function localDate(iso: string): string | undefined {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())}`;
}

/** Local time to the second, with the date when asked; an unreadable time as recorded. */
function when(iso: string, withDate: boolean): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const time = `${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}`;
  return withDate ? `${localDate(iso)} ${time}` : time;
}

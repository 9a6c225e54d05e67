/**
 * The data behind the input pickers: recently used inputs, JSON files in the workspace that
 * look like inputs, and text typed as JSON. The editor shows these; nothing here knows it.
 */
import { preview } from './violations';
import { formatStartedAt } from '../traceview/timeline';

export type InputChoice =
  | { readonly kind: 'recent'; readonly label: string; readonly detail: string; readonly value: unknown }
  | { readonly kind: 'file'; readonly label: string; readonly detail: string; readonly path: string }
  | { readonly kind: 'type'; readonly label: string; readonly detail: string }
  | { readonly kind: 'browse'; readonly label: string; readonly detail: string };

export function inputChoices(
  recent: readonly { input: unknown; startedAt: string; status: string }[],
  files: readonly { path: string; relative: string }[],
): InputChoice[] {
  const out: InputChoice[] = recent.map((r) => ({
    kind: 'recent',
    label: preview(r.input, 70),
    detail: `used ${formatStartedAt(r.startedAt, true)} · ${r.status}`,
    value: r.input,
  }));
  for (const f of files) out.push({ kind: 'file', label: f.relative, detail: 'JSON file', path: f.path });
  out.push({ kind: 'type', label: 'Type JSON…', detail: 'enter the input as JSON' });
  out.push({ kind: 'browse', label: 'Choose a JSON File…', detail: 'pick any file' });
  return out;
}

/** JSON files that can be inputs: not scripts, traces, schemas, package manifests or settings. */
export function isInputCandidate(path: string): boolean {
  const name = path.replace(/\\/g, '/').split('/').pop() ?? '';
  if (!name.endsWith('.json')) return false;
  if (/\.(script|schema)\.json$/.test(name)) return false;
  if (/^(package|package-lock|tsconfig|jsconfig|settings|launch|tasks|extensions)\.json$/.test(name)) return false;
  return !/(^|\/)(node_modules|\.vscode|\.git|dist|out)\//.test(path.replace(/\\/g, '/'));
}

/** Ranks candidate input files: those in an `inputs` folder or beside the definition first. */
export function rankInputFiles<T extends { relative: string }>(files: T[], definitionDir: string): T[] {
  const score = (f: T): number =>
    (/(^|\/)inputs?\//.test(f.relative) ? 0 : 2) + (f.relative.startsWith(definitionDir) ? 0 : 1);
  return [...files].sort((a, b) => score(a) - score(b) || a.relative.localeCompare(b.relative));
}

export type ParsedInput = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

/** Parses typed or file text as JSON; the error says where it broke. */
export function parseInput(text: string): ParsedInput {
  if (!text.trim()) return { ok: false, error: 'Enter a JSON value, for example {"id": "T-1"}' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, error: `Not JSON: ${(err as Error).message}` };
  }
}

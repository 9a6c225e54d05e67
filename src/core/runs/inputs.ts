/**
 * The data behind the input pickers: recently used inputs, JSON files in the workspace that
 * look like inputs, and text typed as JSON. The editor shows these; nothing here knows it.
 */
import { formatStartedAt } from '../traceview/timeline';
import { stableJson } from '../providers/replay';
import { preview } from './violations';

/** Whether a value fits the input contract of the target: `fits Ticket@1`, or what breaks first. */
export interface InputFit {
  readonly fits: boolean;
  readonly text: string;
}

export type InputCheck = (value: unknown) => InputFit;

export type InputChoice =
  | { readonly kind: 'recent'; readonly label: string; readonly detail: string; readonly value: unknown; readonly fits?: boolean }
  | { readonly kind: 'file'; readonly label: string; readonly detail: string; readonly path: string; readonly fits?: boolean }
  | { readonly kind: 'type'; readonly label: string; readonly detail: string }
  | { readonly kind: 'browse'; readonly label: string; readonly detail: string };

/** A candidate input file; `content` when it was read: parsed, or why it is not JSON. */
export interface InputFile {
  readonly path: string;
  readonly relative: string;
  readonly content?: ParsedInput;
}

/**
 * The input picker's choices: recent inputs, then files, then typing and browsing. With a
 * `check`, each recent input and each read file says whether it fits the input contract, and
 * the files that fit come before those that do not (keeping their order otherwise).
 */
export function inputChoices(recent: readonly { input: unknown; startedAt: string; status: string }[], files: readonly InputFile[], check?: InputCheck): InputChoice[] {
  // A recent input read from a file of the workspace is named by that file (raw JSON cut at 70 characters said little).
  const fileOf = new Map<string, string>();
  for (const f of files) if (f.content?.ok) fileOf.set(stableJson(f.content.value), f.relative);
  const out: InputChoice[] = recent.map((r) => {
    const fit = check?.(r.input);
    const file = fileOf.get(stableJson(r.input));
    return { kind: 'recent', label: file !== undefined ? `as in ${file}` : preview(r.input, 70), detail: `used ${formatStartedAt(r.startedAt, true)} · ${r.status === 'error' ? 'failed' : r.status}${fit ? ` · ${fit.text}` : ''}`, value: r.input, fits: fit?.fits };
  });
  const fileChoices = files.map((f): InputChoice & { kind: 'file' } => {
    if (!f.content) return { kind: 'file', label: f.relative, detail: 'JSON file', path: f.path };
    if (!f.content.ok) return { kind: 'file', label: f.relative, detail: f.content.error, path: f.path, fits: false };
    const fit = check?.(f.content.value);
    return { kind: 'file', label: f.relative, detail: fit ? fit.text : 'JSON file', path: f.path, fits: fit?.fits };
  });
  const rank = (c: { fits?: boolean }): number => (c.fits === false ? 1 : 0);
  out.push(...fileChoices.sort((a, b) => rank(a) - rank(b))); // a stable sort: ranked order is kept within each rank
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

/**
 * `handoff check [PATH...] [--json]`: checks every `*.agents.yaml` (and `.yml`) under the
 * paths (default `.`), skipping node_modules and dot-directories. Text output is one
 * `file:line:col severity code message` a line; `--json` prints one JSON array. A summary
 * goes to stderr. Exit 1 if any error, 0 otherwise, 2 on bad usage. A path that cannot be
 * read (missing, no permission, a dangling link) is an error of its own (`unreadable`) and
 * the rest is still checked.
 */
import { oneLine } from './oneLine';
import { accessSync, constants, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { loadWorkspace } from '../core/checker';
import { fsReason } from '../core/files';
import type { Diagnostic } from '../core/model/diagnostic';

const USAGE = 'usage: handoff check [PATH...] [--json]';
const DEFINITION = /\.agents\.ya?ml$/;

export interface CheckRow {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  code: string;
  message: string;
}

/** A path that could not be read, and why. */
export interface Unreadable {
  readonly path: string;
  readonly message: string;
}

/**
 * Every definition file under a path (a file given directly is taken as it is); what cannot
 * be read on the way goes to `unreadable`, and the walk goes on.
 */
export function findDefinitionFiles(path: string, unreadable: Unreadable[] = [], visited = new Set<string>()): string[] {
  let st;
  try {
    st = statSync(path);
  } catch (err) {
    unreadable.push({ path, message: fsReason(err) });
    return [];
  }
  if (!st.isDirectory()) {
    try {
      accessSync(path, constants.R_OK);
      return [resolve(path)];
    } catch (err) {
      unreadable.push({ path, message: fsReason(err) });
      return [];
    }
  }
  // A folder reached again through a link (`up -> ..`) is walked once.
  let real: string;
  try {
    real = realpathSync(path);
  } catch (err) {
    unreadable.push({ path, message: fsReason(err) });
    return [];
  }
  if (visited.has(real)) return [];
  visited.add(real);
  let names: string[];
  try {
    names = readdirSync(path).sort();
  } catch (err) {
    unreadable.push({ path, message: fsReason(err) });
    return [];
  }
  const out: string[] = [];
  for (const name of names) {
    if (name.startsWith('.') || name === 'node_modules') continue;
    const full = join(path, name);
    let s;
    try {
      s = statSync(full);
    } catch (err) {
      // A dangling or looping link matters only where it would be a definition.
      if (DEFINITION.test(name)) unreadable.push({ path: full, message: fsReason(err) });
      continue;
    }
    if (s.isDirectory() || DEFINITION.test(name)) out.push(...findDefinitionFiles(full, unreadable, visited));
  }
  return out;
}

export function toRow(d: Diagnostic, cwd: string): CheckRow {
  return {
    file: relative(cwd, d.range.file) || d.range.file,
    line: d.range.start.line,
    column: d.range.start.column,
    endLine: d.range.end.line,
    endColumn: d.range.end.column,
    severity: d.severity,
    code: d.code,
    message: d.message,
  };
}

export async function checkCommand(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const json = args.includes('--json');
  const flags = args.filter((a) => a.startsWith('-') && a !== '--json');
  if (flags.length > 0) {
    process.stderr.write(`handoff check: unknown option ${flags[0]}\n${USAGE}\n`);
    return 2;
  }
  const paths = args.filter((a) => !a.startsWith('-'));
  const roots: string[] = [];
  const unreadable: Unreadable[] = [];
  const visited = new Set<string>();
  for (const p of paths.length > 0 ? paths : ['.']) roots.push(...findDefinitionFiles(p, unreadable, visited));
  const cwd = process.cwd();
  const ws = loadWorkspace(roots);
  const program = ws.check();
  // A file found but unreadable on the way in (not UTF-8, gone meanwhile) says why, as a path does.
  for (const root of roots) {
    const why = ws.unreadableReason(root);
    if (why !== undefined) unreadable.push({ path: relative(cwd, root) || root, message: why });
  }
  const unreadableRows: CheckRow[] = unreadable.map((u) => ({ file: relative(cwd, resolve(u.path)) || u.path, line: 1, column: 1, endLine: 1, endColumn: 1, severity: 'error', code: 'unreadable', message: `cannot read ${u.path}: ${u.message}` }));
  const rows = [...unreadableRows, ...program.diagnostics.map((d) => toRow(d, cwd))]
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  if (json) process.stdout.write(`${JSON.stringify(rows)}\n`);
  else for (const r of rows) process.stdout.write(`${oneLine(r.file)}:${r.line}:${r.column} ${r.severity} ${r.code} ${oneLine(r.message)}\n`);
  const count = (severity: string): number => rows.filter((r) => r.severity === severity).length;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const errors = count('error');
  process.stderr.write(`checked ${plural(program.files.length, 'file')}: ${plural(errors, 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('info'), 'info')}\n`);
  return errors > 0 ? 1 : 0;
}

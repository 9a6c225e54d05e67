/**
 * `handoff check [PATH...] [--json]`: checks every `*.agents.yaml` (and `.yml`) under the
 * paths (default `.`), skipping node_modules and dot-directories. Text output is one
 * `file:line:col severity code message` a line; `--json` prints one JSON array. A summary
 * goes to stderr. Exit 1 if any error, 0 otherwise, 2 on bad usage.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { loadWorkspace } from '../core/checker';
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

/** Every definition file under a path (a file given directly is taken as it is). */
export function findDefinitionFiles(path: string): string[] {
  const st = statSync(path);
  if (st.isFile()) return [resolve(path)];
  const out: string[] = [];
  for (const name of readdirSync(path).sort()) {
    if (name.startsWith('.') || name === 'node_modules') continue;
    const full = join(path, name);
    const s = statSync(full);
    if (s.isDirectory()) out.push(...findDefinitionFiles(full));
    else if (DEFINITION.test(name)) out.push(resolve(full));
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
  const json = args.includes('--json');
  const flags = args.filter((a) => a.startsWith('-') && a !== '--json');
  if (flags.length > 0) {
    process.stderr.write(`handoff check: unknown option ${flags[0]}\n${USAGE}\n`);
    return 2;
  }
  const paths = args.filter((a) => !a.startsWith('-'));
  const roots: string[] = [];
  for (const p of paths.length > 0 ? paths : ['.']) {
    try {
      roots.push(...findDefinitionFiles(p));
    } catch {
      process.stderr.write(`handoff check: no such file or directory: ${p}\n${USAGE}\n`);
      return 2;
    }
  }
  const cwd = process.cwd();
  const program = loadWorkspace(roots).check();
  const rows = program.diagnostics
    .map((d) => toRow(d, cwd))
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  if (json) process.stdout.write(`${JSON.stringify(rows)}\n`);
  else for (const r of rows) process.stdout.write(`${r.file}:${r.line}:${r.column} ${r.severity} ${r.code} ${r.message}\n`);
  const count = (severity: string): number => rows.filter((r) => r.severity === severity).length;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const errors = count('error');
  process.stderr.write(`checked ${plural(program.files.length, 'file')}: ${plural(errors, 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('info'), 'info')}\n`);
  return errors > 0 ? 1 : 0;
}

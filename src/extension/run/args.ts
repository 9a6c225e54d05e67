/**
 * The arguments the run commands accept, so that tests, CodeLens and the Workflows view skip
 * the pickers: `{ file, workflow | agent, input?, inputFile? }`, a view row, a file URI
 * (pick within that file), or nothing (pick everything). Files may be workspace-relative.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';

export interface RunArgs {
  readonly file?: string;
  readonly name?: string;
  /** Present when given (`null` is an input too). */
  readonly input?: { value: unknown };
  readonly inputFile?: string;
}

export function resolveFile(file: string): string {
  if (path.isAbsolute(file)) return file;
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
  return path.resolve(root, file);
}

export function parseRunArgs(arg: unknown, kind: 'workflow' | 'agent'): RunArgs {
  if (arg instanceof vscode.Uri) return { file: arg.fsPath };
  if (typeof arg !== 'object' || arg === null) return {};
  const o = arg as Record<string, unknown>;
  // A row of the Workflows view: { kind, uri, name }.
  if (o['uri'] instanceof vscode.Uri && typeof o['name'] === 'string' && o['kind'] === kind) return { file: o['uri'].fsPath, name: o['name'] };
  const file = typeof o['file'] === 'string' ? resolveFile(o['file']) : o['file'] instanceof vscode.Uri ? o['file'].fsPath : undefined;
  const name = typeof o[kind] === 'string' ? (o[kind] as string) : undefined;
  const input = 'input' in o ? { value: o['input'] } : undefined;
  const inputFile = typeof o['inputFile'] === 'string' ? resolveFile(o['inputFile']) : undefined;
  return { file, name, input, inputFile };
}

/** `{ trace }`, a trace URI, or a Recent Runs row `{ kind: 'run', run: { trace } }`. */
export function parseTraceArg(arg: unknown): string | undefined {
  if (arg instanceof vscode.Uri) return arg.fsPath;
  if (typeof arg !== 'object' || arg === null) return undefined;
  const o = arg as Record<string, unknown>;
  if (typeof o['trace'] === 'string') return resolveFile(o['trace']);
  const run = o['run'] as Record<string, unknown> | undefined;
  return typeof run?.['trace'] === 'string' ? run['trace'] : undefined;
}

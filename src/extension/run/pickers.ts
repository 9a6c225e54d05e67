/**
 * The pickers of Run Workflow… / Run Agent… / Replay Run…: a workflow or agent across the
 * workspace, then its input (a recent one, a JSON file of the workspace, typed JSON, or any
 * file), and a recorded run. Each returns undefined when the user cancels.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import { outlineDefinition, type OutlineKind } from '../../core/runs/outline';
import { recentInputs, type RecordedRun } from '../../core/runs/history';
import { inputChoices, isInputCandidate, parseInput, rankInputFiles, type InputCheck, type InputChoice, type InputFile } from '../../core/runs/inputs';
import { runState } from '../../core/runs/summary';
import { formatStartedAt } from '../../core/traceview/timeline';
import { loadProgramFor } from './engine';
import type { RunHistory } from './history';
import { inputPickItem } from './inputSummary';
import { summaryText } from '../views/runWords';

export interface PickedTarget {
  readonly file: string;
  readonly name: string;
}

/**
 * A workflow or agent: of `onlyFile` when given (the editor's title button; a file with one
 * workflow needs no pick), else of the whole workspace with `preferFile`'s first.
 */
export async function pickTarget(kind: Extract<OutlineKind, 'workflow' | 'agent'>, preferFile?: string, onlyFile?: string): Promise<PickedTarget | undefined> {
  const uris = onlyFile ? [vscode.Uri.file(onlyFile)] : await vscode.workspace.findFiles('**/*.agents.{yaml,yml}', '**/node_modules/**');
  const items: (vscode.QuickPickItem & { target: PickedTarget })[] = [];
  const unreadable: string[] = [];
  for (const uri of uris.sort((a, b) => a.fsPath.localeCompare(b.fsPath))) {
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch (err) {
      // One file that cannot be read (permissions, a folder so named) leaves the others pickable.
      unreadable.push(`${vscode.workspace.asRelativePath(uri)} (${err instanceof Error ? err.message : String(err)})`);
      continue;
    }
    for (const e of outlineDefinition(text)) {
      if (e.kind !== kind) continue;
      items.push({ label: e.name, description: e.detail, detail: vscode.workspace.asRelativePath(uri), target: { file: uri.fsPath, name: e.name } });
    }
  }
  if (unreadable.length) void vscode.window.showWarningMessage(`Handoff: cannot read ${unreadable.join(', ')}; its ${kind}s are not listed.`);
  if (onlyFile && items.length === 1) return items[0]!.target;
  if (preferFile) items.sort((a, b) => Number(b.target.file === preferFile) - Number(a.target.file === preferFile));
  if (items.length === 0) {
    const where = onlyFile ? vscode.workspace.asRelativePath(onlyFile) : 'the *.agents.yaml files of this workspace';
    void vscode.window.showInformationMessage(`Handoff: no ${kind}s in ${where}.`);
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(items, {
    title: kind === 'workflow' ? 'Run Workflow' : 'Run Agent',
    placeHolder: `Pick ${kind === 'agent' ? 'an agent' : 'a workflow'} to run`,
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return pick?.target;
}

/** Candidate files read to say whether they fit the input contract (the first ones, as ranked). */
const FILES_READ = 50;
const MAX_READ_BYTES = 256 * 1024;

/**
 * The input for a run: `{ value }`, or undefined when cancelled. The choices say whether they
 * fit the target's input contract, checked against the definitions as they are on disk (the
 * run loads them again when it starts, so an edit made meanwhile counts).
 */
export async function pickInput(history: RunHistory, file: string, target: { kind: 'workflow' | 'agent'; name: string }): Promise<{ value: unknown } | undefined> {
  const root = history.rootFor(file);
  const [runs, jsonUris, check] = await Promise.all([
    history.runs(),
    vscode.workspace.findFiles('**/*.json', '{**/node_modules/**,**/.handoff/**}', 500),
    contractCheck(file, target),
  ]);
  const recent = recentInputs(runs, file, target, root).map((r) => ({ input: r.input, startedAt: r.run.startedAt, status: r.run.status }));
  const ranked = rankInputFiles(
    jsonUris.filter((u) => isInputCandidate(vscode.workspace.asRelativePath(u))).map((u) => ({ uri: u, path: u.fsPath, relative: vscode.workspace.asRelativePath(u) })),
    vscode.workspace.asRelativePath(path.dirname(file)),
  );
  const files: InputFile[] = check ? await Promise.all(ranked.map((f, i) => (i < FILES_READ ? readCandidate(f) : f))) : ranked;
  const choices = inputChoices(recent, files, check);
  const icon = (c: InputChoice) => new vscode.ThemeIcon('fits' in c && c.fits === false ? 'warning' : ICONS[c.kind]);
  const pick = await vscode.window.showQuickPick(
    choices.map((c) => ({ ...inputPickItem(c), choice: c, iconPath: icon(c) })),
    { title: `Input for ${target.kind} ${target.name}`, placeHolder: 'A recent input, a JSON file, or type one', matchOnDescription: true, matchOnDetail: true },
  );
  if (!pick) return undefined;
  const c = pick.choice;
  switch (c.kind) {
    case 'recent':
      return { value: c.value };
    case 'file':
      return readInputFile(vscode.Uri.file(c.path));
    case 'browse': {
      const uris = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { JSON: ['json'] }, title: 'Input JSON file' });
      return uris?.[0] ? readInputFile(uris[0]) : undefined;
    }
    case 'type':
      return typeInput(recent[0]?.input, check);
  }
}

/** The target's input contract check, from the definitions on disk; none when they cannot be loaded. */
async function contractCheck(file: string, target: { kind: 'workflow' | 'agent'; name: string }): Promise<InputCheck | undefined> {
  try {
    const [program, { inputCheck }] = await Promise.all([loadProgramFor(file), import('../../core/runs/inputCheck')]);
    return inputCheck(program, file, target);
  } catch {
    return undefined; // the run itself reports definitions that do not load
  }
}

/** A candidate file with its content parsed, when it is small enough to read here. */
async function readCandidate(f: { uri: vscode.Uri; path: string; relative: string }): Promise<InputFile> {
  try {
    if ((await vscode.workspace.fs.stat(f.uri)).size > MAX_READ_BYTES) return f;
    return { ...f, content: parseInput(new TextDecoder().decode(await vscode.workspace.fs.readFile(f.uri))) };
  } catch {
    return f;
  }
}

const ICONS = { recent: 'history', file: 'json', type: 'edit', browse: 'folder-opened' } as const;

export async function readInputFile(uri: vscode.Uri): Promise<{ value: unknown } | undefined> {
  let text: string;
  try {
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch (err) {
    void vscode.window.showErrorMessage(`Handoff: cannot read the input file ${vscode.workspace.asRelativePath(uri)}: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
  const parsed = parseInput(text);
  if (parsed.ok) return { value: parsed.value };
  void vscode.window.showErrorMessage(`Handoff: ${vscode.workspace.asRelativePath(uri)}: ${parsed.error}`);
  return undefined;
}

async function typeInput(example: unknown, check: InputCheck | undefined): Promise<{ value: unknown } | undefined> {
  const text = await vscode.window.showInputBox({
    title: 'Input as JSON',
    value: example === undefined ? '{}' : JSON.stringify(example),
    // Text that is not JSON cannot be run; JSON that breaks the contract can (the run then
    // fails on its input, which may be what is being tried), so that is a warning.
    validateInput: (v) => {
      const p = parseInput(v);
      if (!p.ok) return p.error;
      const fit = check?.(p.value);
      return fit && !fit.fits ? { message: `The input ${fit.text}`, severity: vscode.InputBoxValidationSeverity.Warning } : undefined;
    },
    ignoreFocusOut: true,
  });
  if (text === undefined) return undefined;
  const p = parseInput(text);
  return p.ok ? { value: p.value } : undefined;
}

function runItem(run: RecordedRun, isLive: (runId: string) => boolean): vscode.QuickPickItem & { run: RecordedRun } {
  return {
    label: `${run.target.kind === 'agent' ? 'agent ' : ''}${run.target.name}`,
    description: summaryText({ ...run, status: runState(run, isLive) }),
    detail: `${formatStartedAt(run.startedAt, true)} · ${vscode.workspace.asRelativePath(run.trace)}`,
    run,
  };
}

/** A recorded run, leaving out those still going in this window (`isLive`); an interrupted one is offered. */
export async function pickRun(history: RunHistory, title: string, isLive: (runId: string) => boolean): Promise<RecordedRun | undefined> {
  const runs = (await history.runs()).filter((r) => runState(r, isLive) !== 'running');
  if (runs.length === 0) {
    void vscode.window.showInformationMessage('Handoff: no recorded runs yet (traces are kept under handoff.traceDirectory).');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(runs.map((r) => runItem(r, isLive)), { title, placeHolder: 'Pick a recorded run', matchOnDescription: true, matchOnDetail: true });
  return pick?.run;
}

/** A file dialog for any trace file, opening in the workspace's trace directory. */
async function browseForTrace(): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const rel = vscode.workspace.getConfiguration('handoff', folder?.uri).get<string>('traceDirectory') || '.handoff/runs';
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: 'Open Trace',
    defaultUri: folder ? vscode.Uri.joinPath(folder.uri, rel) : undefined,
    filters: { 'Handoff traces': ['jsonl'] },
  });
  return picked?.[0];
}

/**
 * Open Trace…: the recorded runs, newest first (one still going too: its trace is readable),
 * and last "Browse…" for any trace file; straight to the file dialog when there are none.
 */
export async function pickTraceToOpen(history: RunHistory, isLive: (runId: string) => boolean): Promise<vscode.Uri | undefined> {
  const runs = await history.runs();
  if (runs.length === 0) return browseForTrace();
  const browse: vscode.QuickPickItem = { label: '$(folder-opened) Browse…', detail: 'any *.trace.jsonl file', alwaysShow: true };
  const pick = await vscode.window.showQuickPick<vscode.QuickPickItem & { run?: RecordedRun }>(
    [...runs.map((r) => runItem(r, isLive)), { label: '', kind: vscode.QuickPickItemKind.Separator }, browse],
    { title: 'Open Trace', placeHolder: 'Pick a recorded run, or browse for a trace file', matchOnDescription: true, matchOnDetail: true },
  );
  if (!pick) return undefined;
  return pick.run ? vscode.Uri.file(pick.run.trace) : browseForTrace();
}

/**
 * Everything the language features need, created on first use: the service, the
 * diagnostics publisher, the providers, and the workspace scan. index.ts loads this module
 * with a dynamic import, after activation.
 */
import * as vscode from 'vscode';
import { Commands } from '../commandIds';
import type { HandoffContext } from '../context';
import { DiagnosticsPublisher } from './diagnostics';
import { readFile } from 'node:fs/promises';
import { outcomeMarkdown, stepOutcomes } from '../../core/language/stepRuns';
import { readTraceLines } from '../../core/runs/traceLines';
import { RunHistory } from '../run/history';
import { editingProviders, type StepRunStatus } from './editing';
import { navigationProviders } from './navigation';
import { FILE_GLOB, LanguageService, isDefinition, isDefinitionPath, keyOf } from './service';

export interface LanguageRuntime {
  readonly service: LanguageService;
  readonly publisher: DiagnosticsPublisher;
  readonly providers: ReturnType<typeof navigationProviders> & ReturnType<typeof editingProviders>;
  /** Resolves when the workspace scan and the first check are done. */
  readonly ready: Promise<void>;
  /** Re-reads every definition file of the workspace, checks and publishes; returns counts. */
  checkWorkspace(): Promise<{ files: number; errors: number; warnings: number }>;
}

export function startRuntime(ctx: HandoffContext): LanguageRuntime {
  const service = new LanguageService(ctx);
  const publisher = ctx.register(new DiagnosticsPublisher(service));
  const openKeys = (): Set<string> => new Set(vscode.workspace.textDocuments.filter(isDefinition).map((d) => keyOf(d.uri)));
  const inWorkspace = (uri: vscode.Uri): boolean => vscode.workspace.getWorkspaceFolder(uri) !== undefined;
  /** Whether a file of the workspace imports this one (directly or through other files). */
  const importedFromWorkspace = (key: string): boolean => {
    const index = service.indexed();
    return index.files().some((f) => f !== key && inWorkspace(service.uriOf(f)) && index.visibleFiles(f).some((v) => v.file === key));
  };

  const scan = async (): Promise<number> => {
    // In Restricted Mode the file search does not answer (findFiles never settles there):
    // walk the folders instead. A trusted workspace whose search finds nothing is walked too.
    let uris = vscode.workspace.isTrusted ? await vscode.workspace.findFiles(FILE_GLOB, '**/node_modules/**') : [];
    if (uris.length === 0) uris = mergeUris(uris, await walkForDefinitions());
    const open = openKeys();
    await Promise.all(uris.filter((u) => !open.has(keyOf(u))).map((u) => service.loadFromDisk(u)));
    for (const d of vscode.workspace.textDocuments) if (isDefinition(d)) service.setText(d);
    return uris.length;
  };

  const watcher = ctx.register(vscode.workspace.createFileSystemWatcher(FILE_GLOB));
  const fromDisk = (uri: vscode.Uri): void => {
    if (openKeys().has(keyOf(uri))) return;
    void service.loadFromDisk(uri).then(() => publisher.schedule());
  };
  watcher.onDidCreate(fromDisk);
  watcher.onDidChange(fromDisk);
  watcher.onDidDelete((uri) => {
    service.forget(uri);
    publisher.schedule();
  });
  // VS Code reports a folder that appears or goes with its contents (a checkout, a copy, an
  // unzip, `rm -r`) as one event for the folder, so the files' own watcher above hears
  // nothing of the definitions inside. This one hears folders, and walks or forgets them.
  const folders = ctx.register(vscode.workspace.createFileSystemWatcher('**/*', false, true, false));
  folders.onDidCreate(async (uri) => {
    if (isDefinitionPath(uri) || inSkippedDir(uri)) return;
    const stat = await Promise.resolve(vscode.workspace.fs.stat(uri)).catch(() => undefined);
    if (stat === undefined || !(stat.type & vscode.FileType.Directory)) return;
    const open = openKeys();
    const found = (await walkForDefinitions([uri])).filter((u) => !open.has(keyOf(u)));
    if (found.length === 0) return;
    await Promise.all(found.map((u) => service.loadFromDisk(u)));
    publisher.schedule();
    void vscode.commands.executeCommand(Commands.refreshWorkflows); // its own watcher did not hear of them either
  });
  folders.onDidDelete((uri) => {
    if (isDefinitionPath(uri) || service.forgetUnder(uri) === 0) return;
    publisher.schedule();
    void vscode.commands.executeCommand(Commands.refreshWorkflows);
  });
  ctx.register(vscode.workspace.onDidOpenTextDocument((d) => {
    if (!isDefinition(d)) return;
    service.setText(d);
    publisher.schedule();
  }));
  ctx.register(vscode.workspace.onDidChangeTextDocument((e) => {
    if (!isDefinition(e.document) || e.contentChanges.length === 0) return;
    service.setText(e.document);
    publisher.schedule();
  }));
  ctx.register(vscode.workspace.onDidCloseTextDocument((d) => {
    // The closed editor may have held unsaved text: the file on disk is the truth again. A
    // file from outside the workspace that no workspace file imports was checked only because
    // it was open: it is forgotten, as is any other document (an untitled buffer, a copy a
    // provider synced).
    if (isDefinition(d) && d.uri.scheme !== 'untitled' && (inWorkspace(d.uri) || importedFromWorkspace(keyOf(d.uri)))) fromDisk(d.uri);
    else if (service.texts().has(keyOf(d.uri))) {
      service.forget(d.uri);
      publisher.schedule();
    }
  }));
  // Folders added to or removed from a multi-root workspace: their files are read or forgotten
  // (the open ones stay, with their editors' text), and the Workflows view lists them again.
  ctx.register(vscode.workspace.onDidChangeWorkspaceFolders(async (e) => {
    let changed = 0;
    for (const f of e.removed) changed += service.forgetUnder(f.uri);
    for (const d of vscode.workspace.textDocuments) if (isDefinition(d)) service.setText(d);
    const open = openKeys();
    const found = (await walkForDefinitions(e.added.map((f) => f.uri))).filter((u) => !open.has(keyOf(u)));
    await Promise.all(found.map((u) => service.loadFromDisk(u)));
    changed += found.length;
    if (changed > 0) publisher.schedule();
    void vscode.commands.executeCommand(Commands.refreshWorkflows);
  }));

  const ready = scan().then(async (n) => {
    await publisher.checkNow();
    const diags = [...publisher.byFile.values()].reduce((k, l) => k + l.length, 0);
    ctx.log.info(`checked ${n} definition file${n === 1 ? '' : 's'} of the workspace in ${publisher.lastCheckMs.toFixed(0)} ms: ${diags} diagnostic${diags === 1 ? '' : 's'} in ${publisher.byFile.size} file${publisher.byFile.size === 1 ? '' : 's'}`);
  }, (err: unknown) => ctx.log.error(`could not list the definition files: ${String(err)}`));

  // The step hover ends with the step's outcome in the last recorded run of its workflow.
  let history: RunHistory | undefined;
  let cached: { trace: string; mtimeMs: number; outcomes: ReturnType<typeof stepOutcomes> } | undefined;
  const stepStatus: StepRunStatus = async (file, workflow, step) => {
    if (file.includes('://')) return undefined;
    history ??= ctx.register(new RunHistory());
    const run = await history.lastRun(file, { kind: 'workflow', name: workflow });
    if (!run) return undefined;
    if (cached?.trace !== run.trace || cached.mtimeMs !== run.mtimeMs) {
      cached = { trace: run.trace, mtimeMs: run.mtimeMs, outcomes: stepOutcomes(readTraceLines(await readFile(run.trace, 'utf8'))) };
    }
    return outcomeMarkdown(cached.outcomes.get(step), run.startedAt);
  };

  return {
    service,
    publisher,
    providers: { ...navigationProviders(service), ...editingProviders(service, publisher, stepStatus) },
    ready,
    async checkWorkspace() {
      await ready;
      for (const f of [...service.texts().keys()]) if (!openKeys().has(f)) service.forget(service.uriOf(f));
      const files = await scan();
      await publisher.checkNow();
      let errors = 0;
      let warnings = 0;
      for (const list of publisher.byFile.values()) {
        errors += list.filter((d) => d.severity === 'error').length;
        warnings += list.filter((d) => d.severity === 'warning').length;
      }
      return { files, errors, warnings };
    },
  };
}

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'out', '.vscode-test']);

const inSkippedDir = (uri: vscode.Uri): boolean => uri.path.split('/').some((segment) => SKIP_DIRS.has(segment));

/** Every `*.agents.yaml` under some folders (by default the workspace's), by reading directories (bounded). */
async function walkForDefinitions(roots: readonly vscode.Uri[] = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri), maxEntries = 20_000, maxDepth = 10): Promise<vscode.Uri[]> {
  const out: vscode.Uri[] = [];
  let budget = maxEntries;
  const walk = async (dir: vscode.Uri, depth: number): Promise<void> => {
    if (depth > maxDepth || budget <= 0) return;
    let entries: [string, vscode.FileType][];
    try {
      entries = await vscode.workspace.fs.readDirectory(dir);
    } catch {
      return;
    }
    budget -= entries.length;
    for (const [name, type] of entries) {
      const uri = vscode.Uri.joinPath(dir, name);
      if (type & vscode.FileType.Directory) {
        if (!SKIP_DIRS.has(name)) await walk(uri, depth + 1);
      } else if (isDefinitionPath(uri)) out.push(uri);
    }
  };
  for (const root of roots) await walk(root, 0);
  return out;
}

function mergeUris(a: readonly vscode.Uri[], b: readonly vscode.Uri[]): vscode.Uri[] {
  const seen = new Set(a.map((u) => u.toString()));
  return [...a, ...b.filter((u) => !seen.has(u.toString()))];
}

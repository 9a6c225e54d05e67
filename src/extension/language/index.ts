/**
 * The contract-aware editor for `*.agents.yaml`: diagnostics as you type, completion,
 * hover, navigation, rename, outline, folding and quick fixes. Registration is cheap: each
 * provider forwards to the runtime (runtime.ts), which is imported on first use or just
 * after activation — the parser, the symbol index and the checker never load during
 * activation. Nothing here runs a workflow, so all of it works in an untrusted workspace.
 */
import * as vscode from 'vscode';
import { Commands } from '../commandIds';
import { registerCommand } from '../commands';
import type { HandoffContext } from '../context';
import type { LanguageRuntime } from './runtime';
import { CHECKED_SCHEMES } from './service';

type Providers = LanguageRuntime['providers'];
type Method = (...args: unknown[]) => unknown;

let runtimePromise: Promise<LanguageRuntime> | undefined;

/** The language runtime, started on first call. Exported for the extension's other features and tests. */
export function languageRuntime(ctx: HandoffContext): Promise<LanguageRuntime> {
  runtimePromise ??= import('./runtime').then((m) => m.startRuntime(ctx));
  return runtimePromise;
}

function forward<K extends keyof Providers>(ctx: HandoffContext, key: K, methods: readonly string[]): Providers[K] {
  const out: Record<string, Method> = {};
  for (const m of methods) {
    out[m] = async (...args: unknown[]) => {
      const provider = (await languageRuntime(ctx)).providers[key] as unknown as Record<string, Method>;
      return provider[m]?.(...args);
    };
  }
  return out as unknown as Providers[K];
}

export function registerLanguageFeatures(ctx: HandoffContext): void {
  // The schemes the checker reads (service.ts): a git: copy or a diff's other side gets no hover, completion or fixes that would sync it as a file.
  const selector: vscode.DocumentSelector = [...CHECKED_SCHEMES].map((scheme) => ({ language: 'handoff-agents', scheme }));
  const l = vscode.languages;
  // The same characters as COMPLETION_TRIGGERS (editing.ts, not imported here so that activation does not load it). A space opens the list after `input: `: the provider answers it nowhere else.
  ctx.register(l.registerCompletionItemProvider(selector, forward(ctx, 'completion', ['provideCompletionItems']), '.', '$', '"', '/', '[', ' '));
  ctx.register(l.registerHoverProvider(selector, forward(ctx, 'hover', ['provideHover'])));
  ctx.register(l.registerDefinitionProvider(selector, forward(ctx, 'definition', ['provideDefinition'])));
  ctx.register(l.registerReferenceProvider(selector, forward(ctx, 'references', ['provideReferences'])));
  ctx.register(l.registerRenameProvider(selector, forward(ctx, 'rename', ['prepareRename', 'provideRenameEdits'])));
  ctx.register(l.registerDocumentSymbolProvider(selector, forward(ctx, 'documentSymbols', ['provideDocumentSymbols'])));
  ctx.register(l.registerWorkspaceSymbolProvider(forward(ctx, 'workspaceSymbols', ['provideWorkspaceSymbols'])));
  ctx.register(l.registerFoldingRangeProvider(selector, forward(ctx, 'folding', ['provideFoldingRanges'])));
  ctx.register(l.registerDocumentLinkProvider(selector, forward(ctx, 'links', ['provideDocumentLinks'])));
  ctx.register(l.registerCodeActionsProvider(selector, forward(ctx, 'codeActions', ['provideCodeActions']), {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.RefactorRewrite],
  }));
  registerCommand(ctx, Commands.checkWorkspace, async () => {
    const counts = await (await languageRuntime(ctx)).checkWorkspace();
    const runtime = runtimeCounts();
    const summary = `Handoff: ${checkSummary(counts, runtime)}`;
    ctx.log.info(summary);
    void vscode.window.showInformationMessage(summary, 'Show Problems').then((pick) => {
      if (pick) void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
    // What the message said, and the run-time problems apart from the definitions' (tests, scripts).
    return { ...counts, runtime, message: summary };
  });
  // The first check of the workspace starts just after activation, never inside it.
  const timer = setTimeout(() => {
    void languageRuntime(ctx).catch((err: unknown) => ctx.log.error(`language features failed to start: ${String(err)}`));
  }, 0);
  ctx.register({
    dispose: () => {
      clearTimeout(timer);
      // A later activation (tests, a reload of the extension host) starts a fresh runtime.
      runtimePromise = undefined;
    },
  });
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The problems recent runs reported (run-time contract violations, in Problems beside the
 * checker's): Check Workspace counts the definitions, and says these apart so that its count
 * and the status bar's do not seem to disagree. The source is `RUNTIME_SOURCE` of
 * run/runtimeDiagnostics.ts (not imported: this module loads without the run features).
 */
function runtimeCounts(): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const [, diags] of vscode.languages.getDiagnostics()) {
    for (const d of diags) {
      if (d.source !== 'handoff-runtime') continue;
      if (d.severity === vscode.DiagnosticSeverity.Error) errors++;
      else if (d.severity === vscode.DiagnosticSeverity.Warning) warnings++;
    }
  }
  return { errors, warnings };
}

/** `checked 4 definition files: 0 errors, 0 warnings; 2 errors and 4 warnings from recent runs are in Problems.` */
export function checkSummary(counts: { files: number; errors: number; warnings: number }, runtime: { errors: number; warnings: number }): string {
  const checked = `checked ${plural(counts.files, 'definition file')}: ${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}`;
  if (runtime.errors + runtime.warnings === 0) return `${checked}.`;
  const fromRuns = [runtime.errors ? plural(runtime.errors, 'error') : '', runtime.warnings ? plural(runtime.warnings, 'warning') : ''].filter(Boolean).join(' and ');
  const verb = runtime.errors + runtime.warnings === 1 ? 'is' : 'are';
  return `${checked} in the definitions; ${fromRuns} from recent runs ${verb} in Problems too.`;
}

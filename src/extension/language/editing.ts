/**
 * Completion, hover and code actions: thin glue over src/core/language. Code actions read
 * the checker's own diagnostic (its `data`) by matching the editor's diagnostic to it.
 */
import * as vscode from 'vscode';
import { completeAt, type ItemKind } from '../../core/language/completion';
import { hoverAt } from '../../core/language/hover';
import { contractInfo } from '../../core/language/resolveData';
import { addMissingFields, didYouMean, makeStrict, missingFallbackFields, pinOrUnpin, replaceReference, type Fix } from '../../core/language/quickFixes';
import type { Diagnostic } from '../../core/model/diagnostic';
import type { DiagnosticsPublisher } from './diagnostics';
import type { LanguageService } from './service';

const ITEM_KIND: Record<ItemKind, vscode.CompletionItemKind> = {
  key: vscode.CompletionItemKind.Property,
  keyword: vscode.CompletionItemKind.Keyword,
  contract: vscode.CompletionItemKind.Interface,
  agent: vscode.CompletionItemKind.Function,
  workflow: vscode.CompletionItemKind.Module,
  model: vscode.CompletionItemKind.Constant,
  step: vscode.CompletionItemKind.Event,
  field: vscode.CompletionItemKind.Field,
  value: vscode.CompletionItemKind.EnumMember,
  reference: vscode.CompletionItemKind.Variable,
};

/** A space opens the list after `input: `, `[a, ` and `- ` (the core answers a space nowhere else). */
export const COMPLETION_TRIGGERS = ['.', '$', '"', '/', '[', ' '];

/** The last run's outcome of a step as a line of Markdown, when a run of its workflow was recorded. */
export type StepRunStatus = (file: string, workflow: string, step: string) => Promise<string | undefined>;

export function editingProviders(s: LanguageService, publisher: DiagnosticsPublisher, stepStatus?: StepRunStatus) {
  return {
    completion: {
      async provideCompletionItems(doc, pos, _token, context) {
        const file = await s.syncWithImports(doc);
        return completeAt(s.index, file, doc.offsetAt(pos), context.triggerCharacter).map((i, n) => {
          const item = new vscode.CompletionItem(i.label, ITEM_KIND[i.kind]);
          item.range = new vscode.Range(doc.positionAt(i.replace.start), doc.positionAt(i.replace.end));
          if (i.insertText !== undefined) item.insertText = i.insertText;
          if (i.filterText !== undefined) item.filterText = i.filterText;
          if (i.detail) item.detail = i.detail;
          if (i.documentation) item.documentation = new vscode.MarkdownString(i.documentation);
          item.sortText = String(n).padStart(4, '0');
          if (i.retrigger) item.command = { command: 'editor.action.triggerSuggest', title: 'Suggest' };
          return item;
        });
      },
    } satisfies vscode.CompletionItemProvider,
    hover: {
      async provideHover(doc, pos) {
        const file = await s.syncWithImports(doc);
        const offset = doc.offsetAt(pos);
        const h = hoverAt(s.index, file, offset);
        if (!h) return undefined;
        const md = new vscode.MarkdownString(h.markdown, true);
        const step = s.index.symbolAt(file, offset)?.def;
        if (stepStatus && step?.kind === 'step' && step.workflow !== undefined) {
          const line = await stepStatus(step.file, step.workflow, step.name).catch(() => undefined);
          if (line) md.appendMarkdown(`\n\n${line}`);
        }
        return new vscode.Hover(md, new vscode.Range(doc.positionAt(h.span.start), doc.positionAt(h.span.end)));
      },
    } satisfies vscode.HoverProvider,
    codeActions: {
      async provideCodeActions(doc, range, context) {
        const file = await s.syncWithImports(doc);
        const fixes: FileFix[] = [];
        for (const d of context.diagnostics) {
          if (d.source !== 'handoff') continue;
          const core = match(publisher.byFile.get(file) ?? [], d);
          for (const f of fixesFor(s, file, doc, d, core)) fixes.push({ ...f, diag: d });
        }
        const offset = doc.offsetAt(range.start);
        const ref = s.index.refAt(file, offset);
        const pin = ref ? pinOrUnpin(s.index, ref) : undefined;
        if (pin && !fixes.some((f) => f.fix.title === pin.title)) fixes.push({ fix: pin, file });
        // On a contract's name (its key or a use of it): make it strict-compatible, wherever it is defined.
        const at = s.index.symbolAt(file, offset);
        const strict = at?.def.kind === 'contract' ? makeStrict(s.index.get(at.def.file)!, at.def.name) : undefined;
        if (strict && at && !fixes.some((f) => f.fix.title === strict.title)) fixes.push({ fix: { ...strict, kind: 'refactor.rewrite' }, file: at.def.file });
        return fixes.map(({ fix, diag, file: target }) => {
          const action = new vscode.CodeAction(fix.title, fix.kind === 'quickfix' ? vscode.CodeActionKind.QuickFix : vscode.CodeActionKind.RefactorRewrite);
          action.edit = new vscode.WorkspaceEdit();
          for (const e of fix.edits) action.edit.replace(s.uriOf(target), s.range(target, e.span), e.newText);
          if (diag) action.diagnostics = [diag];
          action.isPreferred = fix.preferred ?? false;
          return action;
        });
      },
    } satisfies vscode.CodeActionProvider,
  };
}

function match(list: readonly Diagnostic[], d: vscode.Diagnostic): Diagnostic | undefined {
  const code = typeof d.code === 'object' ? String(d.code.value) : String(d.code);
  return list.find((c) => c.code === code && c.message === d.message && c.range.start.line - 1 === d.range.start.line && c.range.start.column - 1 === d.range.start.character);
}

/** A fix and the file its edits apply to (a contract may be defined in another file). */
interface FileFix {
  readonly fix: Fix;
  readonly file: string;
  readonly diag?: vscode.Diagnostic;
}

function fixesFor(s: LanguageService, file: string, doc: vscode.TextDocument, d: vscode.Diagnostic, core: Diagnostic | undefined): FileFix[] {
  const idx = s.index.get(file);
  if (!idx || !core) return [];
  const span = { start: doc.offsetAt(d.range.start), end: doc.offsetAt(d.range.end) };
  const data = core.data ?? {};
  const out: (Fix | undefined)[] = [];
  const elsewhere: FileFix[] = [];
  if (typeof data.suggestion === 'string') out.push(didYouMean(idx, span, data.suggestion, typeof data.segment === 'number' ? data.segment : undefined));
  if (core.code === 'fallback-mismatch' && !Array.isArray(data.missing)) {
    out.push(addMissingFields(s.index, file, span, missingFallbackFields(s.index, file, span.start)));
  }
  if (Array.isArray(data.missing)) {
    const names = data.missing.map((m: unknown) => (typeof m === 'string' ? m : typeof (m as { name?: unknown })?.name === 'string' ? (m as { name: string }).name : '')).filter(Boolean);
    const fill = data.fill && typeof data.fill === 'object' ? Object.fromEntries(Object.entries(data.fill as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string')) : {};
    out.push(addMissingFields(s.index, file, span, names, fill));
  }
  if (Array.isArray(data.replacements)) {
    const refs = data.replacements.filter((r): r is string => typeof r === 'string');
    for (const ref of refs) out.push(replaceReference(idx, span, ref, refs.length === 1));
  }
  if (core.code === 'strict-incompatible') {
    // The diagnostic sits on a use of the contract (an agent's `output:`) or in its definition.
    const at = s.index.symbolAt(file, span.start);
    // The fix edits the current schema: not for a reference pinned to an earlier version.
    const pinnedEarlier = at?.ref?.version !== undefined && at.ref.version !== contractInfo(s.index, at.ref.name, file)?.currentVersion;
    const def = pinnedEarlier ? undefined : (at?.def ?? idx.defs.find((x) => x.kind === 'contract' && x.entry.start <= span.start && span.start <= x.entry.end));
    const target = def?.kind === 'contract' ? s.index.get(def.file) : undefined;
    const fix = def && target ? makeStrict(target, def.name) : undefined;
    if (def && fix) elsewhere.push({ fix, file: def.file });
  }
  if (core.code === 'version-pin') {
    const ref = idx.refs.find((r) => r.kind === 'contract' && r.version !== undefined && r.full && r.full.start <= span.end && span.start <= r.full.end);
    if (ref) out.push(pinOrUnpin(s.index, ref));
  }
  return [...out.filter((f): f is Fix => f !== undefined).map((fix) => ({ fix, file })), ...elsewhere];
}

/**
 * Go to definition, find references, rename across files, document and workspace
 * symbols, folding: thin glue over the symbol index in src/core/language.
 */
import * as vscode from 'vscode';
import { foldingRanges, outline, type OutlineNode } from '../../core/language/outline';
import type { SymbolKind } from '../../core/language/symbols';
import type { LanguageService } from './service';

const KIND: Record<SymbolKind | 'section', vscode.SymbolKind> = {
  section: vscode.SymbolKind.Namespace,
  model: vscode.SymbolKind.Constant,
  contract: vscode.SymbolKind.Interface,
  agent: vscode.SymbolKind.Function,
  workflow: vscode.SymbolKind.Module,
  step: vscode.SymbolKind.Event,
};

export function navigationProviders(s: LanguageService) {
  return {
    definition: {
      async provideDefinition(doc, pos) {
        const file = await s.syncWithImports(doc);
        const at = s.index.symbolAt(file, doc.offsetAt(pos));
        if (!at) return undefined;
        return [{ originSelectionRange: s.range(file, at.span), targetUri: s.uriOf(at.def.file), targetRange: s.range(at.def.file, at.def.entry), targetSelectionRange: s.range(at.def.file, at.def.key) }];
      },
    } satisfies vscode.DefinitionProvider,
    references: {
      async provideReferences(doc, pos, context) {
        const file = await s.syncWithImports(doc);
        const at = s.index.symbolAt(file, doc.offsetAt(pos));
        return at ? s.index.references(at.def, context.includeDeclaration).map((l) => s.location(l.file, l.span)) : [];
      },
    } satisfies vscode.ReferenceProvider,
    rename: {
      async prepareRename(doc, pos) {
        const file = await s.syncWithImports(doc);
        const at = s.index.symbolAt(file, doc.offsetAt(pos));
        if (!at) throw new Error('Put the cursor on a contract, agent, workflow, model or step name to rename it.');
        return { range: s.range(file, at.span), placeholder: at.def.name };
      },
      async provideRenameEdits(doc, pos, newName) {
        const file = await s.syncWithImports(doc);
        const result = s.index.renameEdits(file, doc.offsetAt(pos), newName);
        if ('error' in result) throw new Error(result.error);
        const edit = new vscode.WorkspaceEdit();
        for (const [f, edits] of result) for (const e of edits) edit.replace(s.uriOf(f), s.range(f, e.span), e.newText);
        return edit;
      },
    } satisfies vscode.RenameProvider,
    documentSymbols: {
      async provideDocumentSymbols(doc) {
        const file = await s.syncWithImports(doc);
        const idx = s.index.get(file);
        const convert = (n: OutlineNode): vscode.DocumentSymbol => {
          const sym = new vscode.DocumentSymbol(n.name, n.detail, KIND[n.kind], s.range(file, n.span), s.range(file, n.selection));
          sym.children = n.children.map(convert);
          return sym;
        };
        return idx ? outline(idx).map(convert) : [];
      },
    } satisfies vscode.DocumentSymbolProvider,
    workspaceSymbols: {
      async provideWorkspaceSymbols(query) {
        return s.indexed().workspaceSymbols(query).slice(0, 500).map((d) => new vscode.SymbolInformation(d.name, KIND[d.kind], d.workflow ?? d.kind, s.location(d.file, d.key)));
      },
    } satisfies vscode.WorkspaceSymbolProvider,
    folding: {
      async provideFoldingRanges(doc) {
        const idx = s.index.get(await s.syncWithImports(doc));
        return idx ? foldingRanges(idx).map((f) => new vscode.FoldingRange(f.start, f.end, f.comment ? vscode.FoldingRangeKind.Comment : undefined)) : [];
      },
    } satisfies vscode.FoldingRangeProvider,
    links: {
      async provideDocumentLinks(doc) {
        const idx = s.index.get(await s.syncWithImports(doc));
        if (!idx || doc.uri.scheme === 'untitled') return [];
        return idx.importSpans.map((i) => {
          const link = new vscode.DocumentLink(s.range(idx.file, i.span), vscode.Uri.joinPath(doc.uri, '..', i.path));
          link.tooltip = 'Open the imported definition file';
          return link;
        });
      },
    } satisfies vscode.DocumentLinkProvider,
  };
}

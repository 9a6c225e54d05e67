/** All the checks of one file that depend on other files (names, types, graphs). */
import type { Diagnostic } from '../model/diagnostic';
import { checkAgent } from './agents';
import type { CheckContext } from './context';
import type { FileModel, ImportEntry, SymbolKind } from './fileModel';
import type { Resolver } from './resolver';
import { checkContract } from './schemas';
import { checkWorkflow } from './workflows';
import { basename, dirname, relative } from 'node:path';

export function checkSemantics(file: FileModel, resolver: Resolver): Diagnostic[] {
  const ctx: CheckContext = { file, resolver, out: [] };
  for (const imp of file.imports) {
    if (!resolver.files.has(imp.target)) {
      const why = resolver.unreadable.get(imp.target);
      ctx.out.push(file.diag(['imports', imp.index], 'import', why ? `cannot read the imported file ${imp.spec}: ${why}` : `cannot find the imported file ${imp.spec}`));
    }
  }
  checkClashes(ctx);
  for (const def of file.symbols.contract.values()) checkContract(ctx, def);
  for (const def of file.symbols.agent.values()) checkAgent(ctx, def);
  for (const def of file.symbols.workflow.values()) checkWorkflow(ctx, def);
  return ctx.out;
}

const KINDS: readonly SymbolKind[] = ['contract', 'agent', 'workflow', 'model'];

/**
 * A name that files reached through two different imports define: the file's references mean
 * the one met first, so reordering `imports:` would change what the file means. A warning on
 * the import that brings the one left unused. A file's own definition wins by design and is
 * not reported, nor a clash within what one import brings (that file's own check reports it).
 */
function checkClashes(ctx: CheckContext): void {
  const { file, resolver } = ctx;
  if (file.imports.length < 2) return;
  const visible = resolver.visible(file.path).slice(1);
  const via = new Map<string, ImportEntry>();
  for (const imp of file.imports) for (const f of resolver.visible(imp.target)) if (!via.has(f.path)) via.set(f.path, imp);
  const rel = (p: string): string => relative(dirname(file.path), p) || basename(p);
  for (const kind of KINDS) {
    // The file that defines each name first, in the order lookups meet them.
    const winners = new Map<string, FileModel>();
    for (const other of visible) {
      for (const [name, def] of other.symbols[kind]) {
        if (file.symbols[kind].has(name)) continue;
        const winner = winners.get(name);
        if (!winner) {
          winners.set(name, other);
          continue;
        }
        const imp = via.get(other.path);
        if (!imp || imp === via.get(winner.path)) continue;
        ctx.out.push(
          file.diag(['imports', imp.index], 'import', `${kind} '${name}' is defined in both ${rel(winner.path)} and ${rel(other.path)}; here it means the one of ${rel(winner.path)}, the import met first. Rename one, or define '${name}' in this file`, {
            severity: 'warning',
            related: [{ range: resolver.rangeOf(winner.symbols[kind].get(name)!), message: `the ${kind} '${name}' used here` }, { range: resolver.rangeOf(def), message: `the other ${kind} '${name}'` }],
          }),
        );
      }
    }
  }
}

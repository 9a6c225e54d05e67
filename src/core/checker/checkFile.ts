/** All the checks of one file that depend on other files (names, types, graphs). */
import type { Diagnostic } from '../model/diagnostic';
import { checkAgent } from './agents';
import type { CheckContext } from './context';
import type { FileModel } from './fileModel';
import type { Resolver } from './resolver';
import { checkContract } from './schemas';
import { checkWorkflow } from './workflows';

export function checkSemantics(file: FileModel, resolver: Resolver): Diagnostic[] {
  const ctx: CheckContext = { file, resolver, out: [] };
  for (const imp of file.imports) {
    if (!resolver.files.has(imp.target)) {
      const why = resolver.unreadable.get(imp.target);
      ctx.out.push(file.diag(['imports', imp.index], 'import', why ? `cannot read the imported file ${imp.spec}: ${why}` : `cannot find the imported file ${imp.spec}`));
    }
  }
  for (const def of file.symbols.contract.values()) checkContract(ctx, def);
  for (const def of file.symbols.agent.values()) checkAgent(ctx, def);
  for (const def of file.symbols.workflow.values()) checkWorkflow(ctx, def);
  return ctx.out;
}

/** The `fallback-mismatch` check: an agent's fallback value must satisfy its output contract. */
import type { ResolvedContract } from '../model/program';
import { interpretValidate } from '../schema/interpret';
import { compileValidator } from '../schema/validator';
import type { CheckContext } from './context';
import type { SymbolDef } from './fileModel';

export function checkFallback(ctx: CheckContext, def: SymbolDef, output: ResolvedContract | undefined): void {
  if (!('fallback' in def.value) || def.value.fallback === undefined) return;
  const path = [...def.path, 'fallback'];
  if (!output) {
    if (typeof def.value.output !== 'string') ctx.out.push(ctx.file.diag(path, 'fallback-mismatch', `agent '${def.name}' has a fallback but no output contract to check it against`));
    return;
  }
  let errors = interpretValidate(def.value.fallback, output.schema);
  if (errors === undefined) {
    try {
      errors = [...compileValidator(output.schema)(def.value.fallback).errors];
    } catch {
      return;
    }
  }
  for (const e of errors.slice(0, 5)) {
    const segs = e.path === '' ? [] : e.path.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const at = [...path, ...segs.map((s) => (/^[0-9]+$/.test(s) ? Number(s) : s))];
    ctx.out.push(ctx.file.diag(at, 'fallback-mismatch', `fallback does not satisfy ${output.name}@${output.version}: ${segs.join('.') || '(value)'} ${e.message}`));
  }
}

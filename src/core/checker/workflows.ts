/**
 * Checks of one workflow: its contracts, its pattern's checks, and `cycle` for workflows that
 * contain themselves through steps or workers.
 */
import { str, strList, type CheckContext } from './context';
import type { SymbolDef } from './fileModel';
import { checkGraph } from './graph';
import { checkPlan, checkSupervisor } from './patterns';
import { refContract } from './references';
import { isObject } from '../schema/navigate';

/** The workflows a workflow uses directly, with the key path where it names each. */
function children(def: SymbolDef): { name: string; path: (string | number)[] }[] {
  const out: { name: string; path: (string | number)[] }[] = [];
  if (isObject(def.value.steps)) {
    for (const [step, v] of Object.entries(def.value.steps)) {
      if (isObject(v) && typeof v.workflow === 'string') out.push({ name: v.workflow, path: [...def.path, 'steps', step, 'workflow'] });
    }
  }
  strList(def.value, 'workers').forEach((name, i) => out.push({ name, path: [...def.path, 'workers', i] }));
  return out;
}

function checkRecursion(ctx: CheckContext, def: SymbolDef): void {
  for (const child of children(def)) {
    const seen = new Set<SymbolDef>();
    const queue: SymbolDef[] = [];
    const first = ctx.resolver.lookup('workflow', child.name, ctx.file.path);
    if (first) queue.push(first);
    while (queue.length > 0) {
      const w = queue.shift() as SymbolDef;
      if (w === def) {
        ctx.out.push(ctx.file.diag(child.path, 'cycle', `workflow '${def.name}' contains itself through '${child.name}'`));
        break;
      }
      if (seen.has(w)) continue;
      seen.add(w);
      for (const c of children(w)) {
        const next = ctx.resolver.lookup('workflow', c.name, w.file);
        if (next) queue.push(next);
      }
    }
  }
}

export function checkWorkflow(ctx: CheckContext, def: SymbolDef): void {
  const inRef = str(def.value, 'input');
  const outRef = str(def.value, 'output');
  const input = inRef !== undefined ? refContract(ctx, inRef, [...def.path, 'input']) : undefined;
  const output = outRef !== undefined ? refContract(ctx, outRef, [...def.path, 'output']) : undefined;
  const pattern = def.value.pattern ?? 'graph';
  if (pattern === 'supervisor') checkSupervisor(ctx, def, input, output);
  else if (pattern === 'plan') checkPlan(ctx, def, input, output);
  else if (pattern === 'graph') checkGraph(ctx, def, input, output);
  checkRecursion(ctx, def);
}

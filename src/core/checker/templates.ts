/**
 * The `template-var` check: every `{{path}}` in an agent's instructions must exist in its
 * input contract. The diagnostic points at the placeholder itself inside the text.
 */
import { placeholderSegments, placeholdersIn } from '../expr/placeholder';
import type { ResolvedContract } from '../model/program';
import { schemaAtPath } from '../schema/navigate';
import type { CheckContext } from './context';
import type { SymbolDef } from './fileModel';
import { didYouMean } from './suggest';
import { subRange } from './textRange';

export function checkTemplates(ctx: CheckContext, def: SymbolDef, input: ResolvedContract | undefined, hasInput: boolean): void {
  const text = def.value.instructions;
  if (typeof text !== 'string') return;
  const path = [...def.path, 'instructions'];
  const seen = new Map<string, number>();
  // The engine's placeholder syntax (expr/placeholder.ts): what is checked here is what it reads.
  for (const { whole, path: expr } of placeholdersIn(text)) {
    const occurrence = seen.get(whole) ?? 0;
    seen.set(whole, occurrence + 1);
    const range = subRange(ctx.file, path, whole, occurrence);
    if (!hasInput) {
      ctx.out.push(ctx.file.diagAt(range, 'template-var', `{{${expr}}} reads the input, but agent '${def.name}' has no input contract`));
      continue;
    }
    if (!input) continue;
    const segs = placeholderSegments(expr);
    if (segs.some((s) => s === '')) {
      ctx.out.push(ctx.file.diagAt(range, 'template-var', `{{${expr}}} is not a path: write names separated by dots`));
      continue;
    }
    const r = schemaAtPath(input.schema, segs, input.schema);
    if (!r.ok) {
      const missing = segs[r.segment] as string;
      const s = didYouMean(missing, r.available);
      const head = segs.slice(0, r.segment).join('.');
      ctx.out.push(
        // `segment`: which name of the path the suggestion replaces (for the quick fix).
        ctx.file.diagAt(range, 'template-var', `{{${expr}}}: the input contract ${input.name}@${input.version} has no field '${missing}'${head ? ` in ${head}` : ''}${s.text}`, s.data ? { data: { ...s.data, segment: r.segment } } : {}),
      );
    }
  }
}

/**
 * The `when-type` check: a step's condition must parse, its references must exist, and it
 * must compare values of the same type. Diagnostics point inside the condition text.
 */
import { checkCondition, parseCondition, type TypeEnv } from '../expr';
import type { Path } from '../parse';
import type { CheckContext } from './context';
import { didYouMean } from './suggest';
import { subRange } from './textRange';

/** Checks a condition; returns the steps it reads (for the dependency graph). */
export function checkWhen(ctx: CheckContext, path: Path, text: string, env: TypeEnv): string[] {
  const parsed = parseCondition(text);
  if (!parsed.ok) {
    const piece = text.slice(parsed.offset, parsed.offset + 1) || text;
    ctx.out.push(ctx.file.diagAt(subRange(ctx.file, path, piece), 'when-type', `the condition does not parse: ${parsed.error} (at column ${parsed.offset + 1} of the condition)`));
    return [];
  }
  for (const p of checkCondition(parsed.ast, env)) {
    const piece = text.slice(p.start, p.end);
    const occurrence = text.slice(0, p.start).split(piece).length - 1;
    const s = p.name !== undefined && p.candidates ? didYouMean(p.name, p.candidates) : { text: '' };
    ctx.out.push(ctx.file.diagAt(subRange(ctx.file, path, piece, occurrence), 'when-type', `${p.message}${s.text}`, 'data' in s && s.data ? { data: s.data } : {}));
  }
  const steps: string[] = [];
  const walk = (n: typeof parsed.ast): void => {
    if (n.kind === 'ref' && n.ref.root === 'steps') steps.push(n.ref.step);
    if ('left' in n) {
      walk(n.left);
      walk(n.right);
    }
    if (n.kind === 'not') walk(n.operand);
    if (n.kind === 'list') n.items.forEach(walk);
  };
  walk(parsed.ast);
  return steps;
}

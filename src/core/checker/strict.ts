/**
 * The `strict-incompatible` check: an output contract that OpenAI's strict structured outputs
 * cannot enforce as written (a warning: the engine then validates after the fact).
 */
import type { JsonSchema } from '../model/program';
import type { Path } from '../parse';
import { strictProblems } from '../schema/strict';
import type { CheckContext } from './context';

export function checkStrict(ctx: CheckContext, schema: JsonSchema, path: Path, what: string): void {
  const problems = strictProblems(schema);
  if (problems.length === 0) return;
  const list = problems.slice(0, 3).map((p) => `${p.path || '(root)'} ${p.message}`).join('; ');
  const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : '';
  ctx.out.push(ctx.file.diag(path, 'strict-incompatible', `${what} cannot be enforced by strict structured outputs: ${list}${more}`, { severity: 'warning' }));
}

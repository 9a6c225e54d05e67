/**
 * The `version-pin` check: a reference pinned to an older version (`Name@1`) where the current
 * version is not backward compatible with it, that is, where some value valid for the old
 * version is not valid for the current one (fields the old version did not declare count as
 * absent, so adding an optional field is compatible). The message says what changed.
 */
import type { ResolvedContract } from '../model/program';
import type { Path } from '../parse';
import { isAssignable } from '../schema/assignable';
import type { CheckContext } from './context';
import type { SymbolDef } from './fileModel';

export function checkPin(ctx: CheckContext, def: SymbolDef, pinned: ResolvedContract, path: Path): void {
  const current = ctx.resolver.contractOf(def, undefined);
  if (!current) return;
  const r = isAssignable(pinned.schema, current.schema, { undeclaredAbsent: true });
  if (r.ok) return;
  const changes = r.problems.slice(0, 3).map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; ');
  ctx.out.push(
    ctx.file.diag(path, 'version-pin', `pinned to ${def.name}@${pinned.version}, but version ${current.version} is not backward compatible with it: ${changes}`, {
      severity: 'warning',
      related: [{ range: current.range as NonNullable<typeof current.range>, message: `${def.name} version ${current.version}` }],
      data: { current: current.version },
    }),
  );
}

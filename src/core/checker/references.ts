/**
 * The `unknown-ref` check for names: contracts (with versions), agents, workflows, model
 * profiles and workers. Each lookup reports at the offending value with the nearest name.
 */
import { ContractRef } from '../model/definition';
import type { ResolvedContract } from '../model/program';
import type { Path } from '../parse';
import type { CheckContext } from './context';
import type { SymbolDef, SymbolKind } from './fileModel';
import { splitRef, versionsOf } from './resolver';
import { didYouMean } from './suggest';
import { checkPin } from './versions';

/** Resolves a name of one kind, reporting `unknown-ref` when it does not exist. */
export function refName(ctx: CheckContext, kind: SymbolKind, name: string, path: Path): SymbolDef | undefined {
  const def = ctx.resolver.lookup(kind, name, ctx.file.path);
  if (def) return def;
  const s = didYouMean(name, ctx.resolver.names(kind, ctx.file.path));
  ctx.out.push(ctx.file.diag(path, 'unknown-ref', `no ${kind} named '${name}'${s.text}`, s.data ? { data: s.data } : {}));
  return undefined;
}

/** An agent or a workflow (workers and steps may name either); the did-you-mean leaves out the names `listed` already. */
export function refWorker(ctx: CheckContext, name: string, path: Path, listed: ReadonlySet<string> = new Set()): SymbolDef | undefined {
  const r = ctx.resolver;
  const agent = r.lookup('agent', name, ctx.file.path);
  const workflow = r.lookup('workflow', name, ctx.file.path);
  // A worker is named by its name alone: one that is an agent and a workflow both would
  // always be the agent, and the workflow could never be reached.
  if (agent && workflow) ctx.out.push(ctx.file.diag(path, 'format', `'${name}' is both an agent and a workflow, so as a worker it would always be the agent: rename one`));
  const def = agent ?? workflow;
  if (def) return def;
  const s = didYouMean(name, [...r.names('agent', ctx.file.path), ...r.names('workflow', ctx.file.path)].filter((n) => !listed.has(n)));
  ctx.out.push(ctx.file.diag(path, 'unknown-ref', `no agent or workflow named '${name}'${s.text}`, s.data ? { data: s.data } : {}));
  return undefined;
}

/** Resolves `Name` or `Name@version`; reports unknown names and versions, and risky pins. */
export function refContract(ctx: CheckContext, ref: string, path: Path): ResolvedContract | undefined {
  // `T@`, `T@0`, `T@x`: the format check reports them; resolving them would only add follow-on errors.
  if (!ContractRef.safeParse(ref).success) return undefined;
  const { name, version } = splitRef(ref);
  const def = refName(ctx, 'contract', name, path);
  if (!def) return undefined;
  const c = ctx.resolver.contractOf(def, version);
  if (!c) {
    const versions = versionsOf(def);
    ctx.out.push(ctx.file.diag(path, 'unknown-ref', `contract '${name}' has no version ${String(version)} (versions: ${versions.join(', ')})`));
    return undefined;
  }
  if (!c.current) checkPin(ctx, def, c, path);
  return c;
}

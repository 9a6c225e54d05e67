/**
 * The `fallback-mismatch` check: an agent's fallback value must satisfy its output contract.
 * An agent that omits `output` because the engine supplies its contract (a critic, a
 * supervisor, a planner) has its fallback checked where it is used in that role, against the
 * contract the engine supplies there (engineAgents.ts): the engine returns the fallback in
 * place of the agent's answer.
 */
import type { JsonSchema, ResolvedContract } from '../model/program';
import { isObject } from '../schema/navigate';
import { interpretValidate } from '../schema/interpret';
import { compileValidator } from '../schema/validator';
import type { CheckContext } from './context';
import type { SymbolDef } from './fileModel';

export interface FallbackProblem {
  /** The key path inside the fallback value. */
  readonly at: (string | number)[];
  /** The path and what is wrong there: `feedback must be string`. */
  readonly message: string;
  /** What is wrong, without the path (`must be string`). */
  readonly detail?: string;
}

/** `feedback must be string`; `(value) ...` for the value itself. */
export const problemText = (at: readonly (string | number)[], what: string): string => `${at.join('.') || '(value)'} ${what}`;

/** At most this many problems of one fallback are reported. */
const MAX_PROBLEMS = 5;

/** Why a fallback value does not satisfy a schema (empty when it does, or when the schema cannot be compiled). */
export function fallbackProblems(value: unknown, schema: JsonSchema): FallbackProblem[] {
  let errors = interpretValidate(value, schema);
  if (errors === undefined) {
    try {
      errors = [...compileValidator(schema)(value).errors];
    } catch {
      return [];
    }
  }
  return errors.slice(0, MAX_PROBLEMS).map((e) => {
    const segs = e.path === '' ? [] : e.path.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const at = segs.map((s) => (/^[0-9]+$/.test(s) ? Number(s) : s));
    return { at, message: problemText(at, e.message), detail: e.message };
  });
}

/** Whether some loaded file uses the agent as a critic, a supervisor or a planner (the engine supplies its output contract there). */
function answersTheEngine(ctx: CheckContext, def: SymbolDef): boolean {
  for (const file of ctx.resolver.files.values()) {
    const names: string[] = [];
    for (const a of file.symbols.agent.values()) {
      if (isObject(a.value.reflect) && typeof a.value.reflect.critic === 'string') names.push(a.value.reflect.critic);
    }
    for (const w of file.symbols.workflow.values()) {
      for (const key of ['supervisor', 'planner']) if (typeof w.value[key] === 'string') names.push(w.value[key] as string);
    }
    if (names.some((n) => n === def.name && ctx.resolver.lookup('agent', n, file.path) === def)) return true;
  }
  return false;
}

export function checkFallback(ctx: CheckContext, def: SymbolDef, output: ResolvedContract | undefined): void {
  if (!('fallback' in def.value) || def.value.fallback === undefined) return;
  const path = [...def.path, 'fallback'];
  if (!output) {
    // An `output:` that does not resolve is reported where it is written; an agent that
    // answers the engine has its fallback checked where it is used (engineAgents.ts).
    if (typeof def.value.output !== 'string' && !answersTheEngine(ctx, def)) {
      ctx.out.push(
        ctx.file.diag(
          path,
          'fallback-mismatch',
          `agent '${def.name}' has a fallback but no output contract to check it against (only a critic, a supervisor or a planner may omit output: the engine supplies its contract, and checks the fallback against it)`,
        ),
      );
    }
    return;
  }
  for (const p of fallbackProblems(def.value.fallback, output.schema)) {
    ctx.out.push(ctx.file.diag([...path, ...p.at], 'fallback-mismatch', `fallback does not satisfy ${output.name}@${output.version}: ${p.message}`));
  }
}

/**
 * Assignability of JSON Schemas: is every value valid for `source` also valid for `target`?
 * The answer is sound: `ok` is true only when that is proven for the keywords modelled here;
 * keywords of the target it cannot reason about are listed as `unproven` (a warning), never
 * as problems. Both schemas are self-contained (local `$ref`s resolve against each root).
 */
import type { JsonSchema } from '../../model/program';
import { deref, isObject, unresolvedRef, type SchemaObject } from '../navigate';
import { showValue, typeToString } from '../printer';
import { interpretValidate } from '../interpret';
import { compileValidator, type Validator } from '../validator';
import { checkArray, checkNumber, checkObject, checkString, type ObjectOptions } from './keywords';
import { mergeAllOf } from './merge';
import { Report, type AssignProblem, type AssignResult, type Unproven } from './report';
import { provablyDisjoint } from './disjoint';
import { counterexample, finiteValues, integerOnly } from './samples';

export type { AssignProblem, AssignResult, Unproven } from './report';

const ANNOTATIONS = new Set(['$schema', '$id', '$comment', '$defs', 'definitions', 'title', 'description', 'default', 'examples', 'deprecated', 'readOnly', 'writeOnly', '$anchor', 'contentMediaType', 'contentEncoding']);
const MODELLED = new Set(['type', 'enum', 'const', 'anyOf', 'oneOf', 'allOf', '$ref', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength', 'pattern', 'format', 'items', 'prefixItems', 'minItems', 'maxItems', 'uniqueItems', 'properties', 'required', 'additionalProperties', 'patternProperties']);
const TYPES = ['null', 'boolean', 'object', 'array', 'number', 'integer', 'string'];

function typeList(s: SchemaObject): string[] {
  if ('const' in s || Array.isArray(s.enum)) {
    const vals = 'const' in s ? [s.const] : (s.enum as unknown[]);
    return [...new Set(vals.map((v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v)))];
  }
  if (s.type === undefined) return TYPES;
  return (Array.isArray(s.type) ? s.type : [s.type]) as string[];
}

const allows = (types: string[], t: string): boolean => types.includes(t) || (t === 'integer' && types.includes('number'));

/**
 * The type of a value the checker cannot know (a reference to a step whose agent did not
 * resolve, a contract that is not valid JSON Schema): `{ [UNKNOWN_TYPE_KEY]: true }`. It fits
 * any target, so that one error does not cascade into others. The key is a symbol, so no
 * schema a user writes (all of whose keys are strings) can switch the checks off with it.
 */
export const UNKNOWN_TYPE_KEY: unique symbol = Symbol('handoff-unknown');

/** A fresh schema of a type the checker cannot know. */
export function unknownType(): JsonSchema {
  return { [UNKNOWN_TYPE_KEY]: true } as unknown as JsonSchema;
}

/** Whether a schema is the checker's stand-in for a type it cannot know (see UNKNOWN_TYPE_KEY). */
export function isUnknownType(schema: unknown): boolean {
  return isObject(schema) && (schema as { [UNKNOWN_TYPE_KEY]?: unknown })[UNKNOWN_TYPE_KEY] === true;
}

/** A schema without its (unresolvable) `$ref`, the same object for the same input. */
const refless = new WeakMap<object, SchemaObject>();
function withoutRef(s: SchemaObject): SchemaObject {
  let out = refless.get(s);
  if (out === undefined) {
    const { $ref: _ref, ...rest } = s;
    refless.set(s, (out = rest));
  }
  return out;
}

const rootedValidators = new WeakMap<object, Validator | null>();

/** A validator for a target sub-schema, carrying its root's $defs; undefined when it cannot compile. */
function validatorFor(t: SchemaObject, root: JsonSchema): Validator | undefined {
  const hit = rootedValidators.get(t);
  if (hit !== undefined) return hit ?? undefined;
  let v: Validator | null;
  try {
    v = compileValidator(isObject(root) && isObject(root.$defs) && !('$defs' in t) ? { ...t, $defs: root.$defs } : t);
  } catch {
    v = null;
  }
  rootedValidators.set(t, v);
  return v ?? undefined;
}

/** What one source/target pair adds to a report, with paths relative to where it was checked. */
interface Memo {
  readonly problems: AssignProblem[];
  readonly unproven: Unproven[];
  readonly omitted: number;
}

/** `path` without the `prefix` it starts with, as a suffix that `withPrefix` puts back after any prefix. */
function suffixOf(path: string, prefix: string): string {
  const rest = path.slice(prefix.length);
  return prefix === '' && rest !== '' && !rest.startsWith('[') ? `.${rest}` : rest;
}

function withPrefix(prefix: string, suffix: string): string {
  return prefix === '' && suffix.startsWith('.') ? suffix.slice(1) : prefix + suffix;
}

class Checker {
  private readonly pairs = new Map<object, Set<object>>();
  /**
   * Pairs already checked, and what they found: schemas that refer to the same contract
   * more than once (`a` and `b` both `$ref: C1`, and so on down) would otherwise be compared
   * once per path to them, twice as often with each level. A result that leaned on a pair in
   * progress (a recursive $ref) or on the depth limit depends on where it was met, and is
   * not kept.
   */
  private readonly done = new Map<object, Map<object, Memo>>();
  private contextual = 0;
  private depth = 0;
  constructor(
    private readonly sRoot: JsonSchema,
    private readonly tRoot: JsonSchema,
    private readonly options: AssignOptions = {},
  ) {}

  /** Splits a source into the branches of its unions (anyOf/oneOf, type arrays). */
  private branches(s: JsonSchema): JsonSchema[] {
    const m = mergeAllOf(s, this.sRoot);
    if (!isObject(m)) return [m];
    const union = (Array.isArray(m.anyOf) ? m.anyOf : Array.isArray(m.oneOf) ? m.oneOf : undefined) as JsonSchema[] | undefined;
    if (union !== undefined) {
      const { anyOf: _a, oneOf: _o, ...rest } = m;
      return union.flatMap((b) => this.branches({ allOf: [rest, b] }));
    }
    if (Array.isArray(m.type) && m.type.length > 1 && !('const' in m) && !Array.isArray(m.enum)) {
      return (m.type as string[]).map((t) => ({ ...m, type: t }));
    }
    return [m];
  }

  sub = (s0: JsonSchema, t0: JsonSchema, path: string, r: Report): void => {
    if (s0 === t0 && this.sRoot === this.tRoot) return;
    let t = deref(t0, this.tRoot);
    if (isUnknownType(t)) return;
    if (isObject(t) && unresolvedRef(t)) {
      // A target reference that names nothing the checker can find: its constraint is not
      // known, so the fit is unproven (the keywords beside it still count).
      r.pushUnproven({ path, keyword: '$ref' });
      t = withoutRef(t);
    }
    if (t === true || (isObject(t) && Object.keys(t).every((k) => ANNOTATIONS.has(k)))) return;
    const s1 = deref(s0, this.sRoot);
    // Pairs in progress: meeting one again means a recursive $ref, which holds coinductively.
    let seen: Set<object> | undefined;
    if (isObject(s1) && isObject(t)) {
      const memo = this.done.get(s1)?.get(t);
      if (memo) {
        for (const p of memo.problems) r.pushProblem({ ...p, path: withPrefix(path, p.path) });
        for (const u of memo.unproven) r.pushUnproven({ ...u, path: withPrefix(path, u.path) });
        r.omitted += memo.omitted;
        return;
      }
      seen = this.pairs.get(s1) ?? new Set<object>();
      if (seen.has(t)) {
        this.contextual++;
        return;
      }
      seen.add(t);
      this.pairs.set(s1, seen);
    }
    const contextual = this.contextual;
    const p0 = r.problems.length;
    const u0 = r.unproven.length;
    const o0 = r.omitted;
    if (++this.depth > 64) {
      this.contextual++;
      r.unproven.push({ path, keyword: 'depth' });
    } else for (const b of this.branches(s1)) this.one(b, t, path, r, s1);
    this.depth--;
    if (seen !== undefined && isObject(t)) {
      seen.delete(t);
      if (this.contextual === contextual) {
        const memo: Memo = {
          problems: r.problems.slice(p0).map((p) => ({ ...p, path: suffixOf(p.path, path) })),
          unproven: r.unproven.slice(u0).map((u) => ({ ...u, path: suffixOf(u.path, path) })),
          omitted: r.omitted - o0,
        };
        const key = s1 as object; // an object: `seen` is kept for object pairs only
        let byTarget = this.done.get(key);
        if (!byTarget) this.done.set(key, (byTarget = new Map()));
        byTarget.set(t, memo);
      }
    }
  };

  private try(s: JsonSchema, t: JsonSchema, path: string): Report {
    const r = new Report();
    this.sub(s, t, path, r);
    return r;
  }

  /** One source branch (no unions, allOf merged) against a target; `whole` is the source it came from. */
  private one(s: JsonSchema, t: JsonSchema, path: string, r: Report, whole: JsonSchema): void {
    if (s === false || isUnknownType(s)) return;
    if (t === false) return r.problem(path, 'target allows no value here');
    if (t === true) return;
    const ss: SchemaObject = s === true ? {} : s;
    if (unresolvedRef(ss)) {
      // A source reference the checker cannot resolve: the rest of the schema allows a
      // superset of its values, so a fit of the rest is a fit; a misfit proves nothing.
      const trial = new Report();
      this.one(withoutRef(ss), t, path, trial, whole);
      if (trial.ok) r.add(trial);
      else r.pushUnproven({ path, keyword: '$ref' });
      return;
    }
    if ('const' in ss || Array.isArray(ss.enum)) return this.literals(ss, t, path, r);
    const values = finiteValues(ss, this.sRoot);
    if (values !== undefined) {
      // Few values (null, booleans, a short integer range): when the general check finds a
      // problem, checking each value against the whole target is exact.
      const trial = new Report();
      this.general(ss, t, path, trial, whole);
      if (trial.ok && trial.unproven.length === 0) return r.add(trial);
      const exact = new Report();
      this.literals({ enum: values }, t, path, exact);
      return r.add(exact.ok && (exact.unproven.length === 0 || !trial.ok) ? exact : trial);
    }
    this.general(ss, t, path, r, whole);
  }

  private general(ss: SchemaObject, t: SchemaObject, path: string, r: Report, whole: JsonSchema): void {
    const { allOf, anyOf, oneOf, ...rest } = t;
    if (Array.isArray(allOf)) for (const part of allOf) this.sub(ss, part as JsonSchema, path, r);
    const union = (Array.isArray(anyOf) ? anyOf : Array.isArray(oneOf) ? oneOf : undefined) as JsonSchema[] | undefined;
    if (union !== undefined) this.union(ss, union, Array.isArray(oneOf) && !Array.isArray(anyOf), path, r, whole);
    if (Array.isArray(anyOf) && Array.isArray(oneOf)) r.unproven.push({ path, keyword: 'oneOf' });
    this.simple(ss, rest, path, r);
  }

  private union(s: SchemaObject, branches: JsonSchema[], exclusive: boolean, path: string, r: Report, whole: JsonSchema): void {
    const tries = branches.map((b) => this.try(s, b, path));
    const fit = tries.findIndex((x) => x.ok && x.unproven.length === 0);
    const maybe = fit >= 0 ? fit : tries.findIndex((x) => x.ok);
    if (maybe < 0) {
      const branchTypes = branches.map((b) => {
        const d = deref(b, this.tRoot);
        return typeof d === 'boolean' ? (d ? TYPES : []) : typeList(d);
      });
      const typed = tries.filter((x, i) => typeList(s).some((ty) => allows(branchTypes[i] as string[], ty)) && x.problems.length > 0);
      const uncovered = typeList(s).some((ty) => !branchTypes.some((bt) => allows(bt, ty)));
      const fitsNone = (): void => r.problem(path, `source ${typeToString(s, this.sRoot)} fits none of target ${branches.map((b) => typeToString(b, this.tRoot)).join(' | ')}`);
      if (typed.length === 1) r.add(typed[0] as Report);
      else if (typed.length === 0 || uncovered) fitsNone();
      else {
        // No single branch takes every source value, yet together they might (a range split
        // across branches): only a value that fits none of them proves a problem.
        const found = counterexample(s, whole, this.sRoot, branches, this.tRoot);
        if (found !== undefined) r.problem(path, `source allows ${showValue(found.value)}, which fits none of target ${branches.map((b) => typeToString(b, this.tRoot)).join(' | ')}`);
        else r.pushUnproven({ path, keyword: exclusive ? 'oneOf' : 'anyOf' });
      }
      return;
    }
    r.unproven.push(...(tries[maybe] as Report).unproven);
    if (!exclusive) return;
    branches.forEach((b, j) => {
      if (j === maybe || provablyDisjoint(s, this.sRoot, b, this.tRoot)) return;
      if ((tries[j] as Report).ok) r.problem(path, `source values match more than one oneOf branch of the target (${j} and ${maybe})`);
      else r.unproven.push({ path, keyword: 'oneOf' });
    });
  }

  /** An enumerated source fits when each of its values validates against the whole target (exact). */
  private literals(s: SchemaObject, t: SchemaObject, path: string, r: Report): void {
    const vals = 'const' in s ? [s.const] : (s.enum as unknown[]);
    const tVals = 'const' in t ? [t.const] : Array.isArray(t.enum) ? (t.enum as unknown[]) : undefined;
    const only = tVals ? tVals.map((v) => (typeof v === 'string' ? v : showValue(v))).join(' | ') : typeToString(t, this.tRoot);
    for (const v of vals) {
      const errors = interpretValidate(v, t, this.tRoot);
      const ok = errors !== undefined ? errors.length === 0 : validatorFor(t, this.tRoot)?.(v).ok;
      if (ok === undefined) {
        r.unproven.push({ path, keyword: 'enum' });
        return;
      }
      if (!ok) return r.problem(path, `source allows ${showValue(v)}, target only ${only}`);
    }
  }

  /** Source and target without combinators on the target (target `rest`). */
  private simple(s: SchemaObject, t: SchemaObject, path: string, r: Report): void {
    // A number that must be a multiple of an integer is an integer.
    const sTypes = integerOnly(s) ? [...new Set(typeList(s).map((ty) => (ty === 'number' ? 'integer' : ty)))] : typeList(s);
    const tTypes = typeList(t);
    const bad = sTypes.filter((ty) => !allows(tTypes, ty));
    if (bad.length > 0) {
      const src = sTypes.length === TYPES.length ? 'any value' : bad.join(' | ');
      return r.problem(path, `source allows ${src}, target only ${tTypes.join(' | ')}`);
    }
    if ('const' in t || Array.isArray(t.enum)) {
      const tVals = 'const' in t ? [t.const] : (t.enum as unknown[]);
      return r.problem(path, `source allows any ${sTypes.join(' | ')}, target only ${tVals.map((v) => (typeof v === 'string' ? v : showValue(v))).join(' | ')}`);
    }
    if (sTypes.includes('number') || sTypes.includes('integer')) checkNumber(s, t, !sTypes.includes('number'), path, r);
    if (sTypes.includes('string')) checkString(s, t, path, r);
    if (sTypes.includes('array')) checkArray(s, t, path, r, this.sub);
    if (sTypes.includes('object')) checkObject(s, t, path, r, this.sub, this.options);
    for (const k of Object.keys(t)) {
      if (MODELLED.has(k) || ANNOTATIONS.has(k)) continue;
      if (JSON.stringify(s[k]) !== JSON.stringify(t[k])) r.unproven.push({ path, keyword: k });
    }
  }
}

export type AssignOptions = ObjectOptions;

/**
 * Is every value valid for `source` also valid for `target`? With `undeclaredAbsent`, fields
 * an open source schema does not declare are taken as absent (the usual reading of "adding an
 * optional field is backward compatible"); handoff checks leave it off and stay sound.
 */
export function isAssignable(source: JsonSchema, target: JsonSchema, options: AssignOptions = {}): AssignResult {
  const r = new Report();
  new Checker(source, target, options).sub(source, target, '', r);
  return { ok: r.ok, problems: r.problems, unproven: r.unproven, omitted: r.omitted };
}


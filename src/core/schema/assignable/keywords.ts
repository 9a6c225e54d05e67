/**
 * Keyword families of the assignability check for two schemas without combinators:
 * numeric bounds, string length/pattern/format, arrays and objects. Each adds problems or
 * unproven keywords to a report and calls `sub` for nested schemas.
 */
import type { JsonSchema } from '../../model/program';
import { isObject, type SchemaObject } from '../navigate';
import { compilePattern } from '../pattern';
import { childPath, Report } from './report';

export type Sub = (s: JsonSchema, t: JsonSchema, path: string, report: Report) => void;

interface Bound {
  readonly value: number;
  readonly exclusive: boolean;
}

function bound(s: SchemaObject, incl: string, excl: string, integer: boolean, lower: boolean): Bound | undefined {
  const cands: Bound[] = [];
  if (typeof s[incl] === 'number') {
    // Between integers, an inclusive bound rounds inwards (minimum 0.5 is minimum 1).
    const v = s[incl] as number;
    cands.push({ value: integer ? (lower ? Math.ceil(v) : Math.floor(v)) : v, exclusive: false });
  }
  if (typeof s[excl] === 'number') {
    const e = s[excl] as number;
    cands.push(integer ? { value: lower ? Math.floor(e) + 1 : Math.ceil(e) - 1, exclusive: false } : { value: e, exclusive: true });
  }
  if (cands.length === 0) return undefined;
  return cands.reduce((a, b) => {
    if (a.value === b.value) return a.exclusive ? a : b;
    return lower === a.value > b.value ? a : b;
  });
}

/** True when the source bound is at least as tight as the target bound. */
function within(s: Bound | undefined, t: Bound | undefined, lower: boolean): boolean {
  if (t === undefined) return true;
  if (s === undefined) return false;
  if (s.value === t.value) return s.exclusive || !t.exclusive;
  return lower ? s.value > t.value : s.value < t.value;
}

function showRange(lo: Bound | undefined, hi: Bound | undefined, unit: string): string {
  const parts: string[] = [];
  if (lo) parts.push(`${lo.exclusive ? '>' : '>='} ${lo.value}`);
  if (hi) parts.push(`${hi.exclusive ? '<' : '<='} ${hi.value}`);
  return parts.length === 0 ? `${unit} of any size` : `${unit} ${parts.join(' and ')}`;
}

function checkRange(s: SchemaObject, t: SchemaObject, keys: [string, string, string, string], integer: boolean, unit: string, path: string, r: Report): void {
  const [minK, xminK, maxK, xmaxK] = keys;
  const sLo = bound(s, minK, xminK, integer, true);
  const sHi = bound(s, maxK, xmaxK, integer, false);
  const tLo = bound(t, minK, xminK, integer, true);
  const tHi = bound(t, maxK, xmaxK, integer, false);
  if (!within(sLo, tLo, true) || !within(sHi, tHi, false)) {
    r.problem(path, `source allows ${showRange(sLo, sHi, unit)}, target only ${showRange(tLo, tHi, unit)}`);
  }
}

export function checkNumber(s: SchemaObject, t: SchemaObject, integerOnly: boolean, path: string, r: Report): void {
  checkRange(s, t, ['minimum', 'exclusiveMinimum', 'maximum', 'exclusiveMaximum'], integerOnly, 'numbers', path, r);
  if (typeof t.multipleOf === 'number') {
    const d = t.multipleOf;
    const m = typeof s.multipleOf === 'number' ? s.multipleOf : integerOnly ? 1 : undefined;
    if (m === undefined || !Number.isInteger(m / d)) r.problem(path, `source allows numbers that are not multiples of ${d}`);
  }
}

export function checkString(s: SchemaObject, t: SchemaObject, path: string, r: Report): void {
  checkRange(s, t, ['minLength', '', 'maxLength', ''], true, 'strings of length', path, r);
  if (typeof t.pattern === 'string' && s.pattern !== t.pattern) {
    if (typeof s.pattern === 'string' || typeof s.format === 'string') r.unproven.push({ path, keyword: 'pattern' });
    else r.problem(path, `source allows any string, target only strings matching /${t.pattern}/`);
  }
  if (typeof t.format === 'string' && s.format !== t.format) {
    r.problem(path, typeof s.format === 'string' ? `source has format ${s.format}, target requires format ${t.format}` : `source allows any string, target requires format ${t.format}`);
  }
}

const itemAt = (s: SchemaObject, i: number): JsonSchema => {
  const prefix = Array.isArray(s.prefixItems) ? s.prefixItems : [];
  if (i < prefix.length) return prefix[i] as JsonSchema;
  return s.items === undefined ? true : (s.items as JsonSchema);
};

export function checkArray(s0: SchemaObject, t: SchemaObject, path: string, r: Report, sub: Sub): void {
  const sPrefix = Array.isArray(s0.prefixItems) ? s0.prefixItems.length : 0;
  // `items: false` after n prefixItems bounds the length at n, as maxItems would.
  const s = s0.items === false && !(typeof s0.maxItems === 'number' && s0.maxItems <= sPrefix) ? { ...s0, maxItems: sPrefix } : s0;
  checkRange(s, t, ['minItems', '', 'maxItems', ''], true, 'arrays of length', path, r);
  const tPrefix = Array.isArray(t.prefixItems) ? t.prefixItems.length : 0;
  const maxItems = typeof s.maxItems === 'number' ? s.maxItems : Infinity;
  const n = Math.min(Math.max(sPrefix, tPrefix), maxItems);
  for (let i = 0; i < n; i++) {
    const si = itemAt(s, i);
    if (si === false) break;
    sub(si, itemAt(t, i), childPath(path, i), r);
  }
  const sTail = itemAt(s, Math.max(sPrefix, tPrefix));
  if (maxItems > Math.max(sPrefix, tPrefix) && sTail !== false) sub(sTail, itemAt(t, Math.max(sPrefix, tPrefix)), `${path}[]`, r);
  if (t.uniqueItems === true && s.uniqueItems !== true && !(typeof s.maxItems === 'number' && s.maxItems <= 1)) {
    r.problem(path, 'source allows repeated items, target requires unique items');
  }
}

export interface ObjectOptions {
  /** Take fields an open source does not declare as absent (for version evolution, not handoffs). */
  readonly undeclaredAbsent?: boolean;
}

/**
 * `target requires 'a', source does not always have it`, or, when the source cannot have
 * them at all (a closed object, an object literal, that does not declare them), `source never
 * has them`; when it does not declare them but is open, `source does not declare them`.
 */
function missingMessage(missing: readonly string[], s: SchemaObject, sProps: Record<string, unknown>): string {
  const list = missing.map((k) => `'${k}'`).join(', ');
  const one = missing.length === 1;
  const undeclared = missing.every((k) => !Object.hasOwn(sProps, k));
  const closed = s.additionalProperties === false;
  const says = !undeclared ? (one ? 'does not always have it' : 'does not always have them') : closed ? (one ? 'never has it' : 'never has them') : one ? 'does not declare it' : 'does not declare them';
  return `target requires ${list}, source ${says}`;
}

/** Reports the fields the target requires and the source may lack; returns both sides' declared properties. */
function checkRequired(s: SchemaObject, t: SchemaObject, path: string, r: Report): { sProps: Record<string, unknown>; tProps: Record<string, unknown> } {
  const sProps = isObject(s.properties) ? s.properties : {};
  const tProps = isObject(t.properties) ? t.properties : {};
  const sReq = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
  const tReq = Array.isArray(t.required) ? (t.required as string[]) : [];
  const missing = tReq.filter((k) => !sReq.has(k));
  if (missing.length > 0) r.problem(path, missingMessage(missing, s, sProps), missing);
  return { sProps, tProps };
}

export function checkObject(s: SchemaObject, t: SchemaObject, path: string, r: Report, sub: Sub, opts: ObjectOptions = {}): void {
  if (isObject(s.patternProperties) || isObject(t.patternProperties)) return checkObjectPatterns(s, t, path, r, sub, opts);
  const { sProps, tProps } = checkRequired(s, t, path, r);
  const sExtra: JsonSchema = s.additionalProperties === undefined ? true : (s.additionalProperties as JsonSchema);
  const tExtra: JsonSchema = t.additionalProperties === undefined ? true : (t.additionalProperties as JsonSchema);
  for (const [k, ts] of Object.entries(tProps)) {
    if (Object.hasOwn(sProps, k)) sub(sProps[k] as JsonSchema, ts as JsonSchema, childPath(path, k), r);
    else if (sExtra !== false) {
      if (s.additionalProperties !== undefined) {
        sub(sExtra, ts as JsonSchema, childPath(path, k), r);
        continue;
      }
      if (opts.undeclaredAbsent) continue;
      // The source does not declare the field but is open, so the field could hold anything.
      const trial = new Report();
      sub(true, ts as JsonSchema, childPath(path, k), trial);
      r.unproven.push(...trial.unproven);
      if (!trial.ok) {
        r.problem(childPath(path, k), "the source does not declare this field but allows extra fields, so it could hold any value; declare it in the source or set additionalProperties: false there");
      }
    }
  }
  for (const [k, ss] of Object.entries(sProps)) {
    if (Object.hasOwn(tProps, k) || tExtra === true) continue;
    if (tExtra === false) {
      if (ss !== false) r.problem(childPath(path, k), "source may send this field, target forbids extra fields");
    } else sub(ss as JsonSchema, tExtra, childPath(path, k), r);
  }
  if (tExtra !== true && sExtra !== false) {
    if (tExtra === false) r.problem(path, 'source allows extra fields, target forbids them (additionalProperties: false)');
    else sub(sExtra, tExtra, `${path}{*}`, r);
  }
}

interface PatternEntry {
  readonly pattern: string;
  readonly schema: JsonSchema;
  /** Whether a key matches; undefined when the pattern does not compile. */
  readonly test: (key: string) => boolean | undefined;
}

function patternEntries(s: SchemaObject): PatternEntry[] {
  if (!isObject(s.patternProperties)) return [];
  return Object.entries(s.patternProperties).map(([pattern, schema]) => {
    let m: { test(k: string): boolean } | undefined;
    try {
      m = compilePattern(pattern);
    } catch {
      m = undefined;
    }
    return { pattern, schema: schema as JsonSchema, test: (k: string) => m?.test(k) };
  });
}

/** The schemas of the patterns a key matches; undefined when a pattern does not compile. */
function matching(entries: readonly PatternEntry[], key: string): JsonSchema[] | undefined {
  const out: JsonSchema[] = [];
  for (const e of entries) {
    const m = e.test(key);
    if (m === undefined) return undefined;
    if (m) out.push(e.schema);
  }
  return out;
}

/** Candidate property names for a counterexample: plain names, and names built from the patterns' literal starts. */
function candidateKeys(s: SchemaObject, t: SchemaObject): string[] {
  const out = new Set(['y', 'z', 'extra', 'a', 'x', '_', '0', 'A', '-', ' ', '']);
  for (const o of [s, t]) {
    for (const p of isObject(o.patternProperties) ? Object.keys(o.patternProperties) : []) {
      const lit = /^\^?((?:[A-Za-z0-9_\- :@#]|\\[./$^*+?()[\]{}|-])*)/.exec(p)?.[1]?.replace(/\\(.)/g, '$1') ?? '';
      for (const suffix of ['', 'a', '0', '_', 'Z', '.', '-']) out.add(lit + suffix);
    }
    for (const k of isObject(o.properties) ? Object.keys(o.properties) : []) out.add(`${k}_x`);
  }
  return [...out];
}

/**
 * Objects when either side has `patternProperties`: each key's schema is that of its
 * declared property and of every pattern it matches, else `additionalProperties`. Named keys
 * are checked one by one (exactly); sets of keys named by patterns are checked where the
 * same pattern appears on both sides, and otherwise proven by a check that holds for every
 * key, refuted by a concrete key that lands there, or else left unproven.
 */
function checkObjectPatterns(s: SchemaObject, t: SchemaObject, path: string, r: Report, sub: Sub, opts: ObjectOptions): void {
  const { sProps, tProps } = checkRequired(s, t, path, r);
  const sPats = patternEntries(s);
  const tPats = patternEntries(t);
  const sExtra: JsonSchema = s.additionalProperties === undefined ? true : (s.additionalProperties as JsonSchema);
  const tExtra: JsonSchema = t.additionalProperties === undefined ? true : (t.additionalProperties as JsonSchema);
  const unproven = (): void => void r.unproven.push({ path, keyword: 'patternProperties' });

  // Keys the source or the target names: what each side says about each, exactly.
  for (const k of new Set([...Object.keys(tProps), ...Object.keys(sProps)])) {
    const at = childPath(path, k);
    const sMatch = matching(sPats, k);
    const tMatch = matching(tPats, k);
    if (sMatch === undefined || tMatch === undefined) {
      unproven();
      continue;
    }
    const sParts = [...(Object.hasOwn(sProps, k) ? [sProps[k] as JsonSchema] : []), ...sMatch];
    const undeclared = sParts.length === 0;
    const ss: JsonSchema = undeclared ? sExtra : sParts.length === 1 ? (sParts[0] as JsonSchema) : { allOf: sParts };
    if (ss === false) continue;
    const tParts = [...(Object.hasOwn(tProps, k) ? [tProps[k] as JsonSchema] : []), ...tMatch];
    if (tParts.length === 0) {
      if (tExtra === true) continue;
      if (tExtra === false) r.problem(at, 'source may send this field, target forbids extra fields');
      else sub(ss, tExtra, at, r);
      continue;
    }
    for (const ts of tParts) {
      if (undeclared && s.additionalProperties === undefined) {
        if (opts.undeclaredAbsent) continue;
        const trial = new Report();
        sub(true, ts, at, trial);
        r.unproven.push(...trial.unproven);
        if (!trial.ok) {
          r.problem(at, 'the source does not declare this field but allows extra fields, so it could hold any value; declare it in the source or set additionalProperties: false there');
          break;
        }
      } else sub(ss, ts, at, r);
    }
  }

  // The other keys, in sets: those matching a source pattern, and the source's extra fields.
  const keys = candidateKeys(s, t).filter((k) => !Object.hasOwn(sProps, k) && !Object.hasOwn(tProps, k));
  /** Checks the source schema of a set of keys against a target schema of (some of) them. */
  const against = (ss: JsonSchema, ts: JsonSchema, at: string, witness: (k: string) => boolean, forbids?: string): void => {
    if (ts === true) return;
    const trial = new Report();
    if (ts === false) trial.problem(at, forbids ?? 'target allows no value here');
    else sub(ss, ts, at, trial);
    if (trial.ok) return r.add(trial);
    // A concrete key that lands there makes the problem real; without one, nothing is proven.
    if (keys.some(witness)) r.add(trial);
    else unproven();
  };
  const sOnly = (k: string, e: PatternEntry): boolean => sPats.every((x) => (x === e ? x.test(k) === true : x.test(k) === false));
  const noneOf = (entries: readonly PatternEntry[], k: string): boolean => entries.every((x) => x.test(k) === false);
  for (const e of sPats) {
    if (e.schema === false) continue;
    if (e.test('') === undefined) {
      unproven();
      continue;
    }
    const at = `${path}{/${e.pattern}/}`;
    for (const q of tPats) {
      if (q.pattern === e.pattern) sub(e.schema, q.schema, at, r);
      else against(e.schema, q.schema, at, (k) => sOnly(k, e) && q.test(k) === true);
    }
    if (tPats.some((q) => q.pattern === e.pattern)) continue;
    against(e.schema, tExtra, at, (k) => sOnly(k, e) && noneOf(tPats, k), `source allows fields matching /${e.pattern}/, target forbids extra fields (additionalProperties: false)`);
  }
  if (sExtra === false) return;
  for (const q of tPats) against(sExtra, q.schema, `${path}{/${q.pattern}/}`, (k) => noneOf(sPats, k) && q.test(k) === true);
  against(sExtra, tExtra, `${path}{*}`, (k) => noneOf(sPats, k) && noneOf(tPats, k), 'source allows extra fields, target forbids them (additionalProperties: false)');
}

/**
 * Keyword families of the assignability check for two schemas without combinators:
 * numeric bounds, string length/pattern/format, arrays and objects. Each adds problems or
 * unproven keywords to a report and calls `sub` for nested schemas.
 */
import type { JsonSchema } from '../../model/program';
import { isObject, type SchemaObject } from '../navigate';
import { childPath, Report } from './report';

export type Sub = (s: JsonSchema, t: JsonSchema, path: string, report: Report) => void;

interface Bound {
  readonly value: number;
  readonly exclusive: boolean;
}

function bound(s: SchemaObject, incl: string, excl: string, integer: boolean, lower: boolean): Bound | undefined {
  const cands: Bound[] = [];
  if (typeof s[incl] === 'number') cands.push({ value: s[incl] as number, exclusive: false });
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

export function checkArray(s: SchemaObject, t: SchemaObject, path: string, r: Report, sub: Sub): void {
  checkRange(s, t, ['minItems', '', 'maxItems', ''], true, 'arrays of length', path, r);
  const sPrefix = Array.isArray(s.prefixItems) ? s.prefixItems.length : 0;
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

export function checkObject(s: SchemaObject, t: SchemaObject, path: string, r: Report, sub: Sub, opts: ObjectOptions = {}): void {
  const sProps = isObject(s.properties) ? s.properties : {};
  const tProps = isObject(t.properties) ? t.properties : {};
  const sReq = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
  const tReq = Array.isArray(t.required) ? (t.required as string[]) : [];
  const missing = tReq.filter((k) => !sReq.has(k));
  if (missing.length > 0) {
    const list = missing.map((k) => `'${k}'`).join(', ');
    r.problem(path, `target requires ${list}, source ${missing.length === 1 ? 'does not always have it' : 'does not always have them'}`, missing);
  }
  const sExtra: JsonSchema = s.additionalProperties === undefined ? true : (s.additionalProperties as JsonSchema);
  const tExtra: JsonSchema = t.additionalProperties === undefined ? true : (t.additionalProperties as JsonSchema);
  const patterns = isObject(s.patternProperties) || isObject(t.patternProperties);
  for (const [k, ts] of Object.entries(tProps)) {
    if (Object.hasOwn(sProps, k)) sub(sProps[k] as JsonSchema, ts as JsonSchema, childPath(path, k), r);
    else if (sExtra !== false && !patterns) {
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
    if (Object.hasOwn(tProps, k) || tExtra === true || patterns) continue;
    if (tExtra === false) {
      if (ss !== false) r.problem(childPath(path, k), "source may send this field, target forbids extra fields");
    } else sub(ss as JsonSchema, tExtra, childPath(path, k), r);
  }
  if (patterns) {
    if (JSON.stringify(s.patternProperties) !== JSON.stringify(t.patternProperties)) r.unproven.push({ path, keyword: 'patternProperties' });
  } else if (tExtra !== true && sExtra !== false) {
    if (tExtra === false) r.problem(path, 'source allows extra fields, target forbids them (additionalProperties: false)');
    else sub(sExtra, tExtra, `${path}{*}`, r);
  }
}

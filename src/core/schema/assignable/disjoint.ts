/** Whether two schemas provably share no value (used for `oneOf` targets). */
import type { JsonSchema } from '../../model/program';
import { enumValues, isObject, jsonTypes, deref } from '../navigate';

const key = (v: unknown): string => JSON.stringify(v);

export function provablyDisjoint(a: JsonSchema, aRoot: JsonSchema, b: JsonSchema, bRoot: JsonSchema, depth = 0): boolean {
  if (depth > 8) return false;
  const ta = jsonTypes(a, aRoot);
  const tb = jsonTypes(b, bRoot);
  if (![...ta].some((t) => tb.has(t))) return true;
  const va = enumValues(a, aRoot);
  const vb = enumValues(b, bRoot);
  if (va !== undefined && vb !== undefined) {
    const set = new Set(vb.map(key));
    if (!va.some((v) => set.has(key(v)))) return true;
  }
  const da = deref(a, aRoot);
  const db = deref(b, bRoot);
  if (!isObject(da) || !isObject(db) || !isObject(da.properties) || !isObject(db.properties)) return false;
  const ra = new Set(Array.isArray(da.required) ? da.required : []);
  const rb = new Set(Array.isArray(db.required) ? db.required : []);
  for (const [k, pa] of Object.entries(da.properties)) {
    const pb = db.properties[k];
    if (pb === undefined || !ra.has(k) || !rb.has(k)) continue;
    if (provablyDisjoint(pa as JsonSchema, aRoot, pb as JsonSchema, bRoot, depth + 1)) return true;
  }
  return false;
}

/**
 * The `handoff-mismatch` check: what flows into an input (a mapping's static type, a
 * workflow input, an agent's output) must be assignable to the receiving contract. Each
 * problem names the JSON path and both sides; when the value is an object literal, the
 * diagnostic points at the member at fault. Unproven keywords become one `unproven` warning.
 * Where the value at fault is a reference, the references that would fit there instead go
 * into the diagnostic's `data.replacements`, for a quick fix; where an object literal lacks
 * required fields, a reference that fits each (when one does) goes into `data.fill`, so the
 * quick fix that adds them writes `triage: $steps.triage.output`, not an empty value.
 */
import { isReferenceText, typeOfMapping, type TypeEnv, type TypeProblem } from '../expr';
import type { RelatedInformation } from '../model/diagnostic';
import type { JsonSchema } from '../model/program';
import type { Path } from '../parse';
import { isAssignable } from '../schema/assignable';
import { isObject } from '../schema/navigate';
import type { CheckContext } from './context';

export interface Handoff {
  /** Where the value is written (the node the diagnostic points at). */
  readonly path: Path;
  /** The value as written, when it is a mapping (to point at members). */
  readonly mapping?: unknown;
  readonly source: JsonSchema;
  readonly target: JsonSchema;
  /** `input of step 'billing' → agent 'billing_agent' (Ticket@1)` */
  readonly what: string;
  readonly related?: RelatedInformation[];
  readonly code?: 'handoff-mismatch' | 'fallback-mismatch';
  /**
   * References that may stand in the mapping (`$input`, `$steps.<step>.output` of the steps
   * it may read without a cycle) and the environment that types them: where a reference does
   * not fit, those that would are offered as replacements. A function: they are only worked
   * out for a reference that does not fit (in a large graph, working them out for every step
   * cost more than the rest of the check).
   */
  readonly alternatives?: () => { readonly refs: readonly string[]; readonly env: TypeEnv };
}

/** Most replacements offered for one reference. */
const MAX_REPLACEMENTS = 3;

const MAX_PROBLEMS = 5;

/** The key path of the object-literal member a JSON path starts in. */
function memberPath(mapping: unknown, jsonPath: string): (string | number)[] {
  const out: (string | number)[] = [];
  let cur = mapping;
  const segs = jsonPath.match(/[A-Za-z_$][A-Za-z0-9_$-]*|"(?:[^"\\]|\\.)*"|\[\d+\]/g) ?? [];
  for (const raw of segs) {
    const seg: string | number = raw.startsWith('[') ? Number(raw.slice(1, -1)) : raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
    if (typeof seg === 'string' && isObject(cur) && Object.hasOwn(cur, seg)) cur = cur[seg];
    else if (typeof seg === 'number' && Array.isArray(cur) && seg < cur.length) cur = cur[seg];
    else break;
    out.push(seg);
    if (typeof cur === 'string') break;
  }
  return out;
}

function valueAt(v: unknown, path: readonly (string | number)[]): unknown {
  let cur = v;
  for (const seg of path) cur = (cur as Record<string | number, unknown> | undefined)?.[seg];
  return cur;
}

function replaceAt(v: unknown, path: readonly (string | number)[], by: unknown): unknown {
  if (path.length === 0) return by;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (Array.isArray(v)) return v.map((x, i) => (i === head ? replaceAt(x, rest, by) : x));
  const copy: Record<string, unknown> = { ...(v as Record<string, unknown>) };
  copy[head] = replaceAt(copy[head], rest, by);
  return copy;
}

function startsWith(path: readonly (string | number)[], prefix: readonly (string | number)[]): boolean {
  return prefix.every((seg, i) => path[i] === seg);
}

/** The alternatives that fit where the reference at `at` (inside the mapping) does not. */
function replacements(h: Handoff, at: readonly (string | number)[]): string[] {
  const value = h.mapping === undefined ? undefined : valueAt(h.mapping, at);
  if (!h.alternatives || typeof value !== 'string' || !isReferenceText(value)) return [];
  const alternatives = h.alternatives();
  const out: string[] = [];
  for (const ref of alternatives.refs) {
    if (ref === value || out.length >= MAX_REPLACEMENTS) continue;
    const mapping = replaceAt(h.mapping, at, ref);
    const problems: TypeProblem[] = [];
    const type = typeOfMapping(mapping, alternatives.env, problems);
    if (problems.length > 0) continue;
    // It fits when no problem is left inside that member (others are not its business).
    const r = isAssignable(type, h.target);
    if (!r.problems.some((p) => startsWith(memberPath(mapping, p.path), at))) out.push(ref);
  }
  return out;
}

/** Most candidate references tried for one missing field. */
const MAX_FILL_CANDIDATES = 40;

/**
 * For the required fields missing from the object literal at `at`, a reference that fits
 * each, where one does: first those named like the field (`$steps.<field>.output`,
 * `$input.<field>`, `<ref>.<field>`), then the references themselves (`$input`).
 */
function fillers(h: Handoff, at: readonly (string | number)[], missing: readonly string[]): Record<string, string> {
  const obj = h.mapping === undefined ? undefined : valueAt(h.mapping, at);
  const out: Record<string, string> = {};
  if (!h.alternatives || !isObject(obj) || missing.length === 0) return out;
  const alternatives = h.alternatives();
  for (const field of missing.slice(0, MAX_PROBLEMS)) {
    const named = alternatives.refs.filter((r) => r === `$steps.${field}.output`);
    const fields = /^[A-Za-z_][A-Za-z0-9_]*$/.test(field) ? alternatives.refs.map((r) => `${r}.${field}`) : [];
    const candidates = [...new Set([...named, ...fields, ...alternatives.refs])].slice(0, MAX_FILL_CANDIDATES);
    for (const ref of candidates) {
      const mapping = replaceAt(h.mapping, [...at, field], ref);
      const problems: TypeProblem[] = [];
      const type = typeOfMapping(mapping, alternatives.env, problems);
      if (problems.length > 0) continue;
      const r = isAssignable(type, h.target);
      if (!r.problems.some((p) => startsWith(memberPath(mapping, p.path), [...at, field]))) {
        out[field] = ref;
        break;
      }
    }
  }
  return out;
}

/** Checks one handoff; returns true when it is proven to fit. */
export function checkHandoff(ctx: CheckContext, h: Handoff): boolean {
  const r = isAssignable(h.source, h.target);
  // Problems that land on the same node become one diagnostic, their messages joined.
  const groups = new Map<string, { at: (string | number)[]; texts: string[]; paths: string[]; missing: string[] }>();
  for (const p of r.problems.slice(0, MAX_PROBLEMS)) {
    const at = h.mapping !== undefined ? [...h.path, ...memberPath(h.mapping, p.path)] : [...h.path];
    const key = JSON.stringify(at);
    const g = groups.get(key) ?? { at, texts: [], paths: [], missing: [] };
    g.texts.push(p.path ? `${p.path}: ${p.message}` : p.message);
    g.paths.push(p.path);
    if (p.missing) g.missing.push(...p.missing);
    groups.set(key, g);
  }
  const total = r.problems.length + r.omitted;
  if (total > MAX_PROBLEMS) {
    const last = [...groups.values()].pop();
    if (last) last.texts.push(total - MAX_PROBLEMS === 1 ? 'and 1 more problem' : `and ${total - MAX_PROBLEMS} more problems`);
  }
  for (const g of groups.values()) {
    const replace = replacements(h, g.at.slice(h.path.length));
    const fill = g.missing.length > 0 ? fillers(h, g.at.slice(h.path.length), g.missing) : {};
    ctx.out.push(
      ctx.file.diag(g.at, h.code ?? 'handoff-mismatch', `${h.what}: ${g.texts.join('; ')}`, {
        ...(h.related ? { related: h.related } : {}),
        data: {
          jsonPath: g.paths[0],
          ...(g.missing.length > 0 ? { missing: g.missing } : {}),
          ...(Object.keys(fill).length > 0 ? { fill } : {}),
          ...(replace.length > 0 ? { replacements: replace } : {}),
        },
      }),
    );
  }
  if (r.ok && r.unproven.length > 0) {
    const list = [...new Set(r.unproven.map((u) => `${u.keyword}${u.path ? ` at ${u.path}` : ''}`))].slice(0, 5).join(', ');
    ctx.out.push(ctx.file.diag(h.path, 'unproven', `${h.what}: cannot prove the handoff fits; the checker does not model ${list}`, { severity: 'warning' }));
  }
  return r.ok;
}

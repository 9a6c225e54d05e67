/**
 * Renders an agent's instructions: `{{path}}` (dots between keys, `{{ . }}` for the whole
 * input) is replaced by the value at that path of the input; strings as they are, other
 * values as JSON, missing values as nothing. The placeholder syntax is the checker's
 * (expr/placeholder.ts): a name may hold spaces (`{{first name}}`).
 */
import { placeholderSegments, placeholdersIn } from '../expr/placeholder';

/** A template cut once into literal text and paths (`null`: the whole input). */
type Part = string | { readonly path: readonly string[] | null };
const compiled = new Map<string, readonly Part[]>();
const MAX_TEMPLATES = 1000;

function compile(template: string): readonly Part[] {
  let parts = compiled.get(template);
  if (parts !== undefined) return parts;
  const out: Part[] = [];
  let last = 0;
  for (const m of placeholdersIn(template)) {
    if (m.index > last) out.push(template.slice(last, m.index));
    const segs = placeholderSegments(m.path);
    out.push({ path: segs.length > 0 ? segs : null });
    last = m.index + m.whole.length;
  }
  if (last < template.length) out.push(template.slice(last));
  if (compiled.size >= MAX_TEMPLATES) compiled.clear();
  compiled.set(template, (parts = out));
  return parts;
}

function valueText(input: unknown, path: readonly string[] | null): string {
  let cur: unknown = input;
  if (path) {
    for (const seg of path) {
      if (cur === null || typeof cur !== 'object') {
        cur = undefined;
        break;
      }
      // Own members only: `{{constructor}}` or `{{toString}}` is no field of the input.
      cur = Object.hasOwn(cur, seg) ? (cur as Record<string, unknown>)[seg] : undefined;
    }
  }
  if (cur === undefined || cur === null) return '';
  return typeof cur === 'string' ? cur : JSON.stringify(cur);
}

export function renderTemplate(template: string, input: unknown): string {
  const parts = compile(template);
  if (parts.length === 1 && typeof parts[0] === 'string') return parts[0];
  let out = '';
  for (const p of parts) out += typeof p === 'string' ? p : valueText(input, p.path);
  return out;
}

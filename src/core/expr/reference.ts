/**
 * References inside mappings: `$input`, `$input.a.b`, `$steps.<step>.output` and deeper
 * paths such as `$steps.triage.output.category`. A string that starts with `$$` is a
 * literal that starts with `$`. Any other string that starts with `$` must be a reference.
 */

export type Reference = { root: 'input'; path: string[] } | { root: 'steps'; step: string; path: string[] };

const SEGMENT = /^[A-Za-z_][A-Za-z0-9_-]*$|^[0-9]+$/;

/** True when a string is meant as a reference (starts with one `$`, not the `$$` escape). */
export function isReferenceText(text: string): boolean {
  return text.startsWith('$') && !text.startsWith('$$');
}

/**
 * Parses a reference string. Returns null when the text is not a well-formed reference
 * (the checker reports such strings; the engine treats them as errors).
 * `$input.a` reads field `a` of the workflow input; `$steps.x.output.a.b` reads a path of
 * step `x`'s output. Numeric segments index arrays.
 */
export function parseReference(text: string): Reference | null {
  if (!isReferenceText(text)) return null;
  const parts = text.slice(1).split('.');
  for (const p of parts) if (!SEGMENT.test(p)) return null;
  if (parts[0] === 'input') return { root: 'input', path: parts.slice(1) };
  if (parts[0] === 'steps' && parts.length >= 3 && parts[2] === 'output' && !/^[0-9]+$/.test(parts[1] ?? '')) {
    return { root: 'steps', step: parts[1] as string, path: parts.slice(3) };
  }
  return null;
}

/** Formats a reference back into its text. */
export function formatReference(ref: Reference): string {
  const head = ref.root === 'input' ? '$input' : `$steps.${ref.step}.output`;
  return ref.path.length === 0 ? head : `${head}.${ref.path.join('.')}`;
}

/** Where a reference sits inside a mapping: `path` is the key/index path from the mapping's root. */
export interface ReferenceSite {
  readonly text: string;
  /** Null when the text starts with `$` but is not a well-formed reference. */
  readonly ref: Reference | null;
  readonly path: (string | number)[];
}

/** Every reference string in a mapping (object/array literals walked), in document order. */
export function referencesIn(mapping: unknown): ReferenceSite[] {
  const out: ReferenceSite[] = [];
  const walk = (v: unknown, path: (string | number)[]): void => {
    if (typeof v === 'string') {
      if (isReferenceText(v)) out.push({ text: v, ref: parseReference(v), path });
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, [...path, i]));
    } else if (v !== null && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) walk(item, [...path, k]);
    }
  };
  walk(mapping, []);
  return out;
}

/** The values references read from at run time. */
export interface Scope {
  readonly input: unknown;
  readonly steps: Readonly<Record<string, { readonly output: unknown } | undefined>>;
}

/** Reads a path from a value; undefined when any segment is missing. */
export function readPath(value: unknown, path: readonly string[]): unknown {
  let cur = value;
  for (const seg of path) {
    if (Array.isArray(cur) && /^[0-9]+$/.test(seg)) cur = cur[Number(seg)];
    else if (cur !== null && typeof cur === 'object' && !Array.isArray(cur) && Object.hasOwn(cur, seg)) {
      cur = (cur as Record<string, unknown>)[seg];
    } else return undefined;
  }
  return cur;
}

/** The value of one reference in a scope (undefined when the step has not run or the path is missing). */
export function resolveReference(ref: Reference, scope: Scope): unknown {
  if (ref.root === 'input') return readPath(scope.input, ref.path);
  const step = Object.hasOwn(scope.steps, ref.step) ? scope.steps[ref.step] : undefined;
  return step === undefined ? undefined : readPath(step.output, ref.path);
}

/** Thrown by resolveMapping for a string that starts with `$` but is not a reference. */
export class ReferenceError extends Error {}

/**
 * Builds the value of a mapping: walks object and array literals, replaces reference strings
 * with the values they read, and turns `$$...` into `$...`. Objects are built fresh, so the
 * result shares no structure with the definition (it may share with the scope's values).
 */
export function resolveMapping(mapping: unknown, scope: Scope): unknown {
  if (typeof mapping === 'string') {
    if (mapping.startsWith('$$')) return mapping.slice(1);
    if (mapping.startsWith('$')) {
      const ref = parseReference(mapping);
      if (ref === null) throw new ReferenceError(`not a reference: ${mapping}`);
      return resolveReference(ref, scope);
    }
    return mapping;
  }
  if (Array.isArray(mapping)) return mapping.map((m) => resolveMapping(m, scope));
  if (mapping !== null && typeof mapping === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(mapping)) {
      if (k === '__proto__') continue;
      const r = resolveMapping(v, scope);
      if (r !== undefined) out[k] = r;
    }
    return out;
  }
  return mapping;
}

/**
 * How deep JSON data nests. Values deeper than any contract would describe can exhaust the
 * stack of the recursive code that handles them (serialising a trace record, validating,
 * comparing): they are refused where they come in, the run's input and each model reply.
 */

/** Most levels of nesting accepted in a run's input or a model's reply. */
export const MAX_JSON_DEPTH = 256;

/** Whether `value` nests more than `limit` arrays and objects deep (without recursion). */
export function nestsDeeperThan(value: unknown, limit = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > limit) return true;
    for (const x of Array.isArray(v) ? v : Object.values(v)) if (x !== null && typeof x === 'object') stack.push([x, depth + 1]);
  }
  return false;
}

/**
 * A number JSON text may hold but JSON values may not: a literal too large for a double
 * (`1e999`, 400 digits) parses to ±Infinity, passes `type: number`, and is written back as
 * `null`. Where the first one is (a JSON pointer), or undefined. The text is looked at first
 * (an exponent of three digits or 309 digits in a row), so ordinary JSON costs one scan.
 */
export function nonFiniteNumberAt(text: string, value: unknown): string | undefined {
  if (!/\d[eE][+-]?\d{3}|\d{309}/.test(text)) return undefined;
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length > 0) {
    const [v, path] = stack.pop() as [unknown, string];
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return path;
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [k, x] = entries[i]!;
      stack.push([x, `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`]);
    }
  }
  return undefined;
}

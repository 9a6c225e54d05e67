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

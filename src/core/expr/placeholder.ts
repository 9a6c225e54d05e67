/**
 * The `{{path}}` placeholders of an agent's instructions: one definition for the checker
 * (template-var: every path must exist in the input contract) and the engine (which
 * replaces each by the value at that path of the input), so both read the same text.
 *
 * A placeholder is `{{`, a path, `}}`; blanks around the path are ignored (`{{ id }}`).
 * The path is names separated by dots (`{{ticket.id}}`); a name is any text without a dot
 * or a brace, so it may hold spaces (`{{first name}}` reads the field `first name`).
 * `{{.}}` or `{{}}` is the whole input.
 */

/** Every placeholder: group 1 is the path, blanks around it trimmed. */
export const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Each placeholder of a text, in order: `whole` as written, `path` its trimmed path. */
export function placeholdersIn(text: string): { readonly whole: string; readonly path: string; readonly index: number }[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => ({ whole: m[0], path: m[1] as string, index: m.index }));
}

/** The names of a placeholder's path; empty for the whole input (`{{.}}`, `{{}}`). */
export function placeholderSegments(path: string): string[] {
  return path === '' || path === '.' ? [] : path.split('.');
}

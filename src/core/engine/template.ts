/**
 * Renders an agent's instructions: `{{path}}` (dots between keys, `{{ . }}` for the whole
 * input) is replaced by the value at that path of the input; strings as they are, other
 * values as JSON, missing values as nothing.
 */
const VAR = /\{\{\s*([^{}\s]*)\s*\}\}/g;

export function renderTemplate(template: string, input: unknown): string {
  return template.replace(VAR, (_, path: string) => {
    let cur: unknown = input;
    if (path && path !== '.') {
      for (const seg of path.split('.')) {
        if (cur === null || typeof cur !== 'object') {
          cur = undefined;
          break;
        }
        cur = (cur as Record<string, unknown>)[seg];
      }
    }
    if (cur === undefined || cur === null) return '';
    return typeof cur === 'string' ? cur : JSON.stringify(cur);
  });
}

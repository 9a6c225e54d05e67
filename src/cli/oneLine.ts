/**
 * A diagnostic is one line (`file:line:col severity code message`), which problem matchers
 * and scripts rely on: control characters in a name or a path (a newline in a quoted YAML
 * key) are written as escapes, so that nothing in a definition can start a line of its own.
 */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f\u2028\u2029]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

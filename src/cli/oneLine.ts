/**
 * A diagnostic (or a progress line) is one line (`file:line:col severity code message`), which problem matchers
 * and scripts rely on: control characters in a name or a path (a newline in a quoted YAML
 * key) are written as escapes, so that nothing in a definition, a model's reply or a server's message can start a line of
 * its own or drive the terminal: C0 and C1 controls (ESC, CSI), line and paragraph
 * separators, and the bidirectional overrides that reorder what is shown.
 */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

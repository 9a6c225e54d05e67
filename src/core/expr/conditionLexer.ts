/**
 * The tokens of a `when:` condition: references (`$input.a`, `$steps.x.output.y`), string
 * literals in single or double quotes, numbers, words (`and or not in true false null`),
 * operators and brackets.
 */

export type Token =
  | { kind: 'ref'; text: string; start: number; end: number }
  | { kind: 'string'; value: string; start: number; end: number }
  | { kind: 'number'; value: number; start: number; end: number }
  | { kind: 'word'; text: string; start: number; end: number }
  | { kind: 'op'; text: string; start: number; end: number }
  | { kind: 'eof'; start: number; end: number };

export class LexError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const OPS = ['==', '!=', '<=', '>=', '<', '>', '(', ')', '[', ']', ','];
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'" };

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === '$') {
      const m = /^\$[A-Za-z0-9_.-]*/.exec(text.slice(i)) as RegExpExecArray;
      i += m[0].length;
      out.push({ kind: 'ref', text: m[0], start, end: i });
    } else if (c === '"' || c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new LexError('unterminated string', start);
        const d = text[i] as string;
        if (d === c) break;
        if (d === '\\') {
          const e = text[i + 1];
          if (e === undefined || !(e in ESCAPES)) throw new LexError(`unknown escape \\${e ?? ''}`, i);
          value += ESCAPES[e];
          i += 2;
        } else {
          value += d;
          i++;
        }
      }
      i++;
      out.push({ kind: 'string', value, start, end: i });
    } else if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const m = /^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i)) as RegExpExecArray;
      i += m[0].length;
      out.push({ kind: 'number', value: Number(m[0]), start, end: i });
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i)) as RegExpExecArray;
      i += m[0].length;
      out.push({ kind: 'word', text: m[0], start, end: i });
    } else {
      const op = OPS.find((o) => text.startsWith(o, i));
      if (op === undefined) throw new LexError(`unexpected character '${c}'`, i);
      i += op.length;
      out.push({ kind: 'op', text: op, start, end: i });
    }
  }
  out.push({ kind: 'eof', start: text.length, end: text.length });
  return out;
}

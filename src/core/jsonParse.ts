/**
 * JSON a person wrote (an `--input`, a script, a checkpoint), parsed with `JSON.parse`, and
 * when it is not JSON, the place and the reason in words: `JSON.parse` names no place for
 * some errors ("Unexpected token 'x', …is not valid JSON") and only an offset for others.
 * The place comes from `jsonc-parser`'s scanner (the one VS Code uses), run only on failure.
 */
import { parse as scan, printParseErrorCode, type ParseError } from 'jsonc-parser';

export type JsonParseResult = { ok: true; value: unknown } | { ok: false; line: number; column: number; message: string };

/** By the names printParseErrorCode gives (the codes are a const enum, not importable at run time). */
const REASONS: Record<string, string> = {
  InvalidSymbol: 'a value was expected here (JSON strings take double quotes; true, false and null are lower case)',
  InvalidNumberFormat: 'not a JSON number',
  PropertyNameExpected: 'a property name in double quotes was expected (JSON allows no trailing comma)',
  ValueExpected: 'a value was expected (JSON allows no trailing comma)',
  ColonExpected: "':' was expected after the property name",
  CommaExpected: "',' was expected",
  CloseBraceExpected: "'}' was expected",
  CloseBracketExpected: "']' was expected",
  EndOfFileExpected: 'the value should end here (one JSON value only)',
  InvalidCommentToken: 'JSON has no comments',
  UnexpectedEndOfComment: 'JSON has no comments',
  UnexpectedEndOfString: 'the string is not closed',
  UnexpectedEndOfNumber: 'the number is cut short',
  InvalidUnicode: 'not a \\u escape (four hex digits)',
  InvalidEscapeCharacter: 'not a JSON escape',
  InvalidCharacter: 'a control character must be escaped inside a string',
};

/** Parses JSON text (a leading byte-order mark is skipped); on failure, where (1-based) and why. */
export function parseJsonText(text: string): JsonParseResult {
  const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(t) };
  } catch (err) {
    let offset: number;
    let message: string;
    if (t.trim() === '') {
      offset = t.length;
      message = 'empty: a JSON value was expected';
    } else {
      const errors: ParseError[] = [];
      scan(t, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
      const first = errors[0];
      if (first) {
        offset = first.offset;
        message = REASONS[printParseErrorCode(first.error)] ?? 'not JSON';
      } else {
        // The scanner accepted what JSON.parse did not (a lone surrogate…): its own words and place.
        const m = /at position (\d+)/.exec((err as Error).message);
        offset = m ? Number(m[1]) : 0;
        message = (err as Error).message.replace(/ in JSON at position \d+.*$/s, '').replace(/, ".*$/s, '');
      }
    }
    const { line, column } = lineColumn(t, offset);
    return { ok: false, line, column, message };
  }
}

/** The 1-based line and column of an offset (columns count UTF-16 units, as editors do). */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: end - lineStart + 1 };
}

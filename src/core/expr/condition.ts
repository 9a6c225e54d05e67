/**
 * A small recursive-descent parser for `when:` conditions. Grammar, loosest first:
 *
 *   or      := and ('or' and)*
 *   and     := not ('and' not)*
 *   not     := 'not' not | compare
 *   compare := primary (('==' | '!=' | '<' | '<=' | '>' | '>=') primary | 'not'? 'in' primary)?
 *   primary := reference | string | number | true | false | null | '(' or ')' | '[' (primary (',' primary)*)? ']'
 *
 * Nothing is ever evaluated as JavaScript.
 */
import type { CompareOp, ConditionNode, ParseConditionResult } from './conditionAst';
import { LexError, tokenize, type Token } from './conditionLexer';
import { parseReference } from './reference';

class ParseError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const COMPARE_OPS = new Set(['==', '!=', '<', '<=', '>', '>=']);
const MAX_DEPTH = 64;

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.i] as Token;
  }
  private next(): Token {
    return this.tokens[this.i++] as Token;
  }
  private isWord(t: Token, w: string): boolean {
    return t.kind === 'word' && t.text === w;
  }
  private isOp(t: Token, o: string): boolean {
    return t.kind === 'op' && t.text === o;
  }
  private describe(t: Token): string {
    if (t.kind === 'eof') return 'the end of the condition';
    if (t.kind === 'string') return `"${t.value}"`;
    if (t.kind === 'number') return String(t.value);
    return `'${t.text}'`;
  }

  parseAll(): ConditionNode {
    const node = this.parseOr();
    const t = this.peek();
    if (t.kind !== 'eof') throw new ParseError(`expected 'and', 'or' or the end, found ${this.describe(t)}`, t.start);
    return node;
  }

  private parseOr(): ConditionNode {
    let left = this.parseAnd();
    while (this.isWord(this.peek(), 'or')) {
      this.next();
      const right = this.parseAnd();
      left = { kind: 'or', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private parseAnd(): ConditionNode {
    let left = this.parseNot();
    while (this.isWord(this.peek(), 'and')) {
      this.next();
      const right = this.parseNot();
      left = { kind: 'and', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private parseNot(): ConditionNode {
    const t = this.peek();
    if (this.isWord(t, 'not')) {
      this.next();
      if (++this.depth > MAX_DEPTH) throw new ParseError('the condition nests too deeply', t.start);
      const operand = this.parseNot();
      this.depth--;
      return { kind: 'not', operand, start: t.start, end: operand.end };
    }
    return this.parseCompare();
  }

  private parseCompare(): ConditionNode {
    const left = this.parsePrimary();
    const t = this.peek();
    if (t.kind === 'op' && COMPARE_OPS.has(t.text)) {
      this.next();
      const right = this.parsePrimary();
      return { kind: 'compare', op: t.text as CompareOp, left, right, start: left.start, end: right.end };
    }
    const negated = this.isWord(t, 'not') && this.isWord(this.tokens[this.i + 1] as Token, 'in');
    if (negated || this.isWord(t, 'in')) {
      this.next();
      if (negated) this.next();
      const right = this.parsePrimary();
      return { kind: 'in', negated, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private parsePrimary(): ConditionNode {
    const t = this.next();
    switch (t.kind) {
      case 'ref': {
        const ref = parseReference(t.text);
        if (ref === null) throw new ParseError(`'${t.text}' is not a reference: use $input.<path> or $steps.<step>.output.<path>`, t.start);
        return { kind: 'ref', text: t.text, ref, start: t.start, end: t.end };
      }
      case 'string':
      case 'number':
        return { kind: 'literal', value: t.value, start: t.start, end: t.end };
      case 'word':
        if (t.text === 'true' || t.text === 'false') return { kind: 'literal', value: t.text === 'true', start: t.start, end: t.end };
        if (t.text === 'null') return { kind: 'literal', value: null, start: t.start, end: t.end };
        throw new ParseError(`unexpected word '${t.text}': references start with $, strings are quoted`, t.start);
      case 'op':
        if (t.text === '(' || t.text === '[') {
          if (++this.depth > MAX_DEPTH) throw new ParseError('the condition nests too deeply', t.start);
          const node = t.text === '(' ? this.parseGroup() : this.parseList(t.start);
          this.depth--;
          return node;
        }
        throw new ParseError(`unexpected ${this.describe(t)}`, t.start);
      case 'eof':
        throw new ParseError('the condition ends too early', t.start);
    }
  }

  private parseGroup(): ConditionNode {
    const inner = this.parseOr();
    const close = this.next();
    if (!this.isOp(close, ')')) throw new ParseError(`expected ')', found ${this.describe(close)}`, close.start);
    return inner;
  }

  private parseList(start: number): ConditionNode {
    const items: ConditionNode[] = [];
    if (!this.isOp(this.peek(), ']')) {
      for (;;) {
        items.push(this.parsePrimary());
        if (!this.isOp(this.peek(), ',')) break;
        this.next();
      }
    }
    const close = this.next();
    if (!this.isOp(close, ']')) throw new ParseError(`expected ',' or ']', found ${this.describe(close)}`, close.start);
    return { kind: 'list', items, start, end: close.end };
  }
}

/** Parses a `when:` condition. Errors carry the offset in the text where parsing failed. */
export function parseCondition(text: string): ParseConditionResult {
  try {
    if (text.length > 10_000) return { ok: false, error: 'the condition is longer than 10,000 characters', offset: 0 };
    return { ok: true, ast: new Parser(tokenize(text)).parseAll() };
  } catch (err) {
    if (err instanceof ParseError || err instanceof LexError) return { ok: false, error: err.message, offset: err.offset };
    throw err;
  }
}

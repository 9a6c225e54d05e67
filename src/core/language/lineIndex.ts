/**
 * Offsets (UTF-16 code units, as JavaScript strings and VS Code count them) to 0-based
 * line/character positions and back. The language layer works in offsets; the editor glue
 * and files that are not open in the editor convert through this.
 */
import { LineIndex as OneBasedLineIndex } from '../parse/lineIndex';

export interface LinePosition {
  readonly line: number;
  readonly character: number;
}

export interface LineRange {
  readonly start: LinePosition;
  readonly end: LinePosition;
}

/** A half-open span of offsets in one file's text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** A 0-based view of the parser's 1-based line index (one line table for both). */
export class LineIndex {
  private readonly base: OneBasedLineIndex;

  constructor(readonly text: string) {
    this.base = new OneBasedLineIndex(text);
  }

  get lineCount(): number {
    return this.base.lineCount;
  }

  position(offset: number): LinePosition {
    const p = this.base.position(offset);
    return { line: p.line - 1, character: p.column - 1 };
  }

  offset(pos: LinePosition): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.base.lineCount) return this.text.length;
    return this.base.offset({ line: pos.line + 1, column: Math.max(0, pos.character) + 1 });
  }

  range(span: Span): LineRange {
    return { start: this.position(span.start), end: this.position(span.end) };
  }

  /** The text of a 0-based line, without its line break. */
  lineText(line: number): string {
    if (line < 0 || line >= this.base.lineCount) return '';
    const start = this.base.offset({ line: line + 1, column: 1 });
    const end = this.base.offset({ line: line + 1, column: Number.MAX_SAFE_INTEGER });
    return this.text.slice(start, end).replace(/\r$/, '');
  }
}

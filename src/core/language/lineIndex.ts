/**
 * Offsets (UTF-16 code units, as JavaScript strings and VS Code count them) to 0-based
 * line/character positions and back. The language layer works in offsets; the editor glue
 * and files that are not open in the editor convert through this.
 */

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

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  position(offset: number): LinePosition {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - (this.starts[lo] as number) };
  }

  offset(pos: LinePosition): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.starts.length) return this.text.length;
    const start = this.starts[pos.line] as number;
    const next = pos.line + 1 < this.starts.length ? (this.starts[pos.line + 1] as number) - 1 : this.text.length;
    return Math.min(start + Math.max(0, pos.character), next);
  }

  range(span: Span): LineRange {
    return { start: this.position(span.start), end: this.position(span.end) };
  }

  /** The text of a 0-based line, without its line break. */
  lineText(line: number): string {
    const start = this.starts[line];
    if (start === undefined) return '';
    const next = line + 1 < this.starts.length ? (this.starts[line + 1] as number) - 1 : this.text.length;
    return this.text.slice(start, next).replace(/\r$/, '');
  }
}

/**
 * Turns offsets in a text into 1-based lines and columns and back. Columns count UTF-16
 * code units, as editors do.
 */
import type { Position } from '../model/diagnostic';

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** The 1-based position of an offset (clamped to the text). */
  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - (this.starts[lo] as number) + 1 };
  }

  /** The offset of a 1-based position (clamped to the text). */
  offset(pos: Position): number {
    const line = Math.max(1, Math.min(pos.line, this.starts.length));
    const start = this.starts[line - 1] as number;
    const end = line < this.starts.length ? (this.starts[line] as number) - 1 : this.text.length;
    return Math.min(start + Math.max(0, pos.column - 1), end);
  }
}

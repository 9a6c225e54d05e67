/**
 * Offsets of a piece of text inside a YAML value (a placeholder in instructions, a reference
 * in a condition): found in the source slice of the node, falling back to the whole node.
 */
import type { OffsetRange, Path } from '../parse';
import type { FileModel } from './fileModel';

export function subRange(file: FileModel, path: Path, needle: string, occurrence = 0): OffsetRange {
  const node = file.offsets(path);
  const slice = file.text.slice(node.start, node.end);
  let from = 0;
  for (let i = 0; i <= occurrence; i++) {
    const at = slice.indexOf(needle, from);
    if (at < 0) return node;
    if (i === occurrence) return { start: node.start + at, end: node.start + at + needle.length };
    from = at + needle.length;
  }
  return node;
}

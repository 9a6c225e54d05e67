/**
 * Duplicate map keys, found in one pass. `yaml`'s own check (`uniqueKeys: true`) compares
 * each key of a map with every earlier key, which is quadratic in the map's size and was
 * the larger part of re-checking a file with a large map on each keystroke. This reports
 * the errors that check reports (code, message and place), from a set of each map's keys.
 */
import { isMap, isPair, isScalar, isSeq, YAMLParseError, type CST, type Document, type Node, type Pair, type YAMLMap } from 'yaml';

/** `yaml`'s message for a duplicate key (its `DUPLICATE_KEY` error). */
const DUPLICATE_KEY_MESSAGE = 'Map keys must be unique';

/**
 * Keys equal to an earlier key of their map, map by map, where `yaml` equates keys: scalars
 * of the same value under `===` (`1` and `0x1` are the same key, `1` and `"1"` are not, NaN
 * is no other key); any other key only with itself. Aliases are not followed (their
 * targets are checked where they are written).
 */
function duplicatesByMap(doc: Document): Map<YAMLMap, Set<Pair>> {
  const out = new Map<YAMLMap, Set<Pair>>();
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = pair.key;
        if (isScalar(key)) {
          const value = key.value;
          if (seen.has(value) && !(typeof value === 'number' && Number.isNaN(value))) {
            const dups = out.get(node) ?? new Set<Pair>();
            dups.add(pair);
            out.set(node, dups);
          }
          seen.add(value);
        }
        stack.push(pair.value, key);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    } else if (isPair(node)) {
      stack.push(node.value, node.key);
    }
  }
  return out;
}

/**
 * The duplicate-key errors `yaml`'s own check gives, in document order. `doc` is parsed
 * without that check; when it has a duplicate key, `withTokens` parses the same text keeping
 * the source tokens (`keepSourceTokens`), which say where `yaml` places the error: where it
 * starts reading the key, after the key's indicator and properties, which after an empty
 * value is the end of the line before.
 */
export function duplicateKeyErrors(doc: Document, withTokens: () => Document): YAMLParseError[] {
  if (duplicatesByMap(doc).size === 0) return [];
  const errors: YAMLParseError[] = [];
  for (const [map, pairs] of duplicatesByMap(withTokens())) {
    const starts = keyStarts(map);
    for (const pair of pairs) {
      const at = starts.get(pair.srcToken as object) ?? (pair.key as Node | null)?.range?.[0] ?? 0;
      errors.push(new YAMLParseError([at, at + 1], 'DUPLICATE_KEY', DUPLICATE_KEY_MESSAGE));
    }
  }
  return errors.sort((a, b) => a.pos[0] - b.pos[0]);
}

type Item = CST.BlockMap['items'][number] | CST.CollectionItem;

const endOf = (t: CST.SourceToken | undefined, otherwise: number): number => (t ? t.offset + t.source.length : otherwise);

/**
 * Where `yaml` starts reading each item's key, by the item's source token: the end of the
 * tokens before the key (indicator, properties, comments) or, when there are none, where the
 * item before ended (`resolve-block-map.js` and `resolve-flow-collection.js` in `yaml` 2).
 */
function keyStarts(map: YAMLMap): Map<object, number> {
  const out = new Map<object, number>();
  const token = map.srcToken;
  if (token?.type !== 'block-map' && token?.type !== 'flow-collection') return out;
  const pairs = new Map<object, Pair>();
  for (const pair of map.items) if (pair.srcToken) pairs.set(pair.srcToken, pair);
  let offset = token.type === 'block-map' ? token.offset : token.offset + token.start.source.length;
  for (const item of token.items as Item[]) {
    const { start, sep } = item;
    const keyStart = endOf(start[start.length - 1], offset);
    const explicit = start.some((t) => t.type === 'explicit-key-ind');
    const props = start.some((t) => t.type === 'anchor' || t.type === 'tag');
    // An item of comments only (a block map), or an empty one (a flow map): no pair.
    if (!explicit && !props && !sep && (token.type === 'block-map' || !item.value)) {
      if (token.type === 'flow-collection') offset = keyStart;
      continue;
    }
    const pair = pairs.get(item);
    if (!pair) return out;
    out.set(item, keyStart);
    const key = pair.key as Node | null;
    const value = pair.value as Node | null;
    const afterKey = endOf(sep?.[sep.length - 1], key?.range?.[2] ?? keyStart);
    offset = value?.range && (token.type === 'flow-collection' || sep?.some((t) => t.type === 'map-value-ind')) ? value.range[2] : afterKey;
  }
  return out;
}

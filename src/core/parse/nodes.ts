/**
 * Finding YAML nodes: the node at a path (`['agents', 'triager', 'input']`) and the path at
 * an offset. The checker uses the first to point diagnostics at values; the editor uses both
 * for hover, completion and go-to-definition.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap } from 'yaml';

export type Path = readonly (string | number)[];

export interface OffsetRange {
  readonly start: number;
  readonly end: number;
}

export interface NodeAtPath {
  /** The value node; undefined when the key has no value (`key:` alone). */
  readonly node: Node | undefined;
  /** The key node when the last segment is a map key. */
  readonly key: Node | undefined;
  /** How many segments of the path were found (the full length when everything was). */
  readonly depth: number;
}

function rangeOf(n: Node | undefined | null): OffsetRange | undefined {
  if (!n?.range) return undefined;
  return { start: n.range[0], end: Math.max(n.range[1], n.range[0]) };
}

/**
 * Each map's pairs by key (the first of a key), built the first time a key of the map is
 * looked for: diagnostics and definitions look keys up one by one, and a search of the map
 * each time was quadratic in its size. Parsed documents are never changed, so an index
 * stays true; it goes with its map.
 */
const pairIndex = new WeakMap<YAMLMap, Map<string, Pair<Node, Node>>>();

function findPair(map: Node, key: string): Pair<Node, Node> | undefined {
  if (!isMap(map)) return undefined;
  let index = pairIndex.get(map);
  if (!index) {
    index = new Map();
    for (const p of map.items) {
      if (!isScalar(p.key)) continue;
      const k = String(p.key.value);
      if (!index.has(k)) index.set(k, p as Pair<Node, Node>);
    }
    pairIndex.set(map, index);
  }
  return index.get(key);
}

/** Walks a path from the document root as far as it goes. */
export function nodeAtPath(doc: Document, path: Path): NodeAtPath {
  let node = doc.contents as Node | null;
  let key: Node | undefined;
  for (let i = 0; i < path.length; i++) {
    if (isAlias(node)) node = (node.resolve(doc) as Node | undefined) ?? null;
    const seg = path[i] as string | number;
    if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (item === undefined) return { node, key, depth: i };
      node = item;
      key = undefined;
    } else if (isMap(node)) {
      const pair = findPair(node, String(seg));
      if (pair === undefined) return { node, key, depth: i };
      key = pair.key;
      node = pair.value;
      if (node === null) return { node: undefined, key, depth: i + 1 };
    } else return { node: node ?? undefined, key, depth: i };
  }
  return { node: node ?? undefined, key, depth: path.length };
}

/**
 * The offsets a diagnostic about a path should cover: the value when it exists, else its
 * key, else the deepest node found on the way.
 */
export function rangeAtPath(doc: Document | undefined, path: Path, prefer: 'value' | 'key' = 'value'): OffsetRange {
  if (doc === undefined) return { start: 0, end: 0 };
  const found = nodeAtPath(doc, path);
  const value = found.depth === path.length ? rangeOf(found.node) : undefined;
  const key = rangeOf(found.key);
  const best = prefer === 'key' ? (key ?? value) : value && value.end > value.start ? value : (key ?? value);
  return best ?? rangeOf(found.node) ?? { start: 0, end: 0 };
}

export interface PathAtOffset {
  readonly path: (string | number)[];
  /** Whether the offset is on a key or on a value. */
  readonly on: 'key' | 'value';
  readonly node: Node | undefined;
}

function contains(n: Node | null | undefined, offset: number): boolean {
  return !!n?.range && offset >= n.range[0] && offset <= n.range[1];
}

/** The path of the key or value under an offset (the deepest one). */
export function pathAtOffset(doc: Document, offset: number): PathAtOffset {
  const path: (string | number)[] = [];
  let node = doc.contents as Node | null;
  for (;;) {
    if (isMap(node)) {
      const pair = node.items.find((p) => contains(p.key as Node, offset) || contains(p.value as Node, offset));
      if (pair === undefined || !isPair(pair)) return { path, on: 'value', node };
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      path.push(key);
      if (contains(pair.key as Node, offset)) return { path, on: 'key', node: pair.key as Node };
      node = pair.value as Node;
    } else if (isSeq(node)) {
      const idx = node.items.findIndex((item) => contains(item as Node, offset));
      if (idx < 0) return { path, on: 'value', node };
      path.push(idx);
      node = node.items[idx] as Node;
    } else return { path, on: 'value', node: node ?? undefined };
  }
}

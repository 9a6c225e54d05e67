/**
 * A safe conversion of a YAML node tree into plain JSON data. Untrusted files stay harmless:
 * `__proto__` keys are refused (never assigned), keys must be scalars, only the standard
 * tags are accepted, the `<<` merge key is an ordinary key (merging is off in the parser), and
 * alias expansion is bounded so that an alias bomb becomes an error instead of a hang.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node } from 'yaml';

export interface NodeProblem {
  readonly node: Node;
  readonly message: string;
  readonly code: 'syntax' | 'format';
}

const STANDARD_TAGS = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`),
);

/** The most values a document may expand to (aliases included). */
export const MAX_VALUES = 200_000;
/** The most alias expansions a document may make (yaml's `maxAliasCount`, enforced here). */
export const MAX_ALIAS_COUNT = 1_000;

/** A limit crossed: which one, and the node to report it at. */
class Budget extends Error {
  constructor(
    readonly what: string,
    readonly at: Node,
  ) {
    super(what);
  }
}

export function toJs(doc: Document, problems: NodeProblem[]): unknown {
  let budget = MAX_VALUES;
  let aliases = MAX_ALIAS_COUNT;
  // The alias written in the document (not one met inside another's expansion) being
  // expanded: a limit crossed inside it is reported there, where the author can act on it.
  let outerAlias: Node | undefined;
  const walk = (node: unknown, depth: number): unknown => {
    if (--budget < 0) throw new Budget(`expands to more than ${MAX_VALUES} values`, outerAlias ?? (node as Node));
    if (depth > 200) throw new Budget('nests more than 200 levels deep', outerAlias ?? (node as Node));
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      if (--aliases < 0) throw new Budget(`uses more than ${MAX_ALIAS_COUNT} aliases`, outerAlias ?? node);
      const target = node.resolve(doc);
      if (target === undefined) {
        problems.push({ node, message: `unknown alias *${node.source}`, code: 'syntax' });
        return null;
      }
      if (outerAlias) return walk(target, depth + 1);
      outerAlias = node;
      try {
        return walk(target, depth + 1);
      } finally {
        outerAlias = undefined;
      }
    }
    const n = node as Node;
    if (n.tag !== undefined && !STANDARD_TAGS.has(n.tag)) {
      problems.push({ node: n, message: `the tag ${n.tag} is not allowed: definition files hold plain data`, code: 'format' });
      return null;
    }
    if (isScalar(n)) {
      const v = n.value;
      if (typeof v === 'bigint') return Number(v);
      return v === undefined ? null : v;
    }
    if (isSeq(n)) return n.items.map((item) => walk(item, depth + 1));
    if (isMap(n)) {
      const out: Record<string, unknown> = {};
      for (const pair of n.items) {
        const keyNode = pair.key;
        if (keyNode !== null && !isScalar(keyNode)) {
          problems.push({ node: keyNode as Node, message: 'a key must be a plain string', code: 'format' });
          continue;
        }
        const key = keyNode === null ? 'null' : String(keyNode.value);
        if (key === '__proto__') {
          problems.push({ node: keyNode as Node, message: 'the key __proto__ is not allowed', code: 'format' });
          continue;
        }
        out[key] = walk(pair.value, depth + 1);
      }
      return out;
    }
    return null;
  };
  try {
    return walk(doc.contents, 0);
  } catch (err) {
    if (!(err instanceof Budget)) throw err;
    const message = isAlias(err.at) ? `the document ${err.what} when *${err.at.source} is expanded (an alias bomb?)` : `the document ${err.what}`;
    problems.push({ node: err.at, message, code: 'syntax' });
    return null;
  }
}

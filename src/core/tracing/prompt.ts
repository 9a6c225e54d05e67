/**
 * Prompts in the trace file. An `llm` span's `handoff.prompt` holds the messages it sent;
 * when the span continues a conversation (a retry, a repair, a reflection round, a
 * supervisor's next turn) it holds only the messages it adds, and
 * `handoff.prompt.prefix_span` / `handoff.prompt.prefix_length` say that the prompt begins
 * with the first `prefix_length` messages of that earlier span's (resolved) prompt. This
 * keeps a long conversation linear in the file instead of quadratic.
 */
import type { Attributes } from './records';

export const PROMPT = 'handoff.prompt';
export const PROMPT_PREFIX_SPAN = 'handoff.prompt.prefix_span';
export const PROMPT_PREFIX_LENGTH = 'handoff.prompt.prefix_length';

export interface ResolvedPrompt {
  /** The messages, in order, after the `missing` ones. */
  readonly messages: readonly unknown[];
  /**
   * Messages at the start that the trace does not hold: the span they were recorded on is
   * not in the file (a record dropped or damaged) or the reference is broken.
   */
  readonly missing: number;
}

/** Longest chain of prefixes followed (a conversation this long is not a real run). */
const MAX_DEPTH = 100_000;

/**
 * The whole prompt of the `llm` span `spanId`, following its prefix references through
 * `attributesOf` (a span's start attributes by id). Undefined when the span records no
 * prompt. Tolerates hostile or damaged traces: unknown spans, loops, lengths out of range.
 */
export function resolvePrompt(spanId: string, attributesOf: (id: string) => Attributes | undefined): ResolvedPrompt | undefined {
  const first = attributesOf(spanId);
  if (!first || first[PROMPT] === undefined) return undefined;
  const chain: { readonly added: readonly unknown[]; readonly prefix: number }[] = [];
  const seen = new Set<string>();
  let attrs: Attributes | undefined = first;
  let id = spanId;
  let unresolved = 0; // the prefix the deepest span asks for but the trace cannot give
  while (attrs) {
    seen.add(id);
    const added = Array.isArray(attrs[PROMPT]) ? (attrs[PROMPT] as unknown[]) : [];
    const ref: unknown = attrs[PROMPT_PREFIX_SPAN];
    const len: unknown = attrs[PROMPT_PREFIX_LENGTH];
    const prefix = typeof ref === 'string' && typeof len === 'number' && Number.isInteger(len) && len > 0 ? len : 0;
    chain.push({ added, prefix });
    if (prefix === 0) break;
    const next: Attributes | undefined = seen.has(ref as string) || chain.length >= MAX_DEPTH ? undefined : attributesOf(ref as string);
    if (!next) {
      unresolved = prefix;
      break;
    }
    attrs = next;
    id = ref as string;
  }
  let missing = unresolved;
  let messages: unknown[] = [];
  for (let i = chain.length - 1; i >= 0; i--) {
    const { added, prefix } = chain[i]!;
    if (i < chain.length - 1) {
      // Keep the first `prefix` messages of what the earlier span sent.
      if (prefix <= missing) {
        missing = prefix;
        messages = [];
      } else if (prefix - missing < messages.length) messages = messages.slice(0, prefix - missing);
    }
    messages = messages.length === 0 ? [...added] : messages.concat(added);
  }
  return { messages, missing };
}

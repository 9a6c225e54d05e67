/**
 * For providers that cannot enforce a response format (VS Code's Language Model API): the
 * instruction that asks for JSON matching the contract, and the extraction of the JSON value
 * from what the model streamed back (code fences and chatter around it are dropped; the
 * engine validates the result against the contract either way).
 */
import type { JsonSchema } from '../model/program';

export function jsonInstruction(schema: { name: string; schema: JsonSchema } | undefined): string {
  const base = 'Answer with exactly one JSON value and nothing else: no prose, no Markdown, no code fences.';
  if (!schema) return base;
  return `${base}\nThe value must be valid against this JSON Schema (contract ${schema.name}):\n${JSON.stringify(schema.schema)}`;
}

/** The JSON text in a reply: the whole reply when it parses, else a fenced block, else the outermost {...} or [...]. */
export function extractJsonText(reply: string): string {
  const text = reply.trim();
  if (parses(text)) return text;
  const fence = /```(?:json|JSON)?\s*\n?([\s\S]*?)```/.exec(text);
  if (fence && parses(fence[1]!.trim())) return fence[1]!.trim();
  for (const [open, close] of [['{', '}'], ['[', ']']] as const) {
    const a = text.indexOf(open);
    const b = text.lastIndexOf(close);
    if (a >= 0 && b > a && parses(text.slice(a, b + 1))) return text.slice(a, b + 1);
  }
  return text;
}

function parses(s: string): boolean {
  if (!s) return false;
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}

/** `vendor/family` or `family` or an id, as a selector for `vscode.lm.selectChatModels`. */
export function lmSelectors(model: string): { vendor?: string; family?: string; id?: string }[] {
  const m = model.trim();
  if (!m || m === 'default') return [{}];
  const slash = m.indexOf('/');
  if (slash > 0) return [{ vendor: m.slice(0, slash), family: m.slice(slash + 1) }, { vendor: m.slice(0, slash), id: m.slice(slash + 1) }];
  return [{ id: m }, { family: m }];
}

/**
 * The names a definition file declares (workflows, agents, contracts) with where their keys
 * are, read with the `yaml` package alone: enough for the Workflows view, the CodeLens and
 * the pickers, without loading the checker. A file that does not parse has an empty outline.
 */
import { isMap, isScalar, parseDocument, type Node } from 'yaml';
import { agentSignature, engineRoles } from '../language/outline';

export type OutlineKind = 'workflow' | 'agent' | 'contract';

export interface OutlineEntry {
  readonly kind: OutlineKind;
  readonly name: string;
  /** Offset of the name's key, and its 0-based line and column. */
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  /** `graph`, `Ticket → Triage`, `v2`. */
  readonly detail?: string;
  /** A contract's current version. */
  readonly version?: number;
}

const SECTIONS = [
  ['workflows', 'workflow'],
  ['agents', 'agent'],
  ['contracts', 'contract'],
] as const;

export function outlineDefinition(text: string): OutlineEntry[] {
  let root: unknown;
  try {
    root = parseDocument(text, { uniqueKeys: false }).contents;
  } catch {
    return [];
  }
  if (!isMap(root)) return [];
  const starts = lineStarts(text);
  const out: OutlineEntry[] = [];
  // Only the keys that give roles are read (supervisor, planner, reflect.critic), not the whole file.
  const roles = engineRoles({ workflows: plainEntries(root.get('workflows', true), ['supervisor', 'planner']), agents: plainEntries(root.get('agents', true), ['reflect']) });
  for (const [section, kind] of SECTIONS) {
    const node = root.get(section, true) as Node | undefined;
    if (!isMap(node)) continue;
    for (const pair of node.items) {
      if (!isScalar(pair.key)) continue;
      const value = pair.value;
      const offset = pair.key.range?.[0] ?? 0;
      let detail: string | undefined;
      let version: number | undefined;
      if (isMap(value)) {
        if (kind === 'workflow') detail = scalar(value.get('pattern')) ?? 'graph';
        if (kind === 'agent') detail = agentSignature(scalar(value.get('input')), scalar(value.get('output')), roles.get(String(pair.key.value)));
        if (kind === 'contract') {
          const v = value.get('version');
          version = typeof v === 'number' ? v : undefined;
          detail = `v${version ?? '?'}`;
        }
      }
      const { line, column } = position(starts, offset);
      out.push({ kind, name: String(pair.key.value), offset, line, column, detail, version });
    }
  }
  return out;
}

/** A section's entries with only the given keys, as plain data (`reflect` as its map). */
function plainEntries(section: unknown, keys: readonly string[]): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  if (!isMap(section)) return out;
  for (const pair of section.items) {
    if (!isScalar(pair.key) || !isMap(pair.value)) continue;
    const entry: Record<string, unknown> = {};
    for (const k of keys) {
      const v = pair.value.get(k, true) as unknown;
      entry[k] = isMap(v) ? { critic: scalar(v.get('critic')) } : scalar(isScalar(v) ? v.value : undefined);
    }
    out[String(pair.key.value)] = entry;
  }
  return out;
}

function scalar(v: unknown): string | undefined {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function position(starts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, column: offset - starts[lo]! };
}

/** The 1-based range of an entry's name key, as diagnostics carry it. */
export function entryRange(file: string, e: OutlineEntry): { file: string; start: { line: number; column: number }; end: { line: number; column: number } } {
  return { file, start: { line: e.line + 1, column: e.column + 1 }, end: { line: e.line + 1, column: e.column + 1 + e.name.length } };
}

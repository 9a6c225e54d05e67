/**
 * The outline of a definition file (sections, their definitions, a workflow's steps) and
 * its folding ranges (every multi-line mapping entry or list, and runs of comment lines).
 */
import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { FileIndex } from './indexFile';
import { LineIndex, type Span } from './lineIndex';
import type { SymbolDef, SymbolKind } from './symbols';

export interface OutlineNode {
  readonly name: string;
  readonly detail: string;
  readonly kind: SymbolKind | 'section';
  readonly span: Span;
  readonly selection: Span;
  readonly children: OutlineNode[];
}

/** What an agent without `output` answers with, by the role the engine gives it (it supplies that contract). */
export type EngineRole = 'router' | 'planner' | 'critic';
const ROLE_OUTPUT: Record<EngineRole, string> = { router: 'route', planner: 'plan', critic: 'review' };

/**
 * An agent's signature as the Outline and the Workflows view show it: `Ticket → Triage`; no
 * input is `∅`; with no output, what the engine has it answer in the role this file gives it
 * (`Question → route` for a supervisor's router, `→ plan` for a planner, `→ review` for a
 * critic), or `no output` when the file gives it none.
 */
export function agentSignature(input: string | undefined, output: string | undefined, role?: EngineRole): string {
  return `${input ?? '∅'} → ${output ?? (role ? ROLE_OUTPUT[role] : 'no output')}`;
}

/** The engine roles a file's workflows and agents give its agents (plain data of the file). */
export function engineRoles(data: unknown): Map<string, EngineRole> {
  const roles = new Map<string, EngineRole>();
  const d = data && typeof data === 'object' ? (data as Record<string, unknown>) : {};
  const entries = (v: unknown): [string, Record<string, unknown>][] =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v as Record<string, unknown>).filter((e): e is [string, Record<string, unknown>] => !!e[1] && typeof e[1] === 'object') : [];
  for (const [, wf] of entries(d.workflows)) {
    if (typeof wf.supervisor === 'string') roles.set(wf.supervisor, 'router');
    if (typeof wf.planner === 'string') roles.set(wf.planner, 'planner');
  }
  for (const [, agent] of entries(d.agents)) {
    const reflect = agent.reflect as Record<string, unknown> | undefined;
    if (reflect && typeof reflect === 'object' && typeof reflect.critic === 'string' && !roles.has(reflect.critic)) roles.set(reflect.critic, 'critic');
  }
  return roles;
}

function signature(data: unknown, role?: EngineRole): string {
  if (!data || typeof data !== 'object') return '';
  const d = data as Record<string, unknown>;
  if (typeof d.version === 'number') return `v${d.version}`;
  if (typeof d.agent === 'string') return `agent ${d.agent}`;
  if (typeof d.workflow === 'string') return `workflow ${d.workflow}`;
  if (typeof d.input === 'string' || typeof d.output === 'string') return agentSignature(typeof d.input === 'string' ? d.input : undefined, typeof d.output === 'string' ? d.output : undefined, role);
  if (typeof d.model === 'string') return d.model;
  return '';
}

function within(inner: Span, outer: Span): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}

export function outline(idx: FileIndex): OutlineNode[] {
  const out: OutlineNode[] = [];
  const contents = idx.doc.contents;
  if (!isMap(contents)) return out;
  // The definitions by section and the steps by workflow, in file order, grouped once (not searched per entry).
  const bySection = new Map<string, SymbolDef[]>();
  const stepsOf = new Map<string, SymbolDef[]>();
  const roles = engineRoles(idx.data);
  for (const d of idx.defs) {
    const [groups, key] = d.kind === 'step' ? [stepsOf, d.workflow] : [bySection, `${d.kind}s`];
    if (key === undefined) continue;
    const list = groups.get(key);
    if (list) list.push(d);
    else groups.set(key, [d]);
  }
  for (const p of contents.items as Pair<Node, Node | null>[]) {
    if (!isScalar(p.key) || !p.key.range) continue;
    const section = String(p.key.value);
    const span = { start: p.key.range[0], end: p.value?.range?.[1] ?? p.key.range[1] };
    // Only the definitions inside this entry: a file with a section written twice (an
    // error) outlines each under its own section, never outside its parent's range.
    const defs = (bySection.get(section) ?? []).filter((d) => within(d.entry, span));
    if (defs.length === 0) continue;
    const sectionData = idx.data[section] as Record<string, unknown> | undefined;
    const children = defs.map((d): OutlineNode => {
      const data = sectionData?.[d.name];
      const steps = d.kind === 'workflow' ? (stepsOf.get(d.name) ?? []).filter((s) => within(s.entry, d.entry)) : [];
      const stepData = (data as { steps?: Record<string, unknown> } | undefined)?.steps;
      return {
        name: d.name, detail: signature(data, d.kind === 'agent' ? roles.get(d.name) : undefined), kind: d.kind, span: d.entry, selection: d.key,
        children: steps.map((s) => ({ name: s.name, detail: signature(stepData?.[s.name]), kind: 'step', span: s.entry, selection: s.key, children: [] })),
      };
    });
    out.push({ name: section, detail: `${defs.length}`, kind: 'section', span, selection: { start: p.key.range[0], end: p.key.range[1] }, children });
  }
  return out;
}

export interface Fold {
  readonly start: number;
  readonly end: number;
  readonly comment?: boolean;
}

export function foldingRanges(idx: FileIndex): Fold[] {
  const lines = new LineIndex(idx.text);
  const folds: Fold[] = [];
  const add = (from: number, to: number): void => {
    const a = lines.position(from).line;
    // A node's end sits at the start of the next line when it ends with a line break.
    const endPos = lines.position(to);
    const b = endPos.character === 0 && endPos.line > a ? endPos.line - 1 : endPos.line;
    if (b > a) folds.push({ start: a, end: b });
  };
  const walk = (n: unknown): void => {
    if (isMap(n)) {
      for (const p of n.items as Pair<Node, Node | null>[]) {
        if (p.key?.range && p.value?.range && (isMap(p.value) || isSeq(p.value) || (isScalar(p.value) && (p.value.type === 'BLOCK_LITERAL' || p.value.type === 'BLOCK_FOLDED')))) {
          add(p.key.range[0], p.value.range[1]);
        }
        walk(p.value);
      }
    } else if (isSeq(n)) {
      for (const item of n.items) walk(item);
    }
  };
  walk(idx.doc.contents);
  let runStart = -1;
  for (let l = 0; l <= lines.lineCount; l++) {
    const isComment = l < lines.lineCount && /^\s*#/.test(lines.lineText(l));
    if (isComment && runStart < 0) runStart = l;
    if (!isComment && runStart >= 0) {
      if (l - 1 > runStart) folds.push({ start: runStart, end: l - 1, comment: true });
      runStart = -1;
    }
  }
  return folds;
}

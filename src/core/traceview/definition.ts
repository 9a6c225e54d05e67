/**
 * What the panel reads from a definition file without the checker: a workflow's plan (the
 * steps, router or planner the graph shows before steps start), and where an agent,
 * step, contract or workflow is defined (for "Reveal in definition"). Uses `yaml`'s
 * parseDocument, which keeps source ranges.
 */
import { isMap, isScalar, parseDocument, type Node, type YAMLMap } from 'yaml';
import type { PlanStep } from './graph';

export type DefinitionKind = 'workflow' | 'step' | 'agent' | 'contract';

function child(map: unknown, key: string): { keyNode: Node; value: unknown } | undefined {
  if (!isMap(map)) return undefined;
  for (const pair of (map as YAMLMap).items) {
    if (isScalar(pair.key) && String(pair.key.value) === key) return { keyNode: pair.key, value: pair.value };
  }
  return undefined;
}

/** The offset range [start, end) of the key that defines the named item, or undefined. */
export function findDefinition(
  text: string,
  kind: DefinitionKind,
  name: string,
  workflow?: string,
): { start: number; end: number } | undefined {
  // A plain parse: duplicate keys are the checker's to report (yaml's check of them is quadratic).
  const doc = parseDocument(text, { keepSourceTokens: false, uniqueKeys: false });
  const root = doc.contents;
  let found: { keyNode: Node } | undefined;
  if (kind === 'agent') found = child(child(root, 'agents')?.value, name);
  else if (kind === 'contract') found = child(child(root, 'contracts')?.value, name);
  else if (kind === 'workflow') found = child(child(root, 'workflows')?.value, name);
  else {
    const workflows = child(root, 'workflows')?.value;
    const candidates = workflow ? [workflow] : isMap(workflows) ? (workflows as YAMLMap).items.map((p) => String(isScalar(p.key) ? p.key.value : '')) : [];
    for (const wf of candidates) {
      found = child(child(child(workflows, wf)?.value, 'steps')?.value, name);
      if (found) break;
    }
  }
  const range = found?.keyNode.range;
  return range ? { start: range[0], end: range[1] } : undefined;
}

const STEP_REF = /\$steps\.([A-Za-z_][\w-]*)/g;

function refsIn(value: unknown, out: Set<string>): void {
  if (typeof value === 'string') {
    for (const m of value.matchAll(STEP_REF)) out.add(m[1]!);
  } else if (Array.isArray(value)) {
    for (const v of value) refsIn(v, out);
  } else if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) refsIn(v, out);
  }
}

type DefinitionData = { agents?: Record<string, unknown>; workflows?: Record<string, unknown> } | null;

/** The file's plain data (a plain parse: duplicate keys are the checker's to report), or undefined when it does not parse. */
function definitionData(text: string): DefinitionData | undefined {
  try {
    return parseDocument(text, { uniqueKeys: false }).toJS() as DefinitionData;
  } catch {
    return undefined;
  }
}

/**
 * The plan the graph shows before steps start. A graph workflow: its steps with their
 * dependencies (`after` and `$steps.x` references). A supervisor: its router and its workers
 * (the graph draws each with an edge to and from the router). A plan workflow: its planner
 * and the workers it may use (the graph draws the planner only: the steps are the planner's
 * to decide). A worker is an agent unless this file defines a workflow and no agent of its
 * name (as the engine picks).
 */
export function planOf(text: string, workflow: string): PlanStep[] | undefined {
  const file = definitionData(text);
  return file === undefined ? undefined : planIn(file, workflow);
}

/**
 * The plan of every workflow of a file that has one (as `planOf` gives it), from one parse:
 * for callers that want several (the CodeLens above each workflow).
 */
export function plansOf(text: string): Map<string, PlanStep[]> {
  const plans = new Map<string, PlanStep[]>();
  const file = definitionData(text);
  const workflows = file?.workflows;
  if (!file || workflows === null || typeof workflows !== 'object') return plans;
  for (const name of Object.keys(workflows)) {
    const plan = planIn(file, name);
    if (plan) plans.set(name, plan);
  }
  return plans;
}

function planIn(file: DefinitionData, workflow: string): PlanStep[] | undefined {
  const wf = file?.workflows?.[workflow] as
    | {
        pattern?: string;
        steps?: Record<string, { agent?: unknown; after?: unknown; input?: unknown; when?: unknown }>;
        supervisor?: unknown;
        planner?: unknown;
        workers?: unknown;
      }
    | undefined;
  if (wf && (wf.pattern === 'supervisor' || wf.pattern === 'plan')) {
    const lead = wf.pattern === 'supervisor' ? wf.supervisor : wf.planner;
    if (typeof lead !== 'string') return undefined;
    const own = (o: unknown, name: string): boolean => o !== null && typeof o === 'object' && Object.hasOwn(o, name);
    const workers = [...new Set(Array.isArray(wf.workers) ? wf.workers.filter((w): w is string => typeof w === 'string') : [])];
    return [
      { name: lead, agent: lead, dependsOn: [], role: wf.pattern === 'supervisor' ? 'supervisor' : 'planner' },
      ...workers.map((name): PlanStep => ({
        name,
        ...(own(file?.workflows, name) && !own(file?.agents, name) ? {} : { agent: name }),
        dependsOn: [],
        role: 'worker',
      })),
    ];
  }
  if (!wf || (wf.pattern && wf.pattern !== 'graph') || !wf.steps || typeof wf.steps !== 'object') return undefined;
  return Object.entries(wf.steps).map(([name, step]) => {
    const deps = new Set<string>();
    if (Array.isArray(step?.after)) for (const a of step.after) if (typeof a === 'string') deps.add(a);
    refsIn(step?.input, deps);
    refsIn(step?.when, deps);
    deps.delete(name);
    return { name, ...(typeof step?.agent === 'string' ? { agent: step.agent } : {}), dependsOn: [...deps] };
  });
}

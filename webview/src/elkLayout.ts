/**
 * The workflow graph's layout with elkjs (layered, left to right): what is sent to elk and
 * what is kept of its answer. No DOM and no elk code (types only), so it runs in the layout
 * worker (layoutWorker.ts), on the main thread when no worker can start, and in unit tests.
 */
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';

export const NODE_W = 180;
export const NODE_H = 46;
/** A router's or planner's node: one more line, for its role. */
export const ROLE_H = 62;

/** What a layout depends on: the nodes (their ids and roles) and the edges, nothing else. */
export interface LayoutInput {
  readonly nodes: readonly { readonly id: string; readonly role?: 'supervisor' | 'planner' | undefined }[];
  readonly edges: readonly { readonly from: string; readonly to: string; readonly both?: boolean | undefined }[];
}

/** A layout: each node's top left corner, each edge's points, the size of the whole. */
export interface Laid {
  nodes: Map<string, { x: number; y: number }>;
  edges: { from: string; to: string; both: boolean; points: { x: number; y: number }[] }[];
  width: number;
  height: number;
}

/** Only what the layout needs of a graph (a small message to the worker, none of the states or labels). */
export function layoutInput(data: LayoutInput): LayoutInput {
  return {
    nodes: data.nodes.map((n) => (n.role ? { id: n.id, role: n.role } : { id: n.id })),
    edges: data.edges.map((e) => (e.both ? { from: e.from, to: e.to, both: true } : { from: e.from, to: e.to })),
  };
}

export function elkGraph(data: LayoutInput): ElkNode {
  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.spacing.nodeNode': '24',
      'elk.layered.spacing.nodeNodeBetweenLayers': '48',
      'elk.edgeRouting': 'ORTHOGONAL',
      // Every step with nothing before it in the first column: it starts with the run. (The
      // default layering moves such a step next to the step it feeds, as if it ran later.)
      'elk.layered.layering.strategy': 'LONGEST_PATH_SOURCE',
      // A supervisor's workers fan out from it in the order it first called them; on shared
      // orthogonal lines its arrowheads would pile up at one side of the router.
      ...(data.nodes.some((n) => n.role === 'supervisor')
        ? { 'elk.edgeRouting': 'POLYLINE', 'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES', 'elk.layered.crossingMinimization.forceNodeModelOrder': 'true' }
        : {}),
    },
    children: data.nodes.map((n) => ({ id: n.id, width: NODE_W, height: n.role ? ROLE_H : NODE_H })),
    edges: data.edges.map((e, i): ElkExtendedEdge => ({ id: `e${i}`, sources: [e.from], targets: [e.to] })),
  };
}

/** What is kept of elk's answer `res` for the graph `data`. */
export function laidOut(res: ElkNode, data: LayoutInput): Laid {
  const nodes = new Map<string, { x: number; y: number }>();
  for (const c of res.children ?? []) nodes.set(c.id, { x: c.x ?? 0, y: c.y ?? 0 });
  const edges = (res.edges ?? []).map((e, i) => {
    const s = e.sections?.[0];
    const points = s ? [s.startPoint, ...(s.bendPoints ?? [])].concat(s.endPoint).map((p) => ({ x: p.x, y: p.y })) : [];
    const d = data.edges[i]!;
    return { from: d.from, to: d.to, both: d.both === true, points };
  });
  return { nodes, edges, width: (res.width ?? 0) + 16, height: (res.height ?? 0) + 16 };
}

/** The messages between the panel and its layout worker. */
export type ToLayoutWorker = { id: number; input: LayoutInput };
export type FromLayoutWorker = { ready: true } | { id: number; laid: Laid } | { id: number; error: string };

/** The name under which layout-worker.js, loaded as a page script (no worker), leaves its layout function. */
export const MAIN_THREAD_LAYOUT = '__handoffElkLayout';
export type LayoutFn = (input: LayoutInput) => Promise<Laid>;

/**
 * The workflow graph: the steps laid out by elkjs (layered, left to right) and drawn as SVG
 * with createElementNS and text nodes only. Each node shows its live state; clicking a node
 * (or Enter on it) selects its span. A supervisor's router and a planner are taller, with
 * their role under the name; an edge along which work goes both ways (a supervisor and its
 * worker) has an arrowhead at each end.
 */
import ELK, { type ElkExtendedEdge, type ElkNode } from 'elkjs/lib/elk.bundled.js';
import { type GraphData, type GraphNode, buildGraph, formatDuration, STATE_LABEL } from './core';
import { type App, STATE_ICON } from './app';
import { h, label } from './dom';

const SVG = 'http://www.w3.org/2000/svg';
const NODE_W = 180;
const NODE_H = 46;
/** A router's or planner's node: one more line, for its role. */
const ROLE_H = 62;
const ROLE_TEXT: Record<NonNullable<GraphNode['role']>, string> = { supervisor: 'supervisor', planner: 'planner' };

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

interface Laid {
  nodes: Map<string, { x: number; y: number }>;
  edges: { from: string; to: string; both: boolean; points: { x: number; y: number }[] }[];
  width: number;
  height: number;
}

export class GraphView {
  readonly el = h('div', { class: 'graph', role: 'group', 'aria-label': 'Workflow graph' });
  private readonly elk = new ELK();
  private layoutKey = '';
  private laid: Laid | undefined;
  private pending = false;
  private data: GraphData = { nodes: [], edges: [] };

  constructor(private readonly app: App) {}

  render(): void {
    this.data = buildGraph(this.app.model, this.app.plan);
    const key = JSON.stringify([this.data.nodes.map((n) => n.id), this.data.edges]);
    if (key !== this.layoutKey && !this.pending) {
      this.pending = true;
      const wanted = key;
      void this.layout(this.data).then((laid) => {
        this.pending = false;
        this.laid = laid;
        this.layoutKey = wanted;
        this.draw();
        if (JSON.stringify([this.data.nodes.map((n) => n.id), this.data.edges]) !== wanted) this.render();
      }, (err: unknown) => {
        this.pending = false;
        this.el.replaceChildren(h('p', { class: 'empty' }, `The graph could not be laid out: ${String(err)}`));
      });
    }
    this.draw();
  }

  private async layout(data: GraphData): Promise<Laid> {
    const graph: ElkNode = {
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
    const res = await this.elk.layout(graph);
    const nodes = new Map<string, { x: number; y: number }>();
    for (const c of res.children ?? []) nodes.set(c.id, { x: c.x ?? 0, y: c.y ?? 0 });
    const edges = (res.edges ?? []).map((e, i) => {
      const s = e.sections?.[0];
      const points = s ? [s.startPoint, ...(s.bendPoints ?? []), s.endPoint] : [];
      const d = data.edges[i]!;
      return { from: d.from, to: d.to, both: d.both === true, points };
    });
    return { nodes, edges, width: (res.width ?? 0) + 16, height: (res.height ?? 0) + 16 };
  }

  private draw(): void {
    const laid = this.laid;
    if (this.data.nodes.length === 0) {
      this.el.replaceChildren(h('p', { class: 'empty' }, 'No steps yet. The graph shows a workflow\'s steps as they run.'));
      return;
    }
    if (!laid) return;
    const root = svg('svg', { width: laid.width, height: laid.height, viewBox: `-8 -8 ${laid.width} ${laid.height}`, role: 'list' });
    const defs = svg('defs');
    const marker = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
    marker.append(svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow' }));
    defs.append(marker);
    root.append(defs);
    for (const e of laid.edges) {
      if (e.points.length < 2) continue;
      const line = svg('polyline', { points: e.points.map((p) => `${p.x},${p.y}`).join(' '), class: 'edge', 'marker-end': 'url(#arrow)' });
      if (e.both) line.setAttribute('marker-start', 'url(#arrow)');
      root.append(line);
    }
    for (const drawn of this.data.nodes) {
      const pos = laid.nodes.get(drawn.id);
      if (!pos) continue;
      const n = { ...drawn, state: this.app.settled(drawn.state) };
      const g = svg('g', { class: `node st-${n.state}${n.spanId && n.spanId === this.app.ui.selected ? ' selected' : ''}`, transform: `translate(${pos.x},${pos.y})`, tabindex: 0, role: 'listitem' });
      const role = n.role ? ROLE_TEXT[n.role] : undefined;
      const height = role ? ROLE_H : NODE_H;
      g.setAttribute('aria-label', `${label(n.label)}${role ? ` (${role})` : ''}: ${STATE_LABEL[n.state]}`);
      const title = svg('title');
      const about = [role, n.agent ? `agent ${label(n.agent)}` : undefined].filter((x) => x !== undefined).join(', ');
      title.textContent = `${label(n.label, 300)} — ${STATE_LABEL[n.state]}${about ? ` (${about})` : ''}`;
      g.append(title);
      g.append(svg('rect', { width: NODE_W, height, rx: 4, class: 'node-box' }));
      g.append(svg('rect', { width: 4, height, class: 'node-stripe' }));
      const name = svg('text', { x: 12, y: 18, class: 'node-name' });
      name.textContent = short(n.label, 18);
      if (role) {
        const caption = svg('text', { x: 12, y: 34, class: 'node-sub', 'font-style': 'italic' });
        caption.textContent = role;
        g.append(caption);
      }
      const sub = svg('text', { x: 12, y: height - 10, class: 'node-sub' });
      sub.textContent = `${STATE_LABEL[n.state]}${n.durationMs !== undefined ? ` · ${formatDuration(n.durationMs)}` : ''}${n.runs > 1 ? ` · ×${n.runs}` : ''}`;
      const glyph = svg('text', { x: NODE_W - 22, y: 20, class: `node-glyph codicon-font` });
      glyph.textContent = GLYPH[STATE_ICON[n.state]] ?? '';
      g.append(name, sub, glyph);
      const pick = (): void => {
        if (n.spanId) this.app.select(n.spanId, { reveal: true });
      };
      g.addEventListener('click', pick);
      g.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          pick();
        }
      });
      root.append(g);
    }
    this.el.replaceChildren(root);
  }
}

/** A name cut to fit a node: inert, at most `n` characters, with an ellipsis. */
function short(s: string, n: number): string {
  const t = label(s, 200);
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
}

// Codicon code points for the state glyphs drawn inside SVG text.
const GLYPH: Record<string, string> = {
  'circle-large-outline': '\uebb5',
  loading: '\ueb19',
  pass: '\ueba4',
  wrench: '\ueb65',
  'debug-step-back': '\ueb8f',
  error: '\uea87',
  'debug-step-over': '\uead6',
  'circle-slash': '\ueabd',
  'debug-disconnect': '\uead0',
};

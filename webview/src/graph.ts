/**
 * The workflow graph: the steps laid out by elkjs (layered, left to right) and drawn as SVG
 * with createElementNS and text nodes only. Each node shows its live state; clicking a node
 * (or Enter or Space on it) selects its span and moves the focus to its row in the Trace tab.
 * The nodes are buttons in a list with one tab stop; the arrow keys move between them. A supervisor's router and a planner are taller, with
 * their role under the name; an edge along which work goes both ways (a supervisor and its
 * worker) has an arrowhead at each end.
 */
import ELK, { type ElkExtendedEdge, type ElkNode } from 'elkjs/lib/elk.bundled.js';
import { type GraphData, type GraphNode, buildGraph, formatDuration, STATE_LABEL } from './core';
import { graphNodeDescription, graphNodeName } from './a11y';
import { type App, STATE_ICON } from './app';
import { h, label } from './dom';
import { Relayout, sameLayout } from './relayout';
import { nearestInDirection } from './spatial';

const SVG = 'http://www.w3.org/2000/svg';
const NODE_W = 180;
const NODE_H = 46;
/** A router's or planner's node: one more line, for its role. */
const ROLE_H = 62;
const ROLE_TEXT: Record<NonNullable<GraphNode['role']>, string> = { supervisor: 'supervisor', planner: 'planner' };

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}, ...children: Node[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  el.append(...children);
  return el;
}

/** The elements of one drawn node, and its centre (for the arrow keys). */
interface NodeView {
  g: SVGGElement;
  title: SVGTitleElement;
  desc: SVGDescElement;
  name: SVGTextElement;
  sub: SVGTextElement;
  glyph: SVGTextElement;
  x: number;
  y: number;
}

let views = 0;

interface Laid {
  nodes: Map<string, { x: number; y: number }>;
  edges: { from: string; to: string; both: boolean; points: { x: number; y: number }[] }[];
  width: number;
  height: number;
}

export class GraphView {
  readonly el = h('div', { class: 'graph', role: 'group', 'aria-label': 'Workflow graph' });
  private readonly elk = new ELK();
  private laid: Laid | undefined;
  private data: GraphData = { nodes: [], edges: [] };
  /** Lays the graph out again only when its nodes or edges changed, one layout at a time, the latest graph winning. */
  private readonly relayout = new Relayout<GraphData, Laid>(
    {
      layout: (data) => this.layout(data),
      done: (laid) => (this.laid = laid),
      failed: (err) => this.el.replaceChildren(h('p', { class: 'empty' }, `The graph could not be laid out: ${String(err)}`)),
      // The app draws the graph (and so asks for its layout) only while the Graph tab is shown.
      again: () => this.app.render(),
    },
    sameLayout,
  );
  /** The SVG drawn for the current layout, with each node's elements. */
  private drawn: { laid: Laid; nodes: Map<string, NodeView> } | undefined;
  /** The node that is the graph's one tab stop (the last one focused), by id. */
  private active: string | undefined;
  private readonly uid = ++views;

  constructor(private readonly app: App & { render(): void }) {}

  /** Draws the graph (called only while its tab is shown); laid out again when its steps or edges changed. */
  render(): void {
    this.data = buildGraph(this.app.model, this.app.plan);
    this.relayout.want(this.data);
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

  /**
   * Draws the laid-out graph. The SVG is rebuilt only when the layout changes (a step
   * appears); otherwise each node is updated in place, so a live run's redraws (four a second)
   * keep the focused node and its focus ring, and a screen reader has nothing to re-read.
   */
  private draw(): void {
    const laid = this.laid;
    if (this.data.nodes.length === 0) {
      this.el.replaceChildren(h('p', { class: 'empty' }, 'No steps yet. The graph shows a workflow\'s steps as they run.'));
      this.drawn = undefined;
      return;
    }
    if (!laid) return;
    if (!this.drawn || this.drawn.laid !== laid) this.build(laid);
    const drawn = this.drawn!;
    const labels = new Map(this.data.nodes.map((n) => [n.id, label(n.label)]));
    const selected = this.app.ui.selected;
    let tabStop = drawn.nodes.has(this.active ?? '') ? this.active : undefined;
    for (const n of this.data.nodes) {
      const view = drawn.nodes.get(n.id);
      if (!view) continue;
      this.fill(view, { ...n, state: this.app.settled(n.state) }, labels, n.spanId !== undefined && n.spanId === selected);
      if (tabStop === undefined && n.spanId !== undefined && n.spanId === selected) tabStop = n.id;
    }
    tabStop ??= this.data.nodes.find((n) => drawn.nodes.has(n.id))?.id;
    for (const [id, view] of drawn.nodes) view.g.setAttribute('tabindex', id === tabStop ? '0' : '-1');
  }

  /** The SVG of a layout: edges, and a button per node (filled in by `fill`). */
  private build(laid: Laid): void {
    const focusedId = this.focusedId();
    const root = svg('svg', {
      width: laid.width,
      height: laid.height,
      viewBox: `-8 -8 ${laid.width} ${laid.height}`,
      role: 'list',
      'aria-label': 'Workflow steps: arrow keys move between steps, Enter shows a step\'s span',
    });
    const defs = svg('defs');
    const marker = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
    marker.append(svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow' }));
    defs.append(marker);
    root.append(defs);
    // The edges are drawn for the eye; each node's description says them in words.
    const edges = svg('g', { 'aria-hidden': 'true' });
    for (const e of laid.edges) {
      if (e.points.length < 2) continue;
      const line = svg('polyline', { points: e.points.map((p) => `${p.x},${p.y}`).join(' '), class: 'edge', 'marker-end': 'url(#arrow)' });
      if (e.both) line.setAttribute('marker-start', 'url(#arrow)');
      edges.append(line);
    }
    root.append(edges);
    const nodes = new Map<string, NodeView>();
    let seq = 0;
    for (const n of this.data.nodes) {
      const pos = laid.nodes.get(n.id);
      if (!pos) continue;
      const height = n.role ? ROLE_H : NODE_H;
      const g = svg('g', { class: 'node', transform: `translate(${pos.x},${pos.y})`, role: 'button', tabindex: -1 });
      const descId = `node-desc-${this.uid}-${seq++}`;
      g.setAttribute('aria-describedby', descId);
      const title = svg('title');
      const desc = svg('desc', { id: descId });
      const ring = svg('rect', { x: -4, y: -4, width: NODE_W + 8, height: height + 8, rx: 7, class: 'node-ring' });
      const name = svg('text', { x: 12, y: 18, class: 'node-name' });
      const sub = svg('text', { x: 12, y: height - 10, class: 'node-sub' });
      const glyph = svg('text', { x: NODE_W - 22, y: 20, class: 'node-glyph codicon-font' });
      g.append(title, desc, ring, svg('rect', { width: NODE_W, height, rx: 4, class: 'node-box' }), svg('rect', { width: 4, height, class: 'node-stripe' }));
      if (n.role) {
        const caption = svg('text', { x: 12, y: 34, class: 'node-sub', 'font-style': 'italic' });
        caption.textContent = ROLE_TEXT[n.role];
        g.append(caption);
      }
      g.append(name, sub, glyph);
      g.dataset['id'] = n.id;
      nodes.set(n.id, { g, title, desc, name, sub, glyph, x: pos.x + NODE_W / 2, y: pos.y + height / 2 });
      root.append(svg('g', { role: 'listitem' }, g));
    }
    root.addEventListener('click', (e) => {
      const g = (e.target as Element).closest<SVGGElement>('.node');
      if (g) this.pick(g.dataset['id']!);
    });
    root.addEventListener('keydown', (e) => this.onKey(e));
    root.addEventListener('focusin', (e) => {
      const id = (e.target as Element).closest<SVGGElement>('.node')?.dataset['id'];
      if (id !== undefined) this.active = id;
    });
    this.drawn = { laid, nodes };
    this.el.replaceChildren(root);
    // A node that had the focus before the graph changed keeps it.
    if (focusedId !== undefined) nodes.get(focusedId)?.g.focus();
  }

  /** A node's state, texts, name and description. */
  private fill(view: NodeView, n: GraphNode, labels: ReadonlyMap<string, string>, selected: boolean): void {
    const role = n.role ? ROLE_TEXT[n.role] : undefined;
    const set = (el: Element, attr: string, value: string): void => {
      if (el.getAttribute(attr) !== value) el.setAttribute(attr, value);
    };
    const text = (el: Element, value: string): void => {
      if (el.textContent !== value) el.textContent = value;
    };
    set(view.g, 'class', `node st-${n.state}${selected ? ' selected' : ''}`);
    set(view.g, 'aria-label', graphNodeName(label(n.label), role, n.state));
    if (selected) set(view.g, 'aria-current', 'true');
    else view.g.removeAttribute('aria-current');
    if (n.spanId === undefined) set(view.g, 'aria-disabled', 'true');
    else view.g.removeAttribute('aria-disabled');
    text(view.desc, graphNodeDescription(n.id, this.data, labels, { durationMs: n.durationMs, runs: n.runs, pickable: n.spanId !== undefined }));
    const about = [role, n.agent ? `agent ${label(n.agent)}` : undefined].filter((x) => x !== undefined).join(', ');
    text(view.title, `${label(n.label, 300)} — ${STATE_LABEL[n.state]}${about ? ` (${about})` : ''}`);
    text(view.name, short(n.label, 18));
    text(view.sub, `${STATE_LABEL[n.state]}${n.durationMs !== undefined ? ` · ${formatDuration(n.durationMs)}` : ''}${n.runs > 1 ? ` · ×${n.runs}` : ''}`);
    text(view.glyph, GLYPH[STATE_ICON[n.state]] ?? '');
  }

  private focusedId(): string | undefined {
    const a = document.activeElement;
    return document.hasFocus() && a instanceof SVGGElement && this.el.contains(a) ? a.dataset['id'] : undefined;
  }

  /** Shows a node's span in the Trace tab, with the focus on its row. */
  private pick(id: string): void {
    const spanId = this.data.nodes.find((n) => n.id === id)?.spanId;
    if (spanId) this.app.select(spanId, { reveal: true, focusTree: true });
  }

  /** Enter or Space shows the node's span; the arrows go to the nearest node that way, Home and End to the first and last. */
  private onKey(e: KeyboardEvent): void {
    const id = (e.target as Element).closest<SVGGElement>('.node')?.dataset['id'];
    const drawn = this.drawn;
    if (id === undefined || !drawn) return;
    let next: string | undefined;
    switch (e.key) {
      case 'Enter':
      case ' ':
        e.preventDefault();
        this.pick(id);
        return;
      case 'ArrowRight': case 'ArrowLeft': case 'ArrowUp': case 'ArrowDown': {
        const points = [...drawn.nodes].map(([key, v]) => ({ id: key, x: v.x, y: v.y }));
        next = nearestInDirection(points, id, e.key);
        break;
      }
      case 'Home': next = drawn.nodes.keys().next().value; break;
      case 'End': next = [...drawn.nodes.keys()].pop(); break;
      default: return;
    }
    e.preventDefault();
    if (next === undefined || next === id) return;
    for (const [key, v] of drawn.nodes) v.g.setAttribute('tabindex', key === next ? '0' : '-1');
    this.active = next;
    drawn.nodes.get(next)?.g.focus();
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

/**
 * The workflow graph: the steps laid out by elkjs (layered, left to right; in a Web Worker,
 * see layoutClient.ts) and drawn as SVG with createElementNS and text nodes only. While a
 * layout runs the graph shows the previous one (the first time, "Laying out the graph…"). Each node shows its live state; clicking a node
 * (or Enter or Space on it) selects its span and moves the focus to its row in the Trace tab.
 * The nodes are buttons in a list with one tab stop; the arrow keys move between them. A supervisor's router and a planner are taller, with
 * their role under the name; an edge along which work goes both ways (a supervisor and its
 * worker) has an arrowhead at each end.
 */
import { type GraphData, type GraphNode, buildGraph, formatDuration, STATE_LABEL } from './core';
import { graphNodeDescription, graphNodeName } from './a11y';
import { type App, STATE_ICON } from './app';
import { h, label } from './dom';
import { type Laid, NODE_H, NODE_W, ROLE_H, layoutInput } from './elkLayout';
import { LayoutClient } from './layoutClient';
import { browserEnv } from './layoutEnv';
import { Relayout, sameLayout } from './relayout';
import { nearestInDirection } from './spatial';

const SVG = 'http://www.w3.org/2000/svg';
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
  /** Its list item in the SVG. */
  item: SVGGElement;
  role: GraphNode['role'];
  title: SVGTitleElement;
  desc: SVGDescElement;
  name: SVGTextElement;
  sub: SVGTextElement;
  glyph: SVGTextElement;
  x: number;
  y: number;
}

let views = 0;

export class GraphView {
  readonly el = h('div', { class: 'graph', role: 'group', 'aria-label': 'Workflow graph' });
  /** Lays graphs out in a worker (started on the first layout), or on this thread if none starts. */
  private layouts: LayoutClient | undefined;
  private laid: Laid | undefined;
  /** Why the last layout failed (shown while there is no layout to draw). */
  private failure: string | undefined;
  private data: GraphData = { nodes: [], edges: [] };
  /** Lays the graph out again only when its nodes or edges changed, one layout at a time, the latest graph winning. */
  private readonly relayout = new Relayout<GraphData, Laid>(
    {
      layout: (data) => this.layout(data),
      done: (laid) => {
        this.laid = laid;
        this.failure = undefined;
        // Where the layout ran (`worker`, or `main` after a fallback): for tests and bug reports.
        if (this.layouts) this.el.dataset['layout'] = this.layouts.where;
      },
      failed: (err) => {
        this.failure = `The graph could not be laid out: ${err instanceof Error ? err.message : String(err)}`;
        this.el.replaceChildren(h('p', { class: 'empty' }, this.failure));
      },
      // The app draws the graph (and so asks for its layout) only while the Graph tab is shown.
      again: () => this.app.render(),
    },
    sameLayout,
  );
  /** The SVG drawn for the current layout, with each node's elements. */
  private drawn: { laid: Laid; root: SVGSVGElement; edges: SVGGElement; nodes: Map<string, NodeView> } | undefined;
  /** The number of nodes made (for their descriptions' ids). */
  private seq = 0;
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

  private layout(data: GraphData): Promise<Laid> {
    this.layouts ??= new LayoutClient(document.body.dataset['layoutWorker'], browserEnv);
    return this.layouts.layout(layoutInput(data));
  }

  /**
   * Draws the laid-out graph. The SVG changes only when the layout changes (a step
   * appears: see `build`); otherwise each node is updated in place, so a live run's redraws (four a second)
   * keep the focused node and its focus ring, and a screen reader has nothing to re-read.
   */
  private draw(): void {
    const laid = this.laid;
    if (this.data.nodes.length === 0) {
      this.el.replaceChildren(h('p', { class: 'empty' }, 'No steps yet. The graph shows a workflow\'s steps as they run.'));
      this.drawn = undefined;
      return;
    }
    if (!laid) {
      // The first layout runs (or failed): the message stays until there is a graph to draw.
      const text = this.failure ?? 'Laying out the graph…';
      if (this.el.textContent !== text) {
        this.el.replaceChildren(h('p', { class: 'empty' }, text));
        this.drawn = undefined;
      }
      return;
    }
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

  /**
   * The SVG of a layout: edges, and a button per node (filled in by `fill`). The nodes of the
   * layout before are kept (moved if they moved) and only the new ones made: a live run's next
   * layout changes a few nodes of a thousand, and the panel restyles only those.
   */
  private build(laid: Laid): void {
    const focusedId = this.focusedId();
    const prev = this.drawn?.root.parentNode === this.el ? this.drawn : undefined;
    const root = prev?.root ?? this.newRoot();
    const edges = prev?.edges ?? root.appendChild(svg('g', { 'aria-hidden': 'true' }));
    root.setAttribute('width', String(laid.width));
    root.setAttribute('height', String(laid.height));
    root.setAttribute('viewBox', `-8 -8 ${laid.width} ${laid.height}`);
    // The edges are drawn for the eye; each node's description says them in words.
    const lines: SVGPolylineElement[] = [];
    for (const e of laid.edges) {
      if (e.points.length < 2) continue;
      const line = svg('polyline', { points: e.points.map((p) => `${p.x},${p.y}`).join(' '), class: 'edge', 'marker-end': 'url(#arrow)' });
      if (e.both) line.setAttribute('marker-start', 'url(#arrow)');
      lines.push(line);
    }
    edges.replaceChildren(...lines);
    const nodes = new Map<string, NodeView>();
    // The list items in the order of the steps, after the edges.
    let cursor: Element = edges;
    for (const n of this.data.nodes) {
      const pos = laid.nodes.get(n.id);
      if (!pos) continue;
      const old = prev?.nodes.get(n.id);
      const view = old && old.role === n.role ? old : this.newNode(n);
      if (view === old) prev!.nodes.delete(n.id);
      const transform = `translate(${pos.x},${pos.y})`;
      if (view.g.getAttribute('transform') !== transform) view.g.setAttribute('transform', transform);
      view.x = pos.x + NODE_W / 2;
      view.y = pos.y + (n.role ? ROLE_H : NODE_H) / 2;
      if (cursor.nextElementSibling !== view.item) root.insertBefore(view.item, cursor.nextElementSibling);
      cursor = view.item;
      nodes.set(n.id, view);
    }
    // The nodes no longer in the graph.
    for (const view of prev?.nodes.values() ?? []) view.item.remove();
    this.drawn = { laid, root, edges, nodes };
    if (!prev) this.el.replaceChildren(root);
    // A node that had the focus before the graph changed keeps it.
    const focus = focusedId !== undefined ? nodes.get(focusedId)?.g : undefined;
    if (focus && document.activeElement !== focus) focus.focus();
  }

  /** The graph's SVG, with the arrowhead and the handlers of its nodes. */
  private newRoot(): SVGSVGElement {
    const root = svg('svg', { role: 'list', 'aria-label': 'Workflow steps: arrow keys move between steps, Enter shows a step\'s span' });
    const marker = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
    marker.append(svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow' }));
    root.append(svg('defs', {}, marker));
    root.addEventListener('click', (e) => {
      const g = (e.target as Element).closest<SVGGElement>('.node');
      if (g) this.pick(g.dataset['id']!);
    });
    root.addEventListener('keydown', (e) => this.onKey(e));
    root.addEventListener('focusin', (e) => {
      const id = (e.target as Element).closest<SVGGElement>('.node')?.dataset['id'];
      if (id !== undefined) this.active = id;
    });
    return root;
  }

  /** A node's button (placed by `build`, filled in by `fill`). */
  private newNode(n: GraphNode): NodeView {
    const height = n.role ? ROLE_H : NODE_H;
    const g = svg('g', { class: 'node', role: 'button', tabindex: -1 });
    const descId = `node-desc-${this.uid}-${this.seq++}`;
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
    return { g, item: svg('g', { role: 'listitem' }, g), role: n.role, title, desc, name, sub, glyph, x: 0, y: 0 };
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
